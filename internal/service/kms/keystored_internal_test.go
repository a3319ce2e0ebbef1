package kms

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/amityhq/amity/internal/api/kmsapi"
	"github.com/amityhq/amity/internal/awsdata"
)

// A record stored before the default policy was left out — the whole
// text, and the spec, usage and origin spelt out — still reads as it did.
func TestKeyRecordStoredBeforeLoads(t *testing.T) {
	old := `{"account":"111122223333","region":"us-east-1","id":"00037352-1807-47fc-8513-ed06e7b76f5b","created":"2026-12-02T23:55:22.782227823Z","description":"","manager":"CUSTOMER","state":"Enabled","policy":` +
		quote(awsdata.DefaultKeyPolicy("111122223333")) + `,"rotation":{"enabled":false},"material":["AQID"],"spec":"SYMMETRIC_DEFAULT","usage":"ENCRYPT_DECRYPT","origin":"AWS_KMS"}`
	rec, err := decodeKey("111122223333/us-east-1/00037352-1807-47fc-8513-ed06e7b76f5b", []byte(old))
	if err != nil {
		t.Fatal(err)
	}
	if rec.Policy != awsdata.DefaultKeyPolicy("111122223333") || rec.spec() != kmsapi.KeySpecSymmetricDefault ||
		rec.usage() != kmsapi.KeyUsageTypeEncryptDecrypt || rec.origin() != kmsapi.OriginTypeAwsKms ||
		rec.ID != "00037352-1807-47fc-8513-ed06e7b76f5b" || len(rec.Material) != 1 {
		t.Errorf("old record read as %+v", rec)
	}
}

// A record is stored without its account, Region and id, and the
// default policy, spec, usage and origin, and reads back the same; a
// policy of its own is stored.
func TestKeyRecordRoundTrip(t *testing.T) {
	for _, policy := range []string{awsdata.DefaultKeyPolicy("111122223333"), awsdata.DefaultKeyPolicy("444455556666"), `{"Statement":[]}`} {
		for _, spec := range [][3]string{
			{kmsapi.KeySpecSymmetricDefault, kmsapi.KeyUsageTypeEncryptDecrypt, kmsapi.OriginTypeAwsKms},
			{kmsapi.KeySpecHmac256, kmsapi.KeyUsageTypeGenerateVerifyMac, kmsapi.OriginTypeExternal},
		} {
			rec := &keyRecord{Account: "111122223333", Region: "us-east-1", ID: "00037352-1807-47fc-8513-ed06e7b76f5b",
				Created: time.Date(2026, 1, 2, 3, 4, 5, 6, time.UTC), Manager: managerCustomer, State: stateEnabled,
				Policy: policy, Material: [][]byte{{1, 2, 3}}, Spec: spec[0], Usage: spec[1], Origin: spec[2]}
			raw, err := encodeKey(rec)
			if err != nil {
				t.Fatal(err)
			}
			own := policy != awsdata.DefaultKeyPolicy(rec.Account)
			if strings.Contains(string(raw), `"policy"`) != own {
				t.Errorf("policy %.30q: stored as %s", policy, raw)
			}
			if def := spec[0] == kmsapi.KeySpecSymmetricDefault; strings.Contains(string(raw), `"spec"`) == def {
				t.Errorf("spec %s: stored as %s", spec[0], raw)
			}
			if strings.Contains(string(raw), rec.ID) || strings.Contains(string(raw), `"account"`) || strings.Contains(string(raw), `"region"`) {
				t.Errorf("key id or account stored: %s", raw)
			}
			back, err := decodeKey(keyKey(rec.ref()), raw)
			if err != nil {
				t.Fatal(err)
			}
			if back.Policy != rec.Policy || back.spec() != rec.spec() || back.usage() != rec.usage() || back.origin() != rec.origin() {
				t.Errorf("read back %+v, want %+v", back, rec)
			}
			back.Spec, back.Usage, back.Origin = rec.Spec, rec.Usage, rec.Origin
			if !reflect.DeepEqual(back, rec) {
				t.Errorf("read back %+v, want %+v", back, rec)
			}
		}
	}
}

// A stored empty policy is read back as today's default policy: the text
// must stay what keys already stored were made with (see defaultPolicies).
func TestDefaultPolicyPinned(t *testing.T) {
	const pinned = "10e110171b686f5f6c34b4f2fc847c0443190693611393cfec695719fc868c16"
	if sum := sha256.Sum256([]byte(awsdata.DefaultKeyPolicy("111122223333"))); hex.EncodeToString(sum[:]) != pinned {
		t.Fatal("the default key policy template changed: keys stored with an empty policy would change with it; " +
			"store a marker for the new text and keep the old one for records without it")
	}
}

// A key record marshalled other than by encodeKey keeps every field.
func TestKeyRecordMarshalsWhole(t *testing.T) {
	rec := &keyRecord{Account: "111122223333", Region: "us-east-1", ID: "00037352-1807-47fc-8513-ed06e7b76f5b",
		Policy: awsdata.DefaultKeyPolicy("111122223333"), Spec: kmsapi.KeySpecSymmetricDefault,
		Usage: kmsapi.KeyUsageTypeEncryptDecrypt, Origin: kmsapi.OriginTypeAwsKms}
	raw, err := json.Marshal(rec)
	if err != nil {
		t.Fatal(err)
	}
	var back keyRecord
	if err := json.Unmarshal(raw, &back); err != nil {
		t.Fatal(err)
	}
	if back.Account != rec.Account || back.Region != rec.Region || back.ID != rec.ID || back.Policy != rec.Policy || back.Spec != rec.Spec {
		t.Errorf("json.Marshal dropped fields: %s", raw)
	}
}

func quote(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}
