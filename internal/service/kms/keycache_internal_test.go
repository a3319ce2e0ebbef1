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

// cachedCount is the number of keys with an entry.
func cachedCount(c *keyCache) int {
	n := 0
	for _, e := range c.m {
		if e != nil {
			n++
		}
	}
	return n
}

// A key read from the store while a write to it committed is used once
// but not cached, even when the write's entry has left the cache; a read
// no write overtook is cached, and a write's entry is kept over a read's.
func TestKeyCacheReadOvertakenByWrite(t *testing.T) {
	c := newKeyCache(maxCachedKeys)
	stale, fresh := cachedEntry(1), cachedEntry(1)
	ref := stale.rec.ref()
	written := c.stripe(ref).Load()
	c.cacheWrite(ref, fresh)
	delete(c.m, ref) // evicted
	if got := c.cacheRead(stale, c.stripe(ref), written); got != stale {
		t.Errorf("read returned %p, want its own entry %p", got, stale)
	}
	if _, hit := c.peek(ref); hit {
		t.Fatal("a read overtaken by a write was cached")
	}
	if got := c.cacheRead(stale, c.stripe(ref), c.stripe(ref).Load()); got != stale || cachedCount(c) != 1 {
		t.Fatalf("a read no write overtook: got %p, %d cached", got, cachedCount(c))
	}
	c.cacheWrite(ref, fresh)
	if got := c.cacheRead(cachedEntry(1), c.stripe(ref), c.stripe(ref).Load()); got != fresh {
		t.Errorf("read returned %p over the write's entry %p", got, fresh)
	}
}

// At most the limit of keys are cached; a key used since the hand last
// passed it stays over one that was not; a dropped key leaves no entry.
func TestKeyCacheBound(t *testing.T) {
	c := newKeyCache(maxCachedKeys)
	c.members.limit = 3
	entries := make([]*keyEntry, 6)
	for i := range entries {
		entries[i] = cachedEntry(i)
	}
	for _, e := range entries[:3] {
		c.cacheWrite(e.rec.ref(), e)
	}
	entries[1].used.wasUsed() // the hand passed key 1, not used since
	c.cacheWrite(entries[3].rec.ref(), entries[3])
	if _, hit := c.peek(entries[1].rec.ref()); hit || cachedCount(c) != 3 {
		t.Errorf("key 1, unused, cached: %v; %d cached", hit, cachedCount(c))
	}
	for _, e := range entries[4:] {
		writes := c.stripe(e.rec.ref())
		c.cacheRead(e, writes, writes.Load())
	}
	if n := cachedCount(c); n != 3 {
		t.Errorf("%d keys cached, limit 3", n)
	}
	c.cacheWrite(entries[5].rec.ref(), nil)
	if _, hit := c.peek(entries[5].rec.ref()); hit {
		t.Error("a dropped key is cached")
	}
}

// A key whose entry a failed write dropped stays one member: entries it
// gets again do not take the places of other keys.
func TestKeyCacheDroppedKeyKeepsOnePlace(t *testing.T) {
	c := newKeyCache(maxCachedKeys)
	c.members.limit = 3
	entries := []*keyEntry{cachedEntry(0), cachedEntry(1), cachedEntry(2)}
	for _, e := range entries {
		c.cacheWrite(e.rec.ref(), e)
	}
	last := entries[2].rec.ref()
	for range 2 {
		c.cacheWrite(last, nil)
		if _, hit := c.peek(last); hit {
			t.Fatal("a dropped key is cached")
		}
		c.cacheWrite(last, cachedEntry(2))
	}
	if n := cachedCount(c); n != 3 || len(c.members.members) != 3 {
		t.Errorf("%d keys cached, %d members; want 3 and 3", n, len(c.members.members))
	}
}
