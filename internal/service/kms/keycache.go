package kms

import (
	"sync"

	"github.com/amityhq/amity/internal/service/kms/keyring"
)

// keyCache maps keys to their cache entries. A typed map under a
// read-write lock rather than a sync.Map: a sync.Map's key is an
// interface, and putting a Ref in one allocates on every lookup, which
// every cryptographic request makes.
type keyCache struct {
	mu sync.RWMutex
	m  map[keyring.Ref]*keyEntry
}

func (c *keyCache) load(ref keyring.Ref) (*keyEntry, bool) {
	c.mu.RLock()
	e, ok := c.m[ref]
	c.mu.RUnlock()
	return e, ok
}

// loadOrStore returns the entry of ref, storing e first when there is none.
func (c *keyCache) loadOrStore(ref keyring.Ref, e *keyEntry) *keyEntry {
	c.mu.Lock()
	defer c.mu.Unlock()
	if prev, ok := c.m[ref]; ok {
		return prev
	}
	c.storeLocked(ref, e)
	return e
}

func (c *keyCache) store(ref keyring.Ref, e *keyEntry) {
	c.mu.Lock()
	c.storeLocked(ref, e)
	c.mu.Unlock()
}

func (c *keyCache) storeLocked(ref keyring.Ref, e *keyEntry) {
	if c.m == nil {
		c.m = make(map[keyring.Ref]*keyEntry)
	}
	c.m[ref] = e
}

func (c *keyCache) delete(ref keyring.Ref) {
	c.mu.Lock()
	delete(c.m, ref)
	c.mu.Unlock()
}
