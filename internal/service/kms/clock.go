package kms

import "sync/atomic"

// clock bounds a cache by CLOCK (second chance): a member used since the
// hand last passed it stays for another turn, so that a use costs its
// cache an atomic bit set, with no lock and no list to reorder. Its
// owner locks it.
type clock[T any] struct {
	limit   int
	members []T
	hand    int
}

// admit adds m. When the cache is full, m takes the place of the first
// member the hand finds unused since it last passed — or, should requests
// keep using every member, the one under the hand after two turns — which
// admit returns for the owner to drop. used reports whether a member was
// used and clears its bit.
func (c *clock[T]) admit(m T, used func(T) bool) (evicted T, full bool) {
	if len(c.members) < c.limit {
		c.members = append(c.members, m)
		return evicted, false
	}
	for range 2 * len(c.members) {
		if !used(c.members[c.hand]) {
			break
		}
		c.hand = (c.hand + 1) % len(c.members)
	}
	evicted, c.members[c.hand] = c.members[c.hand], m
	c.hand = (c.hand + 1) % len(c.members)
	return evicted, true
}

// useBit is a cache member's CLOCK bit: set by each use — an atomic
// load, and a store only the first time after the hand passed — and
// cleared by the hand.
type useBit struct{ b atomic.Bool }

func (u *useBit) touch() {
	if !u.b.Load() {
		u.b.Store(true)
	}
}

// wasUsed reports whether the member was used since the last call.
func (u *useBit) wasUsed() bool { return u.b.Swap(false) }
