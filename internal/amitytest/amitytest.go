// Package amitytest runs an amity in-process for tests: a fresh data
// directory, the real server on a random loopback port, and aws.Config
// values for real AWS SDK clients pointed at it.
//
//	env := amitytest.New(t)
//	iamClient := iam.NewFromConfig(env.RootConfig("111122223333", "us-east-1"))
package amitytest

import (
	"context"
	"log/slog"
	"net"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"

	"github.com/amityhq/amity/internal/amitytest/sdkhttp"
	"github.com/amityhq/amity/internal/app"
	"github.com/amityhq/amity/internal/authz"
	"github.com/amityhq/amity/internal/server"
)

// Env is a running amity.
type Env struct {
	App     *app.App
	URL     string
	Clock   *Clock
	DataDir string // "" for ephemeral state
}

// Option changes how New starts amity.
type Option func(*app.Config)

// Strict turns off the convenience credentials.
func Strict() Option { return func(c *app.Config) { c.Strict = true } }

// Audit sends every event to a, besides CloudTrail (the log is off).
func Audit(a server.Auditor) Option { return func(c *app.Config) { c.Auditor = a } }

// InDir keeps amity's state durably in dir, for tests that restart it
// there or read what it wrote.
func InDir(dir string) Option { return func(c *app.Config) { c.DataDir = dir } }

// RealisticPace makes asynchronous state changes (builds, launches) take
// roughly AWS's times, for tests that need one still in progress.
func RealisticPace() Option { return func(c *app.Config) { c.Pace = app.PaceRealistic } }

// NoCloudTrail turns CloudTrail's recording off.
func NoCloudTrail() Option { return func(c *app.Config) { c.NoCloudTrail = true } }

// New starts amity for the test and stops it when the test ends.
func New(t testing.TB, opts ...Option) *Env {
	t.Helper()
	clock := &Clock{}
	// Every test runs with the transaction guard: a service calling
	// another inside a store transaction fails the test. Benchmarks run
	// as amity serve does, without it (it reads a stack per transaction).
	//
	// State is ephemeral (amity serve --ephemeral: in memory, several
	// times as fast as synced commits) unless InDir gives a data
	// directory, on bbolt as amity serve keeps one.
	_, benchmark := t.(*testing.B)
	cfg := app.Config{Now: clock.Now, Getenv: func(string) string { return "" }, GuardTransactions: !benchmark}
	if os.Getenv("AMITY_TEST_LOG") != "" { // amity's own log, to debug a test
		cfg.Log = slog.New(slog.NewTextHandler(os.Stderr, nil))
	}
	for _, o := range opts {
		o(&cfg)
	}
	cfg.Ephemeral = cfg.DataDir == ""
	a, err := app.Open(cfg)
	if err != nil {
		t.Fatalf("amitytest: open: %v", err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		a.Close()
		t.Fatalf("amitytest: listen: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- a.Serve(ctx, ln) }()
	t.Cleanup(func() {
		cancel()
		if err := <-served; err != nil {
			t.Errorf("amitytest: serve: %v", err)
		}
		if err := a.Close(); err != nil {
			t.Errorf("amitytest: close: %v", err)
		}
	})
	return &Env{App: a, URL: "http://" + ln.Addr().String(), Clock: clock, DataDir: cfg.DataDir}
}

// Config returns an SDK configuration for region with the given static
// credentials (token may be empty). Retries are off so tests see every
// answer as amity gave it; the HTTP client is HTTPClient's.
func (e *Env) Config(accessKeyID, secret, token, region string) aws.Config {
	return aws.Config{
		Region:           region,
		Credentials:      credentials.NewStaticCredentialsProvider(accessKeyID, secret, token),
		BaseEndpoint:     aws.String(e.URL),
		RetryMaxAttempts: 1,
		HTTPClient:       sdkhttp.Client(),
	}
}

// RootConfig returns the configuration of an account's root user, through
// the convenience credentials (key id = the account id, secret "test"); the
// account is created on first use.
func (e *Env) RootConfig(account, region string) aws.Config {
	return e.Config(account, "test", "", region)
}

// Clock is the time amity sees: the real time, shifted by Advance.
type Clock struct {
	mu     sync.Mutex
	offset time.Duration
}

// Now returns the shifted time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return time.Now().Add(c.offset)
}

// Advance moves amity's clock forward. SDK clients sign with the real
// time, so keep shifts under the 15-minute signing skew, or sign with a
// client whose clock is shifted too.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	c.offset += d
	c.mu.Unlock()
}

// Request returns the request a service would make as the principal whose
// credentials cfg holds — what amity's own services act as (authz.Caller).
func (e *Env) Request(t testing.TB, cfg aws.Config) *authz.Request {
	t.Helper()
	creds, err := cfg.Credentials.Retrieve(context.Background())
	if err != nil {
		t.Fatalf("amitytest: credentials: %v", err)
	}
	req, err := e.App.Server.Session(context.Background(), creds.AccessKeyID, creds.SessionToken, cfg.Region, "")
	if err != nil {
		t.Fatalf("amitytest: request of %s: %v", creds.AccessKeyID, err)
	}
	return req
}

// Recorder is an Auditor that keeps every event, for tests.
type Recorder struct {
	mu     sync.Mutex
	events []*server.Event
}

// Record implements server.Auditor.
func (r *Recorder) Record(_ context.Context, e *server.Event) {
	r.mu.Lock()
	r.events = append(r.events, e)
	r.mu.Unlock()
}

// Events returns the events of operation ("" for all), oldest first.
func (r *Recorder) Events(operation string) []*server.Event {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []*server.Event
	for _, e := range r.events {
		if operation == "" || e.Operation == operation {
			out = append(out, e)
		}
	}
	return out
}

// Last returns the newest event of operation, failing the test if none.
func (r *Recorder) Last(t testing.TB, operation string) *server.Event {
	t.Helper()
	evs := r.Events(operation)
	if len(evs) == 0 {
		t.Fatalf("amitytest: no %s event recorded", operation)
	}
	return evs[len(evs)-1]
}
