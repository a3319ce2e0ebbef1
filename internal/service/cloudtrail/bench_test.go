package cloudtrail_test

import (
	"context"
	"sync"
	"syscall"
	"testing"
	"time"

	awskms "github.com/aws/aws-sdk-go-v2/service/kms"

	"github.com/amityhq/amity/internal/amitytest"
	"github.com/amityhq/amity/internal/app"
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
		key, err := awskms.NewFromConfig(root).CreateKey(ctx, &awskms.CreateKeyInput{})
		if err != nil {
			b.Fatal(err)
		}
		user := env.NewUser(b, owner, region, "bench", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"kms:Encrypt","Resource":"*"}]}`)
		return side{env, awskms.NewFromConfig(user), &awskms.EncryptInput{KeyId: key.KeyMetadata.Arn, Plaintext: make([]byte, 32),
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

// cpuTime is the CPU time the process has used, user and system.
func cpuTime(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
