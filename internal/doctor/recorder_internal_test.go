package doctor

import (
	"context"
	"fmt"
	"log/slog"
	"path/filepath"
	"testing"
	"time"

	"github.com/amityhq/amity/internal/authz"
	"github.com/amityhq/amity/internal/awserr"
	"github.com/amityhq/amity/internal/policy"
	"github.com/amityhq/amity/internal/server"
	"github.com/amityhq/amity/internal/store/bolt"
)

// refused is a refused KMS call at t.
func refused(id string, t time.Time) *server.Event {
	return &server.Event{RequestID: id, Time: t, Service: "kms", Operation: "CreateKey",
		Request: &authz.Request{Principal: policy.Principal{Type: policy.User, Account: "111122223333",
			ARN: "arn:aws:iam::111122223333:user/dev"}, Region: "eu-west-1"},
		Err: awserr.Newf("AccessDeniedException", 400, "User: arn:aws:iam::111122223333:user/dev is not authorized")}
}

// TestRecorderRetentionAndRestart: failures beyond the retention's count
// go oldest first, those older than its age go at the next write, and
// what is kept survives a restart (the count too).
func TestRecorderRetentionAndRestart(t *testing.T) {
	path := filepath.Join(t.TempDir(), "doctor.db")
	st, err := bolt.Open(path, time.Second)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 12, 2, 12, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	keep := Retention{MaxAge: time.Hour, MaxFailures: 3}
	r, err := NewRecorder(st, keep, clock, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	for i := range 5 {
		r.Record(context.Background(), refused(fmt.Sprint("req-", i), now.Add(time.Duration(i)*time.Minute)))
		r.Flush()
	}
	kept := func(r *Recorder) []string {
		t.Helper()
		var ids []string
		for i := range 6 {
			if f, _, err := r.ByRequest(context.Background(), fmt.Sprint("req-", i)); err != nil {
				t.Fatal(err)
			} else if f != nil {
				ids = append(ids, f.RequestID)
			}
		}
		return ids
	}
	if got := fmt.Sprint(kept(r)); got != "[req-2 req-3 req-4]" {
		t.Fatalf("kept %s, want the 3 newest", got)
	}
	r.Close()
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}

	st, err = bolt.Open(path, time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	now = now.Add(2 * time.Hour) // past the age of all three
	r, err = NewRecorder(st, keep, clock, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if got := fmt.Sprint(kept(r)); got != "[req-2 req-3 req-4]" {
		t.Fatalf("after a restart: %s", got)
	}
	r.Record(context.Background(), refused("req-5", now))
	r.Flush()
	if got := fmt.Sprint(kept(r)); got != "[req-5]" {
		t.Fatalf("after the age passed: %s, want only the new one", got)
	}
}
