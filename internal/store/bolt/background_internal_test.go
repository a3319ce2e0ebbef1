package bolt

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/amityhq/amity/internal/store"
)

// TestWritersDoNotWaitForACheckpoint: while a checkpoint cannot write,
// commits go on into the next generation's log, and reads see the file,
// the frozen layer and the active one, until the log reaches the backlog;
// then a commit waits for the checkpoint, and goes on once it ends.
func TestWritersDoNotWaitForACheckpoint(t *testing.T) {
	s := mustOpen(t, filepath.Join(t.TempDir(), "background.db"))
	defer s.Close()
	update(t, s, put("file", "1"))
	SetCheckpoint(s, 1, 4) // the first commit freezes: "file" goes to the file
	update(t, s, put("frozen", "1"))
	WaitCheckpoint(s)
	_, resume := PauseCheckpoints(s, 0)
	defer resume()                   // a failure must not leave Close waiting
	update(t, s, put("frozen", "2")) // freezes; its checkpoint waits
	SetCheckpointAt(s, 200)
	for i := range 4 {
		update(t, s, put(fmt.Sprint("active", i), "1")) // 4 records of 37 bytes: under 200
	}
	if got := values(t, s, "file", "frozen", "active0", "active3"); got != "file=1 frozen=2 active0=1 active3=1 " {
		t.Fatalf("while a checkpoint waits, the store reads %q", got)
	}
	if v := s.published.Load(); len(v.frozen) == 0 || len(v.active) == 0 {
		t.Fatalf("the overlay has %d frozen and %d active tables, want both", len(v.frozen), len(v.active))
	}
	// Past backlog×200 bytes (60 records of 36 bytes or more), a commit
	// waits for the checkpoint: the Updates stop before the 60th.
	committed := make(chan error)
	var returned atomic.Int32
	go func() {
		var err error
		for i := 0; err == nil && i < 60; i++ {
			err = s.Update(context.Background(), put(fmt.Sprint("more", i), "1"))
			returned.Add(1)
		}
		committed <- err
	}()
	for last := int32(-1); last != returned.Load(); {
		last = returned.Load()
		select {
		case err := <-committed:
			t.Fatalf("the commit reaching the backlog did not wait for the checkpoint: %v", err)
		case <-time.After(50 * time.Millisecond): // no Update returned meanwhile: one waits
		}
	}
	resume()
	if err := <-committed; err != nil {
		t.Fatal(err)
	}
	WaitCheckpoint(s)
	if got := values(t, s, "file", "frozen", "active0", "more0"); got != "file=1 frozen=2 active0=1 more0=1 " {
		t.Fatalf("after the checkpoint, the store reads %q", got)
	}
	if v := s.published.Load(); v.frozen != nil {
		t.Error("the frozen layer outlived its checkpoint")
	}
}

// TestCrashBetweenCheckpointCommits: the process dies while a checkpoint
// in the background is between its commits (one of four written), after
// commits into the next generation; Open brings back every acknowledged
// write, in order.
func TestCrashBetweenCheckpointCommits(t *testing.T) {
	path := filepath.Join(t.TempDir(), "between.db")
	s := mustOpen(t, path)
	SetCheckpoint(s, 1<<30, 2)
	for i := range 6 {
		update(t, s, put(fmt.Sprint("k", i), "1"))
	}
	reached, resume := PauseCheckpoints(s, 1)
	defer resume()
	SetCheckpointAt(s, 1)
	update(t, s, put("k6", "1")) // freezes k0…k6: commits of 2, 2, 2, 1
	<-reached                    // k0 and k1 are in the file
	SetCheckpointAt(s, 1<<30)
	update(t, s, func(tx store.Tx) error { return errors.Join(tx.Delete("t", "k0"), tx.Put("t", "k5", []byte("2"))) })
	// The kill: the file and logs as they are, the checkpoint stopped.
	if err := errors.Join(s.db.Close(), s.log.close(), s.spare.close()); err != nil {
		t.Fatal(err)
	}
	resume() // it finds the file closed
	<-s.checkpointing
	s = mustOpen(t, path)
	defer s.Close()
	if got := values(t, s, "k0", "k1", "k2", "k3", "k4", "k5", "k6"); got != "k1=1 k2=1 k3=1 k4=1 k5=2 k6=1 " {
		t.Errorf("after the crash, the store holds %q", got)
	}
}
