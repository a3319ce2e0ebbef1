package kms

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"slices"
	"time"

	"github.com/amityhq/amity/internal/api/kmsapi"
	"github.com/amityhq/amity/internal/service/kms/keyring"
	"github.com/amityhq/amity/internal/store"
)

// Tables. Keys and aliases are keyed ACCOUNT/REGION/..., grants under their
// key, so that a key's grants and an account's aliases are one Scan.
const (
	keysTable     = "kms.keys"          // ACCOUNT/REGION/KEY-ID → keyRecord
	aliasesTable  = "kms.aliases"       // ACCOUNT/REGION/alias/NAME → aliasRecord
	grantsTable   = "kms.grants"        // ACCOUNT/REGION/KEY-ID/GRANT-ID → grantRecord
	retiringTable = "kms.grants.retire" // REGION/PRINCIPAL\x00ACCOUNT/KEY-ID/GRANT-ID → ""
)

// Key states, as KeyMetadata.KeyState names them. PendingImport is never
// stored: it is the state of a key of Origin EXTERNAL whose current key
// material is absent (never imported, deleted, or expired).
const (
	stateEnabled         = "Enabled"
	stateDisabled        = "Disabled"
	statePendingDeletion = "PendingDeletion"
	statePendingImport   = "PendingImport"
	// A multi-Region primary key scheduled for deletion waits in
	// PendingReplicaDeletion until its replicas are deleted; its own
	// waiting period starts then.
	statePendingReplicaDeletion = "PendingReplicaDeletion"
)

// Key managers, as KeyMetadata.KeyManager names them.
const (
	managerCustomer = "CUSTOMER"
	managerAWS      = "AWS"
)

// keyRecord is a KMS key as stored. Material holds its key versions sealed
// by the store's master key (version i+1 at index i); nothing else about the
// key is secret.
type keyRecord struct {
	Account       string    `json:"account,omitempty"` // empty: its store key's (keystored.go)
	Region        string    `json:"region,omitempty"`
	ID            string    `json:"id,omitempty"`
	Created       time.Time `json:"created"`
	Description   string    `json:"description,omitempty"`
	Manager       string    `json:"manager"`
	State         string    `json:"state"`
	DeletionDate  time.Time `json:"deletionDate,omitzero"`
	PendingWindow int32     `json:"pendingWindow,omitempty"`
	Policy        string    `json:"policy,omitempty"`  // empty: the default key policy (keystored.go)
	Tags          []tag     `json:"tags,omitempty"`    // sorted by key
	Aliases       []string  `json:"aliases,omitempty"` // alias names, sorted
	Rotation      rotation  `json:"rotation,omitzero"`
	Material      [][]byte  `json:"material"`
	// Spec, Usage and Origin are the key's KeySpec, KeyUsage and Origin;
	// records made before amity had other keys leave them empty.
	Spec   string `json:"spec,omitempty"`
	Usage  string `json:"usage,omitempty"`
	Origin string `json:"origin,omitempty"`
	// Imported is set on keys of Origin EXTERNAL: their imported material.
	Imported *importedMaterial `json:"imported,omitempty"`
	// MultiRegion is set on the keys of a multi-Region key, each of which
	// holds the whole configuration.
	MultiRegion *multiRegion `json:"multiRegion,omitempty"`
	// Rotations say when and how versions 2, 3, ... were made (index 0
	// is version 2); records made before amity kept them lack some.
	Rotations []rotationEntry `json:"rotations,omitempty"`
}

// multiRegion is the configuration of a multi-Region key: the Region of
// its primary key and those of its replicas, in the order made.
type multiRegion struct {
	Primary  string   `json:"primary"`
	Replicas []string `json:"replicas,omitempty"`
	// Deleting is when each replica scheduled for deletion is deleted.
	Deleting map[string]time.Time `json:"deleting,omitempty"`
}

// live reports whether the replica in region exists at now.
func (mr *multiRegion) live(region string, now time.Time) bool {
	d, deleting := mr.Deleting[region]
	return slices.Contains(mr.Replicas, region) && (!deleting || now.Before(d))
}

// replicasGone returns when the last replica is deleted; ok is false while
// one is not scheduled for deletion.
func (mr *multiRegion) replicasGone() (last time.Time, ok bool) {
	for _, r := range mr.Replicas {
		d, deleting := mr.Deleting[r]
		if !deleting {
			return time.Time{}, false
		}
		if d.After(last) {
			last = d
		}
	}
	return last, true
}

// isReplica reports whether rec is a multi-Region replica key.
func (r *keyRecord) isReplica() bool {
	return r.MultiRegion != nil && r.MultiRegion.Primary != r.Region
}

// rotationEntry is one rotation of a key's material.
type rotationEntry struct {
	Date time.Time `json:"date"`
	Type string    `json:"type"` // AUTOMATIC or ON_DEMAND
}

// rotation is a key's automatic rotation schedule.
type rotation struct {
	Enabled    bool      `json:"enabled"`
	PeriodDays int32     `json:"periodDays,omitempty"`
	Next       time.Time `json:"next,omitzero"`
}

type tag struct {
	Key   string `json:"key"`
	Value string `json:"value"`
}

func (r *keyRecord) spec() string  { return or(r.Spec, kmsapi.KeySpecSymmetricDefault) }
func (r *keyRecord) usage() string { return or(r.Usage, kmsapi.KeyUsageTypeEncryptDecrypt) }
func (r *keyRecord) origin() string {
	return or(r.Origin, kmsapi.OriginTypeAwsKms)
}

func or(s, otherwise string) string {
	if s == "" {
		return otherwise
	}
	return s
}

