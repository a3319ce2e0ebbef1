package kms

import (
	"hash/maphash"
	"sync"
	"sync/atomic"

	"github.com/amityhq/amity/internal/service/kms/keyring"
)

// keyCache holds the entries of the keys used lately. It is bounded: an
// entry is most of a kilobyte with the Go heap's headroom doubling it,
// and keeping every key ever used made a server's memory grow with its
// keys, where the store's copy serves a key not used lately in
// microseconds.
//
// A typed map under a read-write lock rather than a sync.Map: a
// sync.Map's key is an interface, and putting a Ref in one allocates on
// every lookup, which every cryptographic request makes.
//
// A key read from the store must not enter the cache after a write to it
// committed (its entry would be older than the store until the next
// write): writes count themselves, by stripe of key id, and a read whose
// stripe was written meanwhile is used once but not kept. Entries enter
// and leave under mu's write lock, so that neither a write's entry nor an
// eviction falls between a read's check and its insert.
//
// m's keys are exactly the clock's members: a key whose entry a failed
// write dropped stays a member with a nil entry (a miss) until evicted,
// so that its next entry does not make it a member twice.
type keyCache struct {
	mu      sync.RWMutex
	m       map[keyring.Ref]*keyEntry
	members clock[keyring.Ref]
	writes  [64]atomic.Uint64
}

// maxCachedKeys is how many keys keep their entry: far more than the
// keys an application uses at once.
const maxCachedKeys = 2048

func newKeyCache(limit int) *keyCache {
	return &keyCache{m: make(map[keyring.Ref]*keyEntry), members: clock[keyring.Ref]{limit: limit}}
}

var stripeSeed = maphash.MakeSeed()

// stripe is the count of writes to ref's stripe of keys.
func (c *keyCache) stripe(ref keyring.Ref) *atomic.Uint64 {
	return &c.writes[maphash.String(stripeSeed, ref.KeyID)%uint64(len(c.writes))]
}

// load returns ref's cached entry, marking it used.
func (c *keyCache) load(ref keyring.Ref) (*keyEntry, bool) {
	c.mu.RLock()
	e := c.m[ref]
	c.mu.RUnlock()
	if e == nil {
		return nil, false
	}
	e.used.touch()
	return e, true
}

// peek returns ref's cached entry without marking it used.
func (c *keyCache) peek(ref keyring.Ref) (*keyEntry, bool) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	e := c.m[ref]
	return e, e != nil
}

// cacheRead puts e, read from the store when writes, the count of writes
// to its stripe, was written, into the cache — unless a write committed
// since, or the cache holds an entry already (a write's, newer) — and
// returns the entry to use.
func (c *keyCache) cacheRead(e *keyEntry, writes *atomic.Uint64, written uint64) *keyEntry {
	ref := e.rec.ref()
	c.mu.Lock()
	defer c.mu.Unlock()
	if prev := c.m[ref]; prev != nil {
		return prev
	}
	if writes.Load() == written {
		c.put(ref, e)
	}
	return e
}

// cacheWrite puts a committed write's entry of ref into the cache, or
// drops ref's when e is nil.
func (c *keyCache) cacheWrite(ref keyring.Ref, e *keyEntry) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.stripe(ref).Add(1)
	if e == nil {
		if _, member := c.m[ref]; member {
			c.m[ref] = nil
		}
		return
	}
	c.put(ref, e)
}

// put makes e ref's entry, counting ref among the cached keys if it is
// not one (dropping the key it replaces); the caller holds mu's write
// lock.
func (c *keyCache) put(ref keyring.Ref, e *keyEntry) {
	_, member := c.m[ref]
	c.m[ref] = e
	if member {
		return
	}
	if evicted, full := c.members.admit(ref, c.usedLocked); full {
		delete(c.m, evicted)
	}
}

// usedLocked reports whether ref's cached entry was used since the last
// call; the caller holds mu's write lock.
func (c *keyCache) usedLocked(ref keyring.Ref) bool {
	e := c.m[ref]
	return e != nil && e.used.wasUsed()
}
