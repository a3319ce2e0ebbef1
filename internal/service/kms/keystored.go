package kms

import (
	"encoding/json"
	"strings"
	"sync"

	"github.com/amityhq/amity/internal/api/kmsapi"
	"github.com/amityhq/amity/internal/awsdata"
	"github.com/amityhq/amity/internal/service/kms/keyring"
	"github.com/amityhq/amity/internal/store"
)

// A key record is stored without what its store key says (its account,
// Region and id) and what most keys share: the default key policy of its
// account (its text was most of a record, and a record's size is the store's
// memory map's share of each key), and the default spec, usage and origin.
// Each is written empty, and omitted; decodeKey reads them back. No key
// policy is empty. Only putKey and getKey (or decodeKey) see this form: a
// keyRecord marshalled any other way keeps all its fields.

// putKey stores rec under its account, Region and id.
func putKey(tx store.Tx, rec *keyRecord) error {
	raw, err := encodeKey(rec)
	if err != nil {
		return err
	}
	return tx.Put(keysTable, keyKey(rec.ref()), raw)
}

// getKey reads the key ref names; ok is false when there is none.
func getKey(tx store.Tx, ref keyring.Ref) (rec *keyRecord, ok bool, err error) {
	key := keyKey(ref)
	raw, ok, err := getRaw(tx, keysTable, key)
	if !ok || err != nil {
		return nil, false, err
	}
	rec, err = decodeKey(key, raw)
	return rec, true, err
}

// encodeKey is a key record's stored form.
func encodeKey(r *keyRecord) ([]byte, error) {
	s := *r
	if s.Policy == defaultPolicy(s.Account) {
		s.Policy = ""
	}
	s.Account, s.Region, s.ID = "", "", ""
	if s.Spec == kmsapi.KeySpecSymmetricDefault && s.Usage == kmsapi.KeyUsageTypeEncryptDecrypt {
		s.Spec, s.Usage = "", ""
	}
	if s.Origin == kmsapi.OriginTypeAwsKms {
		s.Origin = ""
	}
	return json.Marshal(&s)
}

// decodeKey reads the record stored under key (ACCOUNT/REGION/KEY-ID),
// completed with what encodeKey left out. Records stored before it have
// them all.
func decodeKey(key string, raw []byte) (*keyRecord, error) {
	r, ok := scanKeyRecord(raw)
	if !ok {
		var err error
		if r, err = decode[keyRecord](raw); err != nil {
			return nil, err
		}
	}
	account, rest, _ := strings.Cut(key, "/")
	region, id, _ := strings.Cut(rest, "/")
	r.Account, r.Region, r.ID = or(r.Account, account), or(r.Region, region), or(r.ID, id)
	if r.Policy == "" {
		r.Policy = defaultPolicy(r.Account)
	}
	return r, nil
}

// defaultPolicies are the default key policies by account, made once:
// every key created without a policy, and every record read or written,
// needs its account's (shared, it also compares equal without a scan).
//
// A key keeps the policy it was made with, and a stored empty policy is
// read back as this text: were the embedded template ever corrected, keys
// stored before would silently change policy. TestDefaultPolicyPinned fails
// first; the fix is a marker in the record for the new text, with the old
// text kept for records without one.
var defaultPolicies sync.Map // account → string

func defaultPolicy(account string) string {
	if v, ok := defaultPolicies.Load(account); ok {
		return v.(string)
	}
	v, _ := defaultPolicies.LoadOrStore(account, awsdata.DefaultKeyPolicy(account))
	return v.(string)
}