func (r *keyRecord) ref() keyring.Ref {
	return keyring.Ref{Account: r.Account, Region: r.Region, KeyID: r.ID}
}

// state is the key's state at now.
func (r *keyRecord) state(now time.Time) string {
	switch {
	case r.State == statePendingReplicaDeletion:
		if last, ok := r.MultiRegion.replicasGone(); ok && !now.Before(last) {
			return statePendingDeletion
		}
	case r.State != statePendingDeletion && r.Imported != nil && !r.materialUsable(uint32(len(r.Material)), now):
		return statePendingImport
	}
	return r.State
}

// deletionDate is when the key is deleted: its DeletionDate or, for a
// primary key waiting for its replicas' deletion, its waiting period after
// the last of them; ok is false while that is not known.
func (r *keyRecord) deletionDate() (time.Time, bool) {
	switch r.State {
	case statePendingDeletion:
		return r.DeletionDate, true
	case statePendingReplicaDeletion:
		last, ok := r.MultiRegion.replicasGone()
		return last.Add(days(r.PendingWindow)), ok
	}
	return time.Time{}, false
}

// materialUsable reports whether version v of the key has its material at
// now: generated material always; imported material until deleted or
// expired.
func (r *keyRecord) materialUsable(v uint32, now time.Time) bool {
	if v == 0 || int(v) > len(r.Material) || r.Material[v-1] == nil {
		return false
	}
	if r.Imported == nil {
		return true
	}
	iv := r.Imported.Versions[v-1]
	return !iv.Expires || now.Before(iv.ValidTo)
}

// deleted reports whether a key's deletion window has passed at now: KMS
// has deleted it, and it answers as if it had never existed.
func (r *keyRecord) deleted(now time.Time) bool {
	d, ok := r.deletionDate()
	return ok && !now.Before(d)
}

// deletedNow is deleted at the time of clock, read only for a key whose
// deletion is scheduled: the key lookup of every request reads no clock.
func (r *keyRecord) deletedNow(clock func() time.Time) bool {
	_, scheduled := r.deletionDate()
	return scheduled && r.deleted(clock())
}

// materialID is the KeyMaterialId of version v of the key: that of its
// import for imported material, else derived from the key.
func (r *keyRecord) materialID(v uint32) string {
	if r.Imported != nil {
		return r.Imported.Versions[v-1].ID
	}
	return materialID(r.Account, r.ID, v)
}

// materialID is the KeyMaterialId of version v of a key: 64 hex digits,
// the same in every Region of a multi-Region key (whose replicas share
// material), and again the same when imported material is reimported.
func materialID(account, keyID string, v uint32) string {
	// Hashed in one piece from a buffer on the stack (an account id and a
	// key id fit in it): every CreateKey and DescribeKey answers with one.
	const prefix = "amity kms key material id\x00"
	var buf [128]byte
	b := append(buf[:0], prefix...)
	b = append(append(b, account...), 0)
	b = append(append(b, keyID...), 0)
	b = binary.BigEndian.AppendUint32(b, v)
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// aliasRecord is an alias as stored.
type aliasRecord struct {
	Name    string    `json:"name"` // alias/NAME
	KeyID   string    `json:"keyId"`
	Created time.Time `json:"created"`
	Updated time.Time `json:"updated"`
}

// grantRecord is a grant as stored.
type grantRecord struct {
	ID             string            `json:"id"`
	KeyID          string            `json:"keyId"`
	Name           string            `json:"name,omitempty"`
	Grantee        string            `json:"grantee"`
	Retiring       string            `json:"retiring,omitempty"`
	Operations     []string          `json:"operations"`
	ContextSubset  map[string]string `json:"contextSubset,omitempty"`
	ContextEquals  map[string]string `json:"contextEquals,omitempty"`
	Created        time.Time         `json:"created"`
	IssuingAccount string            `json:"issuingAccount"`
}

// keyRefOf names the key id of an account and Region.
func keyRefOf(account, region, id string) keyring.Ref {
	return keyring.Ref{Account: account, Region: region, KeyID: id}
}

func keyKey(ref keyring.Ref) string { return ref.Account + "/" + ref.Region + "/" + ref.KeyID }

func aliasKey(account, region, name string) string { return account + "/" + region + "/" + name }

func grantKey(ref keyring.Ref, grantID string) string { return keyKey(ref) + "/" + grantID }

func retiringKey(ref keyring.Ref, principal, grantID string) string {
	return ref.Region + "/" + principal + "\x00" + ref.Account + "/" + ref.KeyID + "/" + grantID
}

// decode decodes a stored record.
func decode[T any](raw []byte) (*T, error) {
	v := new(T)
	return v, json.Unmarshal(raw, v)
}

// getRaw reads one stored record; ok is false when there is none.
func getRaw(tx store.Tx, table, key string) (raw []byte, ok bool, err error) {
	raw, err = tx.Get(table, key)
	if errors.Is(err, store.ErrNotFound) || errors.Is(err, store.ErrInvalid) {
		return nil, false, nil
	}
	return raw, err == nil, err
}

// getRecord reads and decodes one record; ok is false when there is none.
// Keys have their own (getKey).
func getRecord[T any](tx store.Tx, table, key string) (v *T, ok bool, err error) {
	raw, ok, err := getRaw(tx, table, key)
	if !ok || err != nil {
		return nil, false, err
	}
	v, err = decode[T](raw)
	return v, true, err
}

// putRecord stores v as JSON. Keys have their own (putKey).
func putRecord(tx store.Tx, table, key string, v any) error {
	raw, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return tx.Put(table, key, raw)
}
