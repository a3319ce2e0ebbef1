package kms

import (
	"time"

	"github.com/amityhq/amity/internal/api/kmsapi"
)

// states are the key states an operation accepts (the KMS guide's "Key
// states of KMS keys" table, for the states amity models).
type states uint8

const (
	// enabledOnly: operations that use the key material or hand it out
	// (cryptographic operations, CreateGrant, rotation).
	enabledOnly states = iota
	// notPendingDeletion: management operations, refused once deletion is
	// scheduled.
	notPendingDeletion
	// anyState: reading metadata, and undoing (CancelKeyDeletion,
	// RevokeGrant, RetireGrant).
	anyState
)

// checkState fails with AWS's exception when a key in rec's state cannot
// serve an operation accepting allowed. A key pending import serves what a
// disabled key serves, but for its own exception. now is the Service's
// clock, read only for keys whose state depends on the time (imported
// material expires): the symmetric hot path reads no clock.
func checkState(rec *keyRecord, now func() time.Time, allowed states) error {
	state := rec.State
	if rec.Imported != nil || state == statePendingReplicaDeletion {
		state = rec.state(now())
	}
	switch {
	case state == stateDisabled && allowed == enabledOnly:
		return disabled(rec.ref().ARN())
	case state == statePendingImport && allowed == enabledOnly:
		return pendingImport(rec.ref().ARN())
	case state == statePendingDeletion && allowed != anyState:
		return pendingDeletion(rec.ref().ARN())
	case state == statePendingReplicaDeletion && allowed != anyState:
		return pendingReplicaDeletion(rec.ref().ARN())
	}
	return nil
}

// dryRun is the answer to a DryRun request that would have succeeded.
// UNVERIFIED text: KMS's model describes the exception only.
func dryRun(flag *bool) error {
	if deref(flag) {
		return kmsapi.DryRunOperationException("The request would have succeeded, but the DryRun option is set.")
	}
	return nil
}
