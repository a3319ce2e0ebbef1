package kms

import (
	"slices"
	"strings"
	"sync"
)

// grantList is a key's grants: read from the store on first need, then
// kept current by the writes that change them (grantDelta) rather than
// read again — EBS creates a grant on a key for every instance it
// launches, and reading them all back after each was quadratic.
type grantList struct {
	mu     sync.Mutex
	loaded bool
	list   []*grantRecord // by grant id, as the store orders them
	read   func() ([]*grantRecord, error)
}

// get returns the grants, reading them on first need; a failed read is
// not kept.
func (l *grantList) get() ([]*grantRecord, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if !l.loaded {
		list, err := l.read()
		if err != nil {
			return nil, err
		}
		l.list, l.loaded = list, true
	}
	return l.list, nil
}

// peek returns the grants if they have been read.
func (l *grantList) peek() ([]*grantRecord, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.list, l.loaded
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

// after returns the list of grants with the delta applied, sharing
// nothing with the old list (readers may hold it).
func (d *grantDelta) after(old []*grantRecord) []*grantRecord {
	list := slices.Clone(old)
	for _, c := range d.changes {
		id := c.removed
		if c.added != nil {
			id = c.added.ID
		}
		i, found := slices.BinarySearchFunc(list, id, func(e *grantRecord, id string) int { return strings.Compare(e.ID, id) })
		switch {
		case c.added == nil && found:
			list = slices.Delete(list, i, i+1)
		case c.added != nil && found:
			list[i] = c.added
		case c.added != nil:
			list = slices.Insert(list, i, c.added)
		}
	}
	return list
}
