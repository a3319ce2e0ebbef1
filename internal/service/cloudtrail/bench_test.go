package cloudtrail_test

import (
	"context"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awskms "github.com/aws/aws-sdk-go-v2/service/kms"

	"github.com/amityhq/amity/internal/amitytest"
	"github.com/amityhq/amity/internal/api/cloudtrailapi"
	"github.com/amityhq/amity/internal/app"
	"github.com/amityhq/amity/internal/authz"
	"github.com/amityhq/amity/internal/identity"
	"github.com/amityhq/amity/internal/service/cloudtrail/eventstore"
	"github.com/amityhq/amity/internal/store/bolt"
)

// BenchmarkEncryptRecording measures what recording costs KMS: Encrypt
// over loopback with aws-sdk-go-v2 against two amitys, one recording and
// one not (amitytest.NoCloudTrail), round by round in the same run so
// that whatever else the machine does weighs on both alike. A round is 8
// concurrent clients sending 100 requests each; the recording amity's
// round lasts until its writer has stored everything (Flush), so the
// figure holds all the work recording causes. It reports both throughputs
// and the cost: 1 - on/off.
func BenchmarkEncryptRecording(b *testing.B) {
	ctx := context.Background()
	type side struct {
		env    *amitytest.Env
		client *awskms.Client
		in     *awskms.EncryptInput
	}
	setUp := func(opts ...amitytest.Option) side {
		env := amitytest.New(b, opts...)
		root := env.RootConfig(owner, region)
		key := createKey(b, root, &awskms.CreateKeyInput{})
		user := env.NewUser(b, owner, region, "bench", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"kms:Encrypt","Resource":"*"}]}`)
		return side{env, awskms.NewFromConfig(user), &awskms.EncryptInput{KeyId: aws.String(key), Plaintext: make([]byte, 32),
			EncryptionContext: map[string]string{"aws:ebs:id": "vol-0123456789abcdef0"}}}
	}
	// As served: without the tests' guard on store transactions, which
	// reads a goroutine's stack per transaction.
	unguarded := func(c *app.Config) { c.GuardTransactions = false }
	off, on := setUp(unguarded, amitytest.NoCloudTrail()), setUp(unguarded)
	const clients, perClient = 8, 100
	// round returns the wall time and the process's CPU time (clients,
	// server and writer alike) of a round.
	round := func(s side) (time.Duration, time.Duration) {
		start, cpu := time.Now(), cpuTime(b)
		var wg sync.WaitGroup
		for range clients {
			wg.Go(func() {
				for range perClient {
					if _, err := s.client.Encrypt(ctx, s.in); err != nil {
						b.Error(err)
						return
					}
				}
			})
		}
		wg.Wait()
		if err := s.env.App.CloudTrail.Flush(ctx); err != nil {
			b.Fatal(err)
		}
		return time.Since(start), cpuTime(b) - cpu
	}
	round(off)
	round(on)
	var tOff, tOn, cOff, cOn time.Duration
	for b.Loop() {
		t, c := round(off)
		tOff, cOff = tOff+t, cOff+c
		t, c = round(on)
		tOn, cOn = tOn+t, cOn+c
	}
	requests := float64(b.N * clients * perClient)
	b.ReportMetric(requests/tOff.Seconds(), "off-req/s")
	b.ReportMetric(requests/tOn.Seconds(), "on-req/s")
	b.ReportMetric(100*(1-tOff.Seconds()/tOn.Seconds()), "cost-%")
	b.ReportMetric(100*(cOn.Seconds()/cOff.Seconds()-1), "cpu-cost-%")
}

// BenchmarkLookupEvents is the first page (50 records) of LookupEvents
// over a million stored records, through the service (authorization
// included, HTTP not): by event name (a twentieth of the records), by
// resource name (a hundred records, spread over the month), and with no
// attribute.
func BenchmarkLookupEvents(b *testing.B) {
	f := millionRecords(b)
	b.Logf("fixture of %d records built in %v", fixtureRecords, f.build)
	cred := &identity.Credential{AccessKeyID: owner, Account: owner, Kind: identity.KindRoot}
	ctx := authz.WithRequest(context.Background(), &authz.Request{Credential: cred, Principal: cred.Principal(), Region: region})
	for _, bm := range []struct {
		name  string
		attrs []cloudtrailapi.LookupAttribute
	}{
		{"EventName", []cloudtrailapi.LookupAttribute{{AttributeKey: new("EventName"), AttributeValue: new("CreateGrant")}}},
		{"ResourceName", []cloudtrailapi.LookupAttribute{{AttributeKey: new("ResourceName"), AttributeValue: new(fixtureKey(1234))}}},
		{"None", nil},
	} {
		b.Run(bm.name, func(b *testing.B) {
			in := &cloudtrailapi.LookupEventsInput{LookupAttributes: bm.attrs}
			for b.Loop() {
				out, err := f.svc.LookupEvents(ctx, in)
				if err != nil || len(out.Events) != 50 || out.NextToken == nil {
					b.Fatalf("%d events, %v", len(out.Events), err)
				}
			}
		})
	}
}

// BenchmarkStoredBytesPerEvent reports what a record takes in the store,
// per record: its keys and values (segments and index entries) and the
// database file; the time measured is a full scan (Stats). Dense is the
// million-record fixture (a record every 20 ms: full segments); sparse,
// 20,000 records three seconds apart, as a quiet account's, where each
// segment holds one record.
func BenchmarkStoredBytesPerEvent(b *testing.B) {
	b.Run("dense", func(b *testing.B) {
		f := millionRecords(b)
		reportBytes(b, f.dir, f.st)
	})
	b.Run("sparse", func(b *testing.B) {
		dir, st, err := fillStore(20_000, 3*time.Second)
		b.Cleanup(func() {
			if st != nil {
				st.Close()
			}
			os.RemoveAll(dir)
		})
		if err != nil {
			b.Fatal(err)
		}
		reportBytes(b, dir, st)
	})
}

func reportBytes(b *testing.B, dir string, st *bolt.Store) {
	var stats eventstore.Stats
	for b.Loop() {
		var err error
		if stats, err = eventstore.New(st).Stats(context.Background()); err != nil {
			b.Fatal(err)
		}
	}
	info, err := os.Stat(filepath.Join(dir, "db"))
	if err != nil {
		b.Fatal(err)
	}
	n := float64(stats.Records)
	b.ReportMetric(float64(stats.Bytes)/n, "B/event")
	b.ReportMetric(float64(info.Size())/n, "file-B/event")
	b.ReportMetric(n/float64(stats.Segments), "records/segment")
}
