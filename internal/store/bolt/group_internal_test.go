package bolt

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/amityhq/amity/internal/store"
)

// TestAfterCommitPanicReachesItsOwnUpdate: two Updates share a batch and
// the first one's AfterCommit function panics while the second commits
// the batch: the panic goes on up from the first Update, and the second
// one's functions still run and it returns nil.
func TestAfterCommitPanicReachesItsOwnUpdate(t *testing.T) {
	s := mustOpen(t, filepath.Join(t.TempDir(), "hooks.db"))
	defer s.Close()
	second := make(chan error, 1)
	secondRan := false
	panicked := func() (panicked any) {
		defer func() { panicked = recover() }()
		s.Update(context.Background(), func(tx store.Tx) error {
			tx.AfterCommit(func() { panic("the first's bug") })
			go func() {
				second <- s.Update(context.Background(), func(tx store.Tx) error {
					tx.AfterCommit(func() { secondRan = true })
					return tx.Put("t", "second", nil)
				})
			}()
			// Wait for the second to queue for this batch.
			for deadline := time.Now().Add(5 * time.Second); s.waiting.Load() == 0; {
				if time.Now().After(deadline) {
					t.Error("the second Update never queued")
					break
				}
				time.Sleep(time.Millisecond)
			}
			return tx.Put("t", "first", nil)
		})
		return nil
	}()
	if panicked != "the first's bug" {
		t.Errorf("the first Update's caller got %v, want its AfterCommit's panic", panicked)
	}
	if err := <-second; err != nil || !secondRan {
		t.Errorf("the second Update: %v, its AfterCommit ran: %v", err, secondRan)
	}
}
