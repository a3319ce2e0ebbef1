package bolt_test

import (
	"testing"
	"time"

	"github.com/amityhq/amity/internal/store/bolt"
)

// openStore opens the store at path, waiting up to a second for its lock,
// and fails tb when it cannot.
func openStore(tb testing.TB, path string) *bolt.Store {
	tb.Helper()
	s, err := bolt.Open(path, time.Second)
	if err != nil {
		tb.Fatal(err)
	}
	return s
}
