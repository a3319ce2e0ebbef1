package storetest

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/amityhq/amity/internal/store"
)

// testConcurrentUpdates runs Updates from many goroutines, each adding a
// log record and incrementing a shared counter, while Views check that the
// counter always equals the number of log records. A lost update shows in
// the final count; a torn or non-snapshot read shows in a View; an
// AfterCommit function out of commit order, in the counters they saw.
func testConcurrentUpdates(t *testing.T, h *harness) {
	s := h.mustOpen()
	const writers, updatesEach, readers = 8, 16, 4
	var writing sync.WaitGroup
	var hooked []int // the counter each Update wrote, as its AfterCommit saw them
	for w := range writers {
		writing.Go(func() {
			for i := range updatesEach {
				err := s.Update(context.Background(), func(tx store.Tx) error {
					n, err := counter(tx)
					if err != nil {
						return err
					}
					tx.AfterCommit(func() { hooked = append(hooked, n+1) }) // one at a time: no lock
					return errors.Join(
						tx.Put("log", fmt.Sprintf("w%d/%03d", w, i), nil),
						tx.Put("meta", "count", []byte(strconv.Itoa(n+1))))
				})
				if err != nil {
					t.Errorf("writer %d, update %d: %v", w, i, err)
					return
				}
			}
		})
	}
	var stop atomic.Bool
	var views atomic.Int64
	var reading sync.WaitGroup
	for range readers {
		reading.Go(func() {
			for !stop.Load() {
				err := s.View(context.Background(), func(tx store.Tx) error {
					n, err := counter(tx)
					if err != nil {
						return err
					}
					logged := 0
					err = tx.Scan("log", "", "", func(string, []byte) (bool, error) {
						logged++
						return true, nil
					})
					if err == nil && logged != n {
						err = fmt.Errorf("a View saw counter %d but %d log records", n, logged)
					}
					return err
				})
				if err != nil {
					t.Error(err)
					return
				}
				views.Add(1)
			}
		})
	}
	writing.Wait()
	stop.Store(true)
	reading.Wait()
	view(t, s, func(tx store.Tx) error {
		n, err := counter(tx)
		if n != writers*updatesEach || err != nil {
			t.Errorf("counter = %d, %v after %d increments", n, err, writers*updatesEach)
		}
		return nil
	})
	for i, n := range hooked {
		if n != i+1 {
			t.Fatalf("AfterCommit functions ran out of commit order: %v", hooked)
		}
	}
	if len(hooked) != writers*updatesEach {
		t.Errorf("%d AfterCommit functions ran, want %d", len(hooked), writers*updatesEach)
	}
	t.Logf("%d Views ran alongside %d Updates", views.Load(), writers*updatesEach)
}

// counter reads the shared counter of testConcurrentUpdates.
func counter(tx store.Tx) (int, error) {
	v, err := tx.Get("meta", "count")
	if errors.Is(err, store.ErrNotFound) {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	return strconv.Atoi(string(v))
}
