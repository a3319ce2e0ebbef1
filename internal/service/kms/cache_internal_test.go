package kms

import (
	"errors"
	"sync"
	"testing"
)

// A failed read is tried again; a successful one is never repeated.
func TestReadOnceKeepsNoFailure(t *testing.T) {
	calls := 0
	failing := errors.New("store unavailable")
	get := readOnce(func() (int, error) {
		calls++
		if calls == 1 {
			return 0, failing
		}
		return 42, nil
	})
	if _, err := get(); !errors.Is(err, failing) {
		t.Fatalf("first read: err = %v, want the store's", err)
	}
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			if v, err := get(); v != 42 || err != nil {
				t.Errorf("read after a failure = %d, %v; want 42", v, err)
			}
		})
	}
	wg.Wait()
	if calls != 2 {
		t.Errorf("read called %d times, want 2", calls)
	}
}
