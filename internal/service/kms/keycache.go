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
	e, ok := c.m[ref]
	c.mu.RUnlock()
	if ok {
		e.used.touch()
	}
	return e, ok
}

// peek returns ref's cached entry without marking it used.
func (c *keyCache) peek(ref keyring.Ref) (*keyEntry, bool) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	e, ok := c.m[ref]
	return e, ok
}

// cacheRead puts e, read from the store when the count of writes to its
// stripe was written, into the cache — unless a write committed since, or
// the cache holds an entry already (a write's, newer) — and returns the
// entry to use.
func (c *keyCache) cacheRead(e *keyEntry, written uint64) *keyEntry {
	ref := e.rec.ref()
	c.mu.Lock()
	defer c.mu.Unlock()
	if prev, hit := c.m[ref]; hit {
		return prev
	}
	if c.stripe(ref).Load() == written {
		c.m[ref] = e
		c.admit(ref)
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
		delete(c.m, ref)
		return
	}
	_, had := c.m[ref]
	c.m[ref] = e
	if !had {
		c.admit(ref)
	}
}

// admit counts ref among the cached keys, dropping the entry of the key
// it replaces; the caller holds mu's write lock.
func (c *keyCache) admit(ref keyring.Ref) {
	evicted, full := c.members.admit(ref, c.usedLocked)
	if full && evicted != ref {
		delete(c.m, evicted)
	}
}

// usedLocked reports whether ref's cached entry was used since the last
// call; the caller holds mu's write lock.
func (c *keyCache) usedLocked(ref keyring.Ref) bool {
	e, hit := c.m[ref]
	return hit && e.used.wasUsed()
}
