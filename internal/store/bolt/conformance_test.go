package bolt_test

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/amityhq/amity/internal/store"
	"github.com/amityhq/amity/internal/store/bolt"
	"github.com/amityhq/amity/internal/store/storetest"
)

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) func() (store.Store, error) {
		path := filepath.Join(t.TempDir(), "test.db")
		return func() (store.Store, error) { return bolt.Open(path, time.Second) }
	})
}

// TestConformanceCheckpointing runs the suite with a checkpoint at every
// commit, in commits of two entries: what the tests write is read from the
// file as much as from the overlay, and Views begin while checkpoints run.
func TestConformanceCheckpointing(t *testing.T) {
	storetest.Run(t, func(t *testing.T) func() (store.Store, error) {
		path := filepath.Join(t.TempDir(), "test.db")
		return func() (store.Store, error) {
			s, err := bolt.Open(path, time.Second)
			if err == nil {
				bolt.SetCheckpoint(s, 1, 2)
			}
			return s, err
		}
	})
}
