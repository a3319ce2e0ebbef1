package cloudtrail_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/amityhq/amity/internal/api/kmsapi"
	"github.com/amityhq/amity/internal/authz"
	"github.com/amityhq/amity/internal/identity"
	"github.com/amityhq/amity/internal/service/cloudtrail"
	"github.com/amityhq/amity/internal/service/cloudtrail/eventstore"
	"github.com/amityhq/amity/internal/service/cloudtrail/record"
	"github.com/amityhq/amity/internal/store/bolt"
)

// The benchmarks' fixture: a million records of one account and Region,
// one every 20 ms (a busy amity's six hours, which fill the store's
// segments), written straight through the event store (not over HTTP),
// built once per process on first use and removed when the tests end.
// Only benchmarks use it: go test never builds it.
const (
	fixtureRecords = 1_000_000
	fixtureStep    = 20 * time.Millisecond
	fixtureKeys    = 10_000 // each key touched by a hundred records
	fixtureUsers   = 100
)

// fixtureNames are the calls the fixture's records are of, in turn: each
// is a twentieth of them.
var fixtureNames = []string{"Encrypt", "Decrypt", "GenerateDataKey", "GenerateDataKeyWithoutPlaintext", "ReEncrypt",
	"DescribeKey", "CreateGrant", "ListGrants", "RetireGrant", "RevokeGrant", "GetKeyPolicy", "PutKeyPolicy",
	"EnableKey", "DisableKey", "TagResource", "UntagResource", "ListAliases", "CreateAlias", "ListKeys", "GenerateRandom"}

var fixtureNow = time.Date(2026, 5, 18, 6, 0, 0, 0, time.UTC)

type fixtureStore struct {
	dir   string
	st    *bolt.Store
	svc   *cloudtrail.Service
	build time.Duration
	err   error
}

var (
	fixtureOnce sync.Once
	fixture     fixtureStore
)

func TestMain(m *testing.M) {
	code := m.Run()
	if fixture.svc != nil {
		fixture.svc.Close()
		fixture.st.Close()
	}
	if fixture.dir != "" {
		os.RemoveAll(fixture.dir)
	}
	os.Exit(code)
}

func fixtureKey(i int) string {
	return fmt.Sprintf("arn:aws:kms:%s:%s:key/%08d-0000-4000-8000-000000000000", region, owner, i%fixtureKeys)
}

// millionRecords returns the fixture, building it the first time.
func millionRecords(b *testing.B) *fixtureStore {
	fixtureOnce.Do(func() {
		start := time.Now()
		fixture.dir, fixture.st, fixture.err = fillStore(fixtureRecords, fixtureStep)
		if fixture.err == nil {
			fixture.svc, fixture.err = cloudtrail.New(cloudtrail.Options{Store: fixture.st, Authorizer: authz.New(nil, authz.Options{}),
				Dir: filepath.Join(fixture.dir, "trails"), Now: func() time.Time { return fixtureNow }})
		}
		fixture.build = time.Since(start)
	})
	if fixture.err != nil {
		b.Fatal(fixture.err)
	}
	return &fixture
}

// fillStore writes n records, step apart up to fixtureNow, to a new
// store in a temporary directory, as the writer does: in batches planned
// into segments.
func fillStore(n int, step time.Duration) (string, *bolt.Store, error) {
	dir, err := os.MkdirTemp("", "amity-cloudtrail-fixture-")
	if err != nil {
		return "", nil, err
	}
	st, err := bolt.Open(filepath.Join(dir, "db"), time.Second)
	if err != nil {
		return dir, nil, err
	}
	events := eventstore.New(st)
	const chunk = 1 << 14
	var builder record.Builder
	for first := 0; first < n; first += chunk {
		size := min(chunk, n-first)
		calls := make([]*record.Call, size)
		slots := make([]eventstore.Slot, size)
		for j := range size {
			i := first + j
			calls[j] = fixtureCall(i, fixtureNow.Add(-time.Duration(n-i)*step))
			slots[j] = eventstore.Slot{Partition: eventstore.Partition{Account: owner, Region: region}, Time: calls[j].Time}
		}
		plan := eventstore.Assign(slots)
		recs := make([]record.Record, 0, size)
		for j, c := range calls {
			recs = append(recs, builder.Build(c, []string{plan.ID(j)})...)
		}
		if err := events.Write(context.Background(), plan, recs); err != nil {
			return dir, st, err
		}
	}
	return dir, st, nil
}

// fixtureCall is the i-th call: a KMS call by one of the users on one of
// the keys.
func fixtureCall(i int, at time.Time) *record.Call {
	cred := &identity.Credential{AccessKeyID: fmt.Sprintf("AKIA%016d", i%fixtureUsers), Account: owner, Kind: identity.KindUser,
		UserName: fmt.Sprintf("user%d", i%fixtureUsers), UserID: fmt.Sprintf("AIDA%017d", i%fixtureUsers)}
	key := fixtureKey(i)
	return &record.Call{RequestID: fmt.Sprintf("%08x-0000-4000-8000-000000000000", i), Time: at, Service: "kms",
		Operation: fixtureNames[i%len(fixtureNames)], ReadOnly: i%2 == 0,
		Request: authz.Request{Credential: cred, Principal: cred.Principal(), Region: region, SourceIP: "192.0.2.1",
			UserAgent: "aws-sdk-go-v2/1.48.0 ua/2.1 os/linux lang/go#1.26 md/GOOS#linux md/GOARCH#amd64 api/kms#1.62.5 m/E"},
		Input:      &kmsapi.EncryptInput{KeyId: &key, EncryptionContext: map[string]string{"aws:ebs:id": fmt.Sprintf("vol-%017x", i)}},
		Resources:  []authz.Resource{{ARN: key, Account: owner}},
		Recipients: []string{owner}}
}
