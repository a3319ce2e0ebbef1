package kms

import (
	"encoding/json"

	"github.com/amityhq/amity/internal/api/kmsapi"
	"github.com/amityhq/amity/internal/awsdata"
)

// storedKeyRecord is keyRecord without its methods, to encode and decode
// its fields.
type storedKeyRecord keyRecord

// MarshalJSON stores a key record without what most keys share: the
// default key policy of its account (its text was most of a record: a
// record's size is the store's memory map's share of each key), and the
// default spec, usage and origin. Each is written empty, and omitted,
// which reads back as the default; no key policy is empty.
func (r *keyRecord) MarshalJSON() ([]byte, error) {
	s := storedKeyRecord(*r)
	if s.Policy == awsdata.DefaultKeyPolicy(s.Account) {
		s.Policy = ""
	}
	if s.Spec == kmsapi.KeySpecSymmetricDefault && s.Usage == kmsapi.KeyUsageTypeEncryptDecrypt {
		s.Spec, s.Usage = "", ""
	}
	if s.Origin == kmsapi.OriginTypeAwsKms {
		s.Origin = ""
	}
	return json.Marshal(&s)
}

// UnmarshalJSON reads a stored key record, with the policy text of
// records stored before MarshalJSON left out the default one.
func (r *keyRecord) UnmarshalJSON(b []byte) error {
	if err := json.Unmarshal(b, (*storedKeyRecord)(r)); err != nil {
		return err
	}
	if r.Policy == "" {
		r.Policy = awsdata.DefaultKeyPolicy(r.Account)
	}
	return nil
}
