package kms

import (
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"github.com/amityhq/amity/internal/api/kmsapi"
)

// FuzzScanKeyRecord holds scanKeyRecord to encoding/json: a record it
// reads, encoding/json reads alike. The seeds are records as encodeKey
// stores them, in the shapes the scanner reads and those it leaves to
// encoding/json.
func FuzzScanKeyRecord(f *testing.F) {
	at := time.Date(2026, 12, 3, 14, 5, 6, 789, time.UTC)
	for _, rec := range []*keyRecord{
		{Created: at, Manager: managerCustomer, State: stateEnabled, Material: [][]byte{{1, 2, 3}}},
		{Created: at, Description: "key 7 \"quoted\" é", Manager: managerCustomer, State: "PendingDeletion",
			DeletionDate: at.Add(time.Hour), PendingWindow: 7, Material: [][]byte{{}, make([]byte, 61), {0xff}}},
		{Created: at.In(time.FixedZone("x", 3600)), Manager: "AWS", State: stateEnabled, Policy: `{"Statement":[]}`,
			Spec: kmsapi.KeySpecHmac256, Usage: kmsapi.KeyUsageTypeGenerateVerifyMac, Origin: kmsapi.OriginTypeExternal, Material: [][]byte{}},
		{Created: at, Manager: managerCustomer, State: stateEnabled, Tags: []tag{{Key: "k", Value: "v"}}, Aliases: []string{"alias/a"},
			Rotation: rotation{Enabled: true, PeriodDays: 365, Next: at}, Rotations: []rotationEntry{{Date: at, Type: "ON_DEMAND"}}},
	} {
		raw, err := encodeKey(rec)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(raw)
	}
	for _, raw := range []string{`{}`, `{"pendingWindow":-0}`, `{"pendingWindow":07}`, `{"pendingWindow":1.0}`,
		`{"pendingWindow":2147483648}`, `{"material":null}`, `{"material":["!!"]}`, `{"state":"a","state":"b"}`,
		`{"State":"a"}`, `{"created":"2026-13-01T00:00:00Z"}`, `{"id":"\u00e9"}`, `{"id":"` + "\xff" + `"}`, `{"id":"a"} `, `{"id":"a"}x`,
		`{"material":["AQID"],"material":[]}`} {
		f.Add([]byte(raw))
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		got, ok := scanKeyRecord(raw)
		if !ok {
			return
		}
		want := new(keyRecord)
		if err := json.Unmarshal(raw, want); err != nil {
			t.Fatalf("scanned %q, which encoding/json refuses: %v", raw, err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%q:\nscanned      %+v\nencoding/json %+v", raw, got, want)
		}
	})
}

// TestCommonRecordsAreScanned: the records CreateKey stores (a symmetric
// key with the default policy, with a description or not) and a key
// scheduled for deletion take the scanner, not encoding/json.
func TestCommonRecordsAreScanned(t *testing.T) {
	const account = "111122223333"
	for _, rec := range []*keyRecord{
		{Account: account, Region: "us-east-1", ID: "00037352-1807-47fc-8513-ed06e7b76f5b", Created: time.Now().UTC(),
			Manager: managerCustomer, State: stateEnabled, Policy: defaultPolicy(account), Tags: mergeTags(nil, nil),
			Spec: kmsapi.KeySpecSymmetricDefault, Usage: kmsapi.KeyUsageTypeEncryptDecrypt, Origin: kmsapi.OriginTypeAwsKms,
			Material: [][]byte{make([]byte, 60)}},
		{Account: account, Region: "us-east-1", ID: "00037352-1807-47fc-8513-ed06e7b76f5b", Created: time.Now().UTC(),
			Description: "EBS volumes of team a", Manager: managerCustomer, State: "PendingDeletion",
			DeletionDate: time.Now().UTC().Add(7 * 24 * time.Hour), PendingWindow: 7, Policy: defaultPolicy(account),
			Material: [][]byte{make([]byte, 60), make([]byte, 60)}},
	} {
		raw, err := encodeKey(rec)
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := scanKeyRecord(raw); !ok {
			t.Errorf("%s is left to encoding/json", raw)
		}
	}
}
