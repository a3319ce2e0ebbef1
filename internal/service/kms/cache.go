package kms

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"sync"

	"github.com/amityhq/amity/internal/policy"
	"github.com/amityhq/amity/internal/service/kms/keyring"
	"github.com/amityhq/amity/internal/store"
)

// keyEntry is a key as requests use it: the record, its compiled policy,
// its traits, its opened key material while recently used (a ring, a key
// pair or an HMAC key, as its kind says) and its grants, read on first
// need. Entries are immutable (but for their use bit); a write replaces
// the entry. An entry is
// kept small: what keys share is shared (traits, policy), what is large
// is opened on demand, and only the keys used lately are cached
// (keyCache).
type keyEntry struct {
	rec    *keyRecord
	arn    string
	policy *policy.Policy
	*keyTraits
	svc    *Service
	slot   *materialSlot
	grants *grantList
	used   useBit // keyCache's
}

// key returns the key ref names, from the cache or the store; ok is false
// when there is no such key or it has been deleted.
func (s *Service) key(ctx context.Context, ref keyring.Ref) (*keyEntry, bool, error) {
	if e, hit := s.keys.load(ref); hit {
		return e, !e.rec.deletedNow(s.now), nil
	}
	return s.loadKey(ctx, ref)
}

// loadKey reads a key missing from the cache and caches it. Apart from
// key, since its closure would move ref to the heap on every lookup.
func (s *Service) loadKey(ctx context.Context, ref keyring.Ref) (e *keyEntry, ok bool, err error) {
	writes := s.keys.stripe(ref)
	written := writes.Load()
	var rec *keyRecord
	err = s.store.View(ctx, func(tx store.Tx) error {
		rec, ok, err = getKey(tx, ref)
		return err
	})
	if err != nil || !ok {
		return nil, false, err
	}
	if e, err = s.newEntry(rec, nil, nil); err != nil {
		return nil, false, err
	}
	e = s.keys.cacheRead(e, writes, written)
	return e, !e.rec.deletedNow(s.now), nil
}

// newEntry builds the entry of rec. It keeps prev's opened material when
// the material is unchanged, and prev's grants, changed by delta when not
// nil.
func (s *Service) newEntry(rec *keyRecord, prev *keyEntry, delta *grantDelta) (*keyEntry, error) {
	p, doc, err := s.policies.compile(rec.Policy)
	if err != nil {
		return nil, fmt.Errorf("kms: stored policy of %s: %w", rec.ref().ARN(), err)
	}
	t, ok := traitsOf(rec)
	if !ok {
		return nil, fmt.Errorf("kms: stored key %s has key spec %q", rec.ref().ARN(), rec.Spec)
	}
	// The entry's own copy, holding the one copy of each distinct document
	// in memory; rec may be shared with readers already.
	own := *rec
	own.Policy = doc
	arn := rec.ref().ARN()
	own.shareStrings(arn, t)
	e := &keyEntry{rec: &own, arn: arn, policy: p, keyTraits: t, svc: s}
	e.used.touch()
	if prev != nil && slices.EqualFunc(prev.rec.Material, rec.Material, bytes.Equal) {
		e.slot = prev.slot
	} else {
		e.slot = &materialSlot{}
	}
	e.grants = grantsAfter(prev, delta)
	return e, nil
}

// shareStrings points r's account, Region and key id into arn, its ARN,
// and its spec, usage and origin to t's: a cached key holds one string
// of its own. Otherwise those of a new key would keep alive the request
// they came from (its Region is a substring of the request's
// Authorization header).
func (r *keyRecord) shareStrings(arn string, t *keyTraits) {
	p := len("arn:aws:kms:")
	r.Region = arn[p : p+len(r.Region)]
	p += len(r.Region) + len(":")
	r.Account = arn[p : p+len(r.Account)]
	r.ID = arn[len(arn)-len(r.ID):]
	if r.Spec != "" {
		r.Spec = t.specValue[0]
	}
	if r.Usage != "" {
		r.Usage = t.usageValue[0]
	}
	if r.Origin != "" {
		r.Origin = t.originValue[0]
	}
}

// grantsAfter is the grant list of a key's new entry: prev's, changed in
// place by the delta, unless only a new read tells the change.
func grantsAfter(prev *keyEntry, delta *grantDelta) *grantList {
	if prev != nil && (delta == nil || !delta.reread) {
		if delta != nil {
			prev.grants.apply(delta)
		}
		return prev.grants
	}
	return &grantList{}
}

