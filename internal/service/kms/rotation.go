package kms

import (
	"context"
	"fmt"
	"time"

	"github.com/amityhq/amity/internal/api/kmsapi"
	"github.com/amityhq/amity/internal/authz"
	"github.com/amityhq/amity/internal/service/kms/keyring"
	"github.com/amityhq/amity/internal/store"
)

// defaultRotationDays is the rotation period when none is given, and AWS
// managed keys' (every year).
const defaultRotationDays = 365

// EnableKeyRotation turns on automatic rotation every RotationPeriodInDays
// (default 365) from now, by the service's clock.
func (s *Service) EnableKeyRotation(ctx context.Context, in *kmsapi.EnableKeyRotationInput) (*kmsapi.EnableKeyRotationOutput, error) {
	period := int32(defaultRotationDays)
	if in.RotationPeriodInDays != nil {
		period = *in.RotationPeriodInDays
	}
	cond := map[string][]string{condRotationPeriodInDays: intValue(period)}
	return nil, s.changeKey(ctx, deref(in.KeyId), "kms:EnableKeyRotation", cond, func(rec *keyRecord) error {
		if err := checkState(rec, s.now, enabledOnly); err != nil {
			return err
		}
		if err := checkRotatable(rec, "EnableKeyRotation"); err != nil {
			return err
		}
		rec.Rotation = rotationFrom(s.now().UTC(), period)
		return nil
	})
}

// DisableKeyRotation turns automatic rotation off.
func (s *Service) DisableKeyRotation(ctx context.Context, in *kmsapi.DisableKeyRotationInput) (*kmsapi.DisableKeyRotationOutput, error) {
	return nil, s.changeKey(ctx, deref(in.KeyId), "kms:DisableKeyRotation", nil, func(rec *keyRecord) error {
		if err := checkState(rec, s.now, enabledOnly); err != nil {
			return err
		}
		if err := checkRotatable(rec, "DisableKeyRotation"); err != nil {
			return err
		}
		rec.Rotation = rotation{}
		return nil
	})
}

// GetKeyRotationStatus reports whether automatic rotation is on, its
// period and the next rotation date.
func (s *Service) GetKeyRotationStatus(ctx context.Context, in *kmsapi.GetKeyRotationStatusInput) (*kmsapi.GetKeyRotationStatusOutput, error) {
	req := authz.FromContext(ctx)
	key, _, err := s.resolve(ctx, req, deref(in.KeyId), crossAccount)
	if err != nil {
		return nil, err
	}
	if _, err := s.authorizeKey(ctx, req, key, &access{action: "kms:GetKeyRotationStatus"}); err != nil {
		return nil, err
	}
	r := key.rec.Rotation
	out := &kmsapi.GetKeyRotationStatusOutput{KeyId: &key.arn, KeyRotationEnabled: new(r.Enabled)}
	if r.Enabled {
		out.RotationPeriodInDays = new(r.PeriodDays)
		out.NextRotationDate = new(r.Next)
	}
	return out, nil
}

// maxOnDemandRotations is KMS's quota of on-demand rotations of a key
// [KMS Developer Guide, quotas: "On-demand rotation"; 25 since 2025, 10
// before].
const maxOnDemandRotations = 25

// RotateKeyOnDemand adds a key version now; the automatic schedule is not
// changed. Ciphertexts made before keep decrypting.
func (s *Service) RotateKeyOnDemand(ctx context.Context, in *kmsapi.RotateKeyOnDemandInput) (*kmsapi.RotateKeyOnDemandOutput, error) {
	var arn string
	err := s.changeKey(ctx, deref(in.KeyId), "kms:RotateKeyOnDemand", nil, func(rec *keyRecord) error {
		if err := checkState(rec, s.now, enabledOnly); err != nil {
			return err
		}
		arn = rec.ref().ARN()
		if err := checkRotatable(rec, "RotateKeyOnDemand"); err != nil {
			return err
		}
		if rec.Manager == managerAWS {
			return awsManagedNotRotatable(arn)
		}
		onDemand := 0
		for _, r := range rec.Rotations {
			if r.Type == kmsapi.RotationTypeOnDemand {
				onDemand++
			}
		}
		if onDemand >= maxOnDemandRotations {
			return onDemandLimit(arn)
		}
		if rec.Imported != nil {
			if err := rotateImported(rec); err != nil {
				return err
			}
			rec.Rotations = append(rec.Rotations, rotationEntry{Date: s.now().UTC(), Type: kmsapi.RotationTypeOnDemand})
			return nil
		}
		return s.addVersion(rec, kmsapi.RotationTypeOnDemand)
	})
	if err != nil {
		return nil, err
	}
	return &kmsapi.RotateKeyOnDemandOutput{KeyId: &arn}, nil
}

// checkRotatable refuses rotation of keys other than symmetric encryption
// keys, and of multi-Region replicas, which rotate with their primary.
func checkRotatable(rec *keyRecord, operation string) error {
	switch {
	case rec.spec() != kmsapi.KeySpecSymmetricDefault:
		return notRotatable(rec.ref().ARN(), rec.spec(), operation)
	case rec.isReplica() && operation != "ListKeyRotations":
		return notPrimary(rec.ref().ARN(), operation)
	case rec.Imported != nil && operation == "EnableKeyRotation":
		// Imported material rotates on demand only.
		return notRotatable(rec.ref().ARN(), "imported", operation)
	}
	return nil
}

