package kms

import (
	"fmt"
	"testing"
)

func cachedEntry(i int) *keyEntry {
	e := &keyEntry{rec: &keyRecord{Account: "111122223333", Region: "us-east-1", ID: fmt.Sprintf("00000000-0000-4000-8000-%012d", i)}}
	e.used.touch()
	return e
}

func cachedCount(s *Service) int {
	n := 0
	s.keys.Range(func(any, any) bool { n++; return true })
	return n
}

// A key read from the store while a write to it committed is used once
// but not cached, even when the write's entry has left the cache; a read
// no write overtook is cached, and a write's entry is kept over a read's.
func TestKeyCacheReadOvertakenByWrite(t *testing.T) {
	s := New(Options{})
	stale, fresh := cachedEntry(1), cachedEntry(1)
	ref := stale.rec.ref()
	written := s.cached.stripe(ref).Load()
	s.cacheWrite(ref, fresh)
	s.keys.Delete(ref) // evicted
	if got := s.cacheRead(stale, written); got != stale {
		t.Errorf("read returned %p, want its own entry %p", got, stale)
	}
	if _, hit := s.keys.Load(ref); hit {
		t.Fatal("a read overtaken by a write was cached")
	}
	if got := s.cacheRead(stale, s.cached.stripe(ref).Load()); got != stale || cachedCount(s) != 1 {
		t.Fatalf("a read no write overtook: got %p, %d cached", got, cachedCount(s))
	}
	s.cacheWrite(ref, fresh)
	if got := s.cacheRead(cachedEntry(1), s.cached.stripe(ref).Load()); got != fresh {
		t.Errorf("read returned %p over the write's entry %p", got, fresh)
	}
}

// At most the limit of keys are cached; a key used since the hand last
// passed it stays over one that was not; a dropped key leaves no entry.
func TestKeyCacheBound(t *testing.T) {
	s := New(Options{})
	s.cached.members.limit = 3
	entries := make([]*keyEntry, 6)
	for i := range entries {
		entries[i] = cachedEntry(i)
	}
	for _, e := range entries[:3] {
		s.cacheWrite(e.rec.ref(), e)
	}
	entries[1].used.wasUsed() // the hand passed key 1, not used since
	s.cacheWrite(entries[3].rec.ref(), entries[3])
	if _, hit := s.keys.Load(entries[1].rec.ref()); hit || cachedCount(s) != 3 {
		t.Errorf("key 1, unused, cached: %v; %d cached", hit, cachedCount(s))
	}
	for _, e := range entries[4:] {
		s.cacheRead(e, s.cached.stripe(e.rec.ref()).Load())
	}
	if n := cachedCount(s); n != 3 {
		t.Errorf("%d keys cached, limit 3", n)
	}
	s.cacheWrite(entries[5].rec.ref(), nil)
	if _, hit := s.keys.Load(entries[5].rec.ref()); hit {
		t.Error("a dropped key is cached")
	}
}
