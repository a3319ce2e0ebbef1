package kms

import (
	"slices"
	"strings"
	"sync"
)

// grantList is a key's grants: read from the store on first need, then
// kept current in place by the writes that change them (grantDelta),
// rather than read again — EBS creates a grant on a key for every
// instance it launches, and reading them all back after each was
// quadratic. They are indexed by grantee, so that an allowed request
// looks only at its own grants.
type grantList struct {
	mu        sync.RWMutex
	loaded    bool
	list      []*grantRecord // by grant id, as the store orders them
	byGrantee map[string][]*grantRecord
}

// load reads the grants with read on first need; a failed read is not
// kept.
func (l *grantList) load(read func() ([]*grantRecord, error)) error {
	l.mu.RLock()
	loaded := l.loaded
	l.mu.RUnlock()
	if loaded {
		return nil
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.loaded {
		return nil
	}
	list, err := read()
	if err != nil {
		return err
	}
	l.list, l.byGrantee, l.loaded = list, map[string][]*grantRecord{}, true
	for _, g := range list {
		l.byGrantee[g.Grantee] = append(l.byGrantee[g.Grantee], g)
	}
	return nil
}

// each calls fn for the grants of grantees (all of them when grantees is
// nil), until fn returns true; the list must have been loaded.
func (l *grantList) each(grantees []string, fn func(*grantRecord) bool) {
	l.mu.RLock()
	defer l.mu.RUnlock()
	if grantees == nil {
		for _, g := range l.list {
			if fn(g) {
				return
			}
		}
		return
	}
	for _, grantee := range grantees {
		for _, g := range l.byGrantee[grantee] {
			if fn(g) {
				return
			}
		}
	}
}

// apply changes a loaded list as a committed write changed the store; a
// list not read yet will read the change. Applying a change the list
// already holds (its read came after the commit) changes nothing.
func (l *grantList) apply(d *grantDelta) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if !l.loaded {
		return
	}
	for _, c := range d.changes {
		id := c.removed
		if c.added != nil {
			id = c.added.ID
		}
		i, found := slices.BinarySearchFunc(l.list, id, func(e *grantRecord, id string) int { return strings.Compare(e.ID, id) })
		if found {
			old := l.list[i]
			l.byGrantee[old.Grantee] = slices.DeleteFunc(l.byGrantee[old.Grantee], func(g *grantRecord) bool { return g.ID == id })
			if len(l.byGrantee[old.Grantee]) == 0 {
				delete(l.byGrantee, old.Grantee)
			}
			l.list = slices.Delete(l.list, i, i+1)
		}
		if c.added != nil {
			l.list = slices.Insert(l.list, i, c.added)
			l.byGrantee[c.added.Grantee] = append(l.byGrantee[c.added.Grantee], c.added)
		}
	}
}

// grantDelta is how a write changed a key's grants, in order.
type grantDelta struct {
	changes []grantChange
	reread  bool // changed in ways only a new read tells
}

// grantChange is a grant created or replaced (added), or deleted (the id
// of removed).
type grantChange struct {
	added   *grantRecord
	removed string
}
