package kms

import (
	"encoding/json"
	"errors"
	"time"

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

// Key states, as KeyMetadata.KeyState names them.
const (
	stateEnabled         = "Enabled"
	stateDisabled        = "Disabled"
	statePendingDeletion = "PendingDeletion"
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
	Account       string    `json:"account"`
	Region        string    `json:"region"`
	ID            string    `json:"id"`
	Created       time.Time `json:"created"`
	Description   string    `json:"description"`
	Manager       string    `json:"manager"`
	State         string    `json:"state"`
	DeletionDate  time.Time `json:"deletionDate,omitzero"`
	PendingWindow int32     `json:"pendingWindow,omitempty"`
	Policy        string    `json:"policy"`
	Tags          []tag     `json:"tags,omitempty"`    // sorted by key
	Aliases       []string  `json:"aliases,omitempty"` // alias names, sorted
	Rotation      rotation  `json:"rotation"`
	Material      [][]byte  `json:"material"`
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

func (r *keyRecord) ref() keyring.Ref {
	return keyring.Ref{Account: r.Account, Region: r.Region, KeyID: r.ID}
}

// deleted reports whether a key's deletion window has passed at now: KMS
// has deleted it, and it answers as if it had never existed.
func (r *keyRecord) deleted(now time.Time) bool {
	return r.State == statePendingDeletion && !now.Before(r.DeletionDate)
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

// getRecord reads and decodes one record; ok is false when there is none.
func getRecord[T any](tx store.Tx, table, key string) (v *T, ok bool, err error) {
	raw, err := tx.Get(table, key)
	if errors.Is(err, store.ErrNotFound) || errors.Is(err, store.ErrInvalid) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	v, err = decode[T](raw)
	return v, true, err
}

func putRecord(tx store.Tx, table, key string, v any) error {
	raw, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return tx.Put(table, key, raw)
}
