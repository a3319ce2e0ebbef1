package memory_test

import (
	"testing"

	"github.com/amityhq/amity/internal/store"
	"github.com/amityhq/amity/internal/store/memory"
	"github.com/amityhq/amity/internal/store/storetest"
)

// The memory store keeps every contract but durability across a crash:
// a Store opened over the same State sees what the last one committed.
func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) func() (store.Store, error) {
		st := new(memory.State)
		return func() (store.Store, error) { return memory.Open(st), nil }
	})
}