// loadGrants reads the key's grants on first need.
func (e *keyEntry) loadGrants() error {
	return e.grants.load(func() ([]*grantRecord, error) { return e.svc.readGrants(context.Background(), e.rec.ref()) })
}

// readGrants reads the grants of a key from the store.
func (s *Service) readGrants(ctx context.Context, ref keyring.Ref) ([]*grantRecord, error) {
	var grants []*grantRecord
	err := s.store.View(ctx, func(tx store.Tx) error {
		var err error
		grants, err = scanGrants(tx, ref)
		return err
	})
	return grants, err
}

// changes collects what a write transaction changed, for the cache. Its
// grants and aliases are made by the first change of theirs: most writes
// (every CreateKey without an alias) change neither.
type changes struct {
	keys    map[keyring.Ref]*keyRecord
	grants  map[keyring.Ref]*grantDelta // keys whose grants changed
	aliases map[string]*aliasRecord     // by aliasKey; nil for a deleted alias
}

func (c *changes) key(rec *keyRecord) { c.keys[rec.ref()] = rec }

func (c *changes) delta(ref keyring.Ref) *grantDelta {
	d := c.grants[ref]
	if d == nil {
		if c.grants == nil {
			c.grants = map[keyring.Ref]*grantDelta{}
		}
		d = &grantDelta{}
		c.grants[ref] = d
	}
	return d
}

// grantAdded notes a grant created (or replaced) on ref.
func (c *changes) grantAdded(ref keyring.Ref, g *grantRecord) {
	d := c.delta(ref)
	d.changes = append(d.changes, grantChange{added: g})
}

// grantRemoved notes a grant of ref deleted.
func (c *changes) grantRemoved(ref keyring.Ref, id string) {
	d := c.delta(ref)
	d.changes = append(d.changes, grantChange{removed: id})
}

// grantsOf notes that ref's grants changed in ways only a read tells.
func (c *changes) grantsOf(ref keyring.Ref) { c.delta(ref).reread = true }

// update runs fn in a write transaction and, once it has committed, puts
// the records fn changed into the cache. The cache is changed in the
// store's AfterCommit functions, which run in commit order: it never holds
// an older record than the store, and concurrent writes share commits.
func (s *Service) update(ctx context.Context, fn func(tx store.Tx, c *changes) error) error {
	return s.store.Update(ctx, func(tx store.Tx) error {
		c := &changes{keys: map[keyring.Ref]*keyRecord{}}
		if err := fn(tx, c); err != nil {
			return err
		}
		tx.AfterCommit(func() { s.apply(c) })
		return nil
	})
}

// apply puts a committed write's changes into the cache.
func (s *Service) apply(c *changes) {
	for k, a := range c.aliases {
		s.aliases.Store(k, a)
	}
	for ref := range c.grants {
		if _, ok := c.keys[ref]; !ok {
			if e, hit := s.keys.peek(ref); hit {
				c.keys[ref] = e.rec
			}
		}
	}
	for ref, rec := range c.keys {
		prev, _ := s.keys.peek(ref)
		e, err := s.newEntry(rec, prev, c.grants[ref])
		if err != nil {
			s.keys.cacheWrite(ref, nil) // the next read rebuilds it from the store, and fails there
			continue
		}
		s.keys.cacheWrite(e.rec.ref(), e) // the entry's strings, not the request's
	}
}

// documentCache compiles each distinct key policy once: most keys of an
// account share the default policy, and compiling costs far more than a
// decision.
type documentCache struct {
	mu   sync.Mutex
	docs map[string]compiledDocument
}

const maxCachedDocuments = 4096

// compile returns the compiled document, and the cache's copy of the
// document text for the caller to keep instead of its own.
func (c *documentCache) compile(doc string) (*policy.Policy, string, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.docs[doc]; ok {
		return e.policy, e.doc, nil
	}
	p, err := policy.Parse(policy.Key, "key policy", doc)
	if err != nil {
		return nil, "", err
	}
	if c.docs == nil || len(c.docs) >= maxCachedDocuments {
		c.docs = make(map[string]compiledDocument)
	}
	c.docs[doc] = compiledDocument{p, doc}
	return p, doc, nil
}

type compiledDocument struct {
	policy *policy.Policy
	doc    string
}