// addVersion gives rec a new key version, which Encrypt then uses, made
// by a rotation of type how (AUTOMATIC or ON_DEMAND).
func (s *Service) addVersion(rec *keyRecord, how string) error {
	sv, err := keyring.NewVersion(s.sealer, s.rand, rec.ref(), uint32(len(rec.Material)+1))
	if err != nil {
		return err
	}
	rec.Material = append(rec.Material, sv)
	rec.Rotations = append(rec.Rotations, rotationEntry{Date: s.now().UTC(), Type: how})
	return nil
}

// rotateDue performs the automatic rotations of a key that have come due
// by the service's clock — of its primary key, for a multi-Region replica
// — and returns the key as it then is. It is the one write a
// cryptographic request can cause, once per period.
func (s *Service) rotateDue(ctx context.Context, ref keyring.Ref) (*keyEntry, error) {
	now := s.now()
	err := s.update(ctx, func(tx store.Tx, c *changes) error {
		rec, ok, err := getKey(tx, ref)
		if err == nil && ok && rec.isReplica() {
			rec, ok, err = getKey(tx, keyRefOf(rec.Account, rec.MultiRegion.Primary, rec.ID))
		}
		if err != nil || !ok {
			return err
		}
		r := &rec.Rotation
		if !r.Enabled || now.Before(r.Next) {
			return nil // rotated meanwhile
		}
		if err := s.addVersion(rec, kmsapi.RotationTypeAutomatic); err != nil {
			return err
		}
		for !now.Before(r.Next) {
			r.Next = r.Next.Add(days(r.PeriodDays))
		}
		c.key(rec)
		if err := putKey(tx, rec); err != nil {
			return err
		}
		if rec.MultiRegion != nil {
			return s.syncReplicas(tx, c, rec)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	key, ok, err := s.key(ctx, ref)
	if err == nil && !ok {
		err = keyNotFound(ref.ARN())
	}
	return key, err
}

// rotationFrom is the schedule of a key whose automatic rotation starts
// at t.
func rotationFrom(t time.Time, period int32) rotation {
	return rotation{Enabled: true, PeriodDays: period, Next: t.Add(days(period))}
}

// ListKeyRotations lists the rotations of a symmetric encryption key, by
// version: with IncludeKeyMaterial ALL_KEY_MATERIAL the first key
// material too.
func (s *Service) ListKeyRotations(ctx context.Context, in *kmsapi.ListKeyRotationsInput) (*kmsapi.ListKeyRotationsOutput, error) {
	req := authz.FromContext(ctx)
	key, _, err := s.resolve(ctx, req, deref(in.KeyId), 0)
	if err != nil {
		return nil, err
	}
	if _, err := s.authorizeKey(ctx, req, key, &access{action: "kms:ListKeyRotations"}); err != nil {
		return nil, err
	}
	if err := checkRotatable(key.rec, "ListKeyRotations"); err != nil {
		return nil, err
	}
	pg, err := newListing(in.Limit, in.Marker, 100, 1000)
	if err != nil {
		return nil, err
	}
	first := 2
	if deref(in.IncludeKeyMaterial) == kmsapi.IncludeKeyMaterialAllKeyMaterial {
		first = 1
	}
	var versions []int
	for v := first; v <= len(key.rec.Material); v++ {
		versions = append(versions, v)
	}
	if im := key.rec.Imported; first == 1 && im != nil && im.Pending != nil {
		versions = append(versions, len(key.rec.Material)+1) // the material pending rotation
	}
	listed, next, truncated := pageOf(versions, pg, func(v int) string { return fmt.Sprintf("%010d", v) })
	out := &kmsapi.ListKeyRotationsOutput{Rotations: []kmsapi.RotationsListEntry{}, NextMarker: next, Truncated: truncated}
	for _, v := range listed {
		out.Rotations = append(out.Rotations, s.rotationListEntry(key, v))
	}
	return out, nil
}

// rotationListEntry describes version v of a key's material (one past
// the newest: imported material pending rotation).
func (s *Service) rotationListEntry(key *keyEntry, v int) kmsapi.RotationsListEntry {
	rec := key.rec
	state := kmsapi.KeyMaterialStateNonCurrent
	switch {
	case v > len(rec.Material):
		state = kmsapi.KeyMaterialStatePendingRotation
	case v == len(rec.Material):
		state = kmsapi.KeyMaterialStateCurrent
	}
	e := kmsapi.RotationsListEntry{KeyId: &key.arn, KeyMaterialState: &state}
	if i := v - 2; i >= 0 && i < len(rec.Rotations) {
		r := rec.Rotations[i]
		e.RotationDate, e.RotationType = &r.Date, &r.Type
	}
	im := rec.Imported
	if im == nil {
		e.KeyMaterialId = new(rec.materialID(uint32(v)))
		return e
	}
	var iv importedVersion
	imported := true // pending material is imported, waiting for rotation
	if v <= len(rec.Material) {
		iv, imported = im.Versions[v-1], rec.materialUsable(uint32(v), s.now())
	} else {
		iv = im.Pending.Version
	}
	e.KeyMaterialId, e.ExpirationModel = new(iv.ID), new(iv.expirationModel())
	e.ImportState = new(kmsapi.ImportStatePendingImport)
	if imported {
		e.ImportState = new(kmsapi.ImportStateImported)
	}
	if iv.Description != "" {
		e.KeyMaterialDescription = new(iv.Description)
	}
	if iv.Expires {
		e.ValidTo = new(iv.ValidTo)
	}
	return e
}
