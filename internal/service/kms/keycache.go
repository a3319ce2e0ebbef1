package kms

import (
	"hash/maphash"
	"sync"
	"sync/atomic"

	"github.com/amityhq/amity/internal/service/kms/keyring"
)

// keyCache bounds the keys kept in Service.keys: an entry is most of a
// kilobyte with the Go heap's headroom doubling it, and keeping every key
// ever used made a server's memory grow with its keys, where the store's
// copy serves a key not used lately in microseconds.
//
// A key read from the store must not enter the cache after a write to it
// committed (its entry would be older than the store until the next
// write): writes count themselves, by stripe of key id, and a read whose
// stripe was written meanwhile is used once but not kept. Entries enter
// and leave under mu, so that neither a write's entry nor an eviction
// falls between a read's check and its insert.
type keyCache struct {
	mu      sync.Mutex
	members clock[keyring.Ref]
	writes  [64]atomic.Uint64
}

// maxCachedKeys is how many keys keep their entry: far more than the
// keys an application uses at once.
const maxCachedKeys = 2048

var stripeSeed = maphash.MakeSeed()

// stripe is the count of writes to ref's stripe of keys.
func (c *keyCache) stripe(ref keyring.Ref) *atomic.Uint64 {
	return &c.writes[maphash.String(stripeSeed, ref.KeyID)%uint64(len(c.writes))]
}

// cacheRead puts e, read from the store when the count of writes to its
// stripe was written, into the cache — unless a write committed since, or
// the cache holds an entry already (a write's, newer) — and returns the
// entry to use.
func (s *Service) cacheRead(e *keyEntry, written uint64) *keyEntry {
	ref := e.rec.ref()
	s.cached.mu.Lock()
	defer s.cached.mu.Unlock()
	if s.cached.stripe(ref).Load() != written {
		if v, hit := s.keys.Load(ref); hit {
			return v.(*keyEntry)
		}
		return e
	}
	v, loaded := s.keys.LoadOrStore(ref, e)
	if !loaded {
		s.admitKey(ref)
	}
	return v.(*keyEntry)
}

// cacheWrite puts a committed write's entry of ref into the cache, or
// drops ref's when e is nil.
func (s *Service) cacheWrite(ref keyring.Ref, e *keyEntry) {
	s.cached.mu.Lock()
	defer s.cached.mu.Unlock()
	s.cached.stripe(ref).Add(1)
	if e == nil {
		s.keys.Delete(ref)
		return
	}
	if _, loaded := s.keys.Swap(ref, e); !loaded {
		s.admitKey(ref)
	}
}

// admitKey counts ref among the cached keys, dropping the entry of the
// key it replaces; the caller holds mu.
func (s *Service) admitKey(ref keyring.Ref) {
	evicted, full := s.cached.members.admit(ref, s.keyUsed)
	if full && evicted != ref {
		s.keys.Delete(evicted)
	}
}

// keyUsed reports whether ref's cached entry was used since the last call.
func (s *Service) keyUsed(ref keyring.Ref) bool {
	v, hit := s.keys.Load(ref)
	return hit && v.(*keyEntry).used.wasUsed()
}
