package store_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/amityhq/amity/internal/store"
	"github.com/amityhq/amity/internal/store/bolt"
)

// TestGuardKnowsWhoHoldsATransaction: Held is true inside View and Update
// on the goroutine running them, and on no other.
func TestGuardKnowsWhoHoldsATransaction(t *testing.T) {
	st, err := bolt.Open(t.TempDir()+"/db", time.Second)
	if err != nil {
		t.Fatal(err)
	}
	g := store.Guard(st)
	defer g.Close()
	ctx := context.Background()
	if g.Held() {
		t.Fatal("held before any transaction")
	}
	var elsewhere bool
	err = g.Update(ctx, func(store.Tx) error {
		if !g.Held() {
			t.Error("Update: not held inside")
		}
		var wg sync.WaitGroup
		wg.Add(1)
		go func() { defer wg.Done(); elsewhere = g.Held() }()
		wg.Wait()
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if elsewhere {
		t.Error("another goroutine was seen holding the transaction")
	}
	if err := g.View(ctx, func(store.Tx) error {
		if !g.Held() {
			t.Error("View: not held inside")
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if g.Held() {
		t.Error("held after the transactions ended")
	}
}
