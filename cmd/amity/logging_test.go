package main

import (
	"bytes"
	"context"
	"encoding/json"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/sts"
)

// lockedBuffer is a bytes.Buffer safe for a writer and a reader at once.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// TestLogWriterBuffers: log lines reach stderr in batches, every interval,
// and all of them at Close.
func TestLogWriterBuffers(t *testing.T) {
	var stderr lockedBuffer
	w := newLogWriter(&stderr, time.Hour)
	if _, err := w.Write([]byte("line 1\n")); err != nil {
		t.Fatal(err)
	}
	if got := stderr.String(); got != "" {
		t.Errorf("written through at once: %q", got)
	}
	if err := w.Close(); err != nil || stderr.String() != "line 1\n" {
		t.Errorf("after Close: %q, %v", stderr.String(), err)
	}

	var ticked lockedBuffer
	w = newLogWriter(&ticked, time.Millisecond)
	defer w.Close()
	if _, err := w.Write([]byte("line 2\n")); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for ticked.String() == "" && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	if got := ticked.String(); got != "line 2\n" {
		t.Errorf("after an interval: %q", got)
	}
}

// TestLogLevel: by default each request is a log line; --log-level warn
// keeps the log quiet.
func TestLogLevel(t *testing.T) {
	for _, tt := range []struct {
		args     []string
		requests bool
	}{{nil, true}, {[]string{"--log-level", "warn"}, false}} {
		var stderr lockedBuffer
		p := serveAmity(t, "127.0.0.1", t.TempDir(), &stderr, tt.args...)
		if _, err := sts.NewFromConfig(p.config("111122223333", "test")).GetCallerIdentity(context.Background(), &sts.GetCallerIdentityInput{}); err != nil {
			t.Fatal(err)
		}
		p.stop(t)
		if got := strings.Contains(stderr.String(), "msg=request"); got != tt.requests {
			t.Errorf("%v: request lines logged %v, want %v:\n%s", tt.args, got, tt.requests, stderr.String())
		}
	}
}

// TestLogFormatJSON: --log-format json writes each log line as a JSON
// object.
func TestLogFormatJSON(t *testing.T) {
	var stderr lockedBuffer
	p := serveAmity(t, "127.0.0.1", t.TempDir(), &stderr, "--log-format", "json")
	if _, err := sts.NewFromConfig(p.config("111122223333", "test")).GetCallerIdentity(context.Background(), &sts.GetCallerIdentityInput{}); err != nil {
		t.Fatal(err)
	}
	p.stop(t)
	var found bool
	for _, line := range strings.Split(stderr.String(), "\n") {
		var m map[string]any
		if json.Unmarshal([]byte(line), &m) == nil && m["msg"] == "request" {
			found = m["operation"] == "GetCallerIdentity" && m["account"] == "111122223333" && m["status"] == 200.0
		}
	}
	if !found {
		t.Errorf("no JSON line for GetCallerIdentity:\n%s", stderr.String())
	}
}

// TestReadyLine: amity serve writes LocalStack's "Ready." line, which
// Testcontainers' LocalStack modules wait for, when it is ready.
func TestReadyLine(t *testing.T) {
	var stderr lockedBuffer
	p := serveAmity(t, "127.0.0.1", t.TempDir(), &stderr)
	p.stop(t)
	if !regexp.MustCompile(`(?m)^Ready\.\n`).MatchString(stderr.String()) {
		t.Errorf("no Ready. line:\n%s", stderr.String())
	}
}

// TestWarningBeyondLoopback: listening on every address with the
// convenience credentials on is announced at start, loudly; with --strict
// or on loopback it is not.
func TestWarningBeyondLoopback(t *testing.T) {
	for _, tt := range []struct {
		host string
		args []string
		warn bool
	}{{"0.0.0.0", nil, true}, {"0.0.0.0", []string{"--strict"}, false}, {"127.0.0.1", nil, false}} {
		var stderr lockedBuffer
		p := serveAmity(t, tt.host, t.TempDir(), &stderr, tt.args...)
		p.stop(t)
		if got := strings.Contains(stderr.String(), "WARNING: listening beyond loopback"); got != tt.warn {
			t.Errorf("%s %v: warned %v, want %v:\n%s", tt.host, tt.args, got, tt.warn, stderr.String())
		}
	}
}
