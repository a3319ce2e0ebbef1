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
