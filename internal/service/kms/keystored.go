package kms

import (
	"encoding/json"
	"strings"
	"sync"

	"github.com/amityhq/amity/internal/api/kmsapi"
	"github.com/amityhq/amity/internal/awsdata"
)

// storedKeyRecord is keyRecord without its methods, to encode its fields.
type storedKeyRecord keyRecord

// MarshalJSON stores a key record without what its store key says (its
// account, Region and id) and what most keys share: the default key
// policy of its account (its text was most of a record, and a record's
// size is the store's memory map's share of each key), and the default
// spec, usage and origin. Each is written empty, and omitted; storedAt
// reads them back. No key policy is empty.
func (r *keyRecord) MarshalJSON() ([]byte, error) {
	s := storedKeyRecord(*r)
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

// storedAt completes a record read from under key (ACCOUNT/REGION/KEY-ID)
// with what MarshalJSON left out: its account, Region and id, and the
// default policy. Records stored before have them all.
func (r *keyRecord) storedAt(key string) {
	account, rest, _ := strings.Cut(key, "/")
	region, id, _ := strings.Cut(rest, "/")
	r.Account, r.Region, r.ID = or(r.Account, account), or(r.Region, region), or(r.ID, id)
	if r.Policy == "" {
		r.Policy = defaultPolicy(r.Account)
	}
}

// defaultPolicies are the default key policies by account, made once:
// every key created without a policy, and every record read or written,
// needs its account's (shared, it also compares equal without a scan).
var defaultPolicies sync.Map // account → string

func defaultPolicy(account string) string {
	if v, ok := defaultPolicies.Load(account); ok {
		return v.(string)
	}
	v, _ := defaultPolicies.LoadOrStore(account, awsdata.DefaultKeyPolicy(account))
	return v.(string)
}
