package kms

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/amityhq/amity/internal/api/kmsapi"
	"github.com/amityhq/amity/internal/policy"
	"github.com/amityhq/amity/internal/service/kms/keyring"
	"github.com/amityhq/amity/internal/store"
)

// keyEntry is a key as requests use it: the record, its compiled policy,
// its spec, and — read on first need — its opened key material (a ring, a
// key pair or an HMAC key, as its kind says) and its grants. Entries are
// immutable; a write replaces the entry.
type keyEntry struct {
	rec    *keyRecord
	arn    string
	policy *policy.Policy
	spec   *keySpec
	kind   keyKind
	ring   func() (*keyring.Ring, error)
	pair   func() (*keyring.Pair, error)
	mac    func() (*keyring.MAC, error)
	grants *grantList
	// materialIDs are the KeyMaterialId of each version (index v-1).
	materialIDs []string
	// The key's own condition values: kms:KeySpec, kms:KeyUsage,
	// kms:KeyOrigin, kms:MultiRegion and kms:MultiRegionKeyType (nil for a
	// single-Region key).
	specValue, usageValue, originValue     []string
	multiRegionValue, multiRegionTypeValue []string
}

// key returns the key ref names, from the cache or the store; ok is false
// when there is no such key or it has been deleted.
func (s *Service) key(ctx context.Context, ref keyring.Ref) (*keyEntry, bool, error) {
	if e, hit := s.keys.load(ref); hit {
		return e, !e.rec.deleted(s.now()), nil
	}
	return s.loadKey(ctx, ref)
}

// loadKey reads a key missing from the cache and caches it. Apart from
// key, since its closure would move ref to the heap on every lookup.
func (s *Service) loadKey(ctx context.Context, ref keyring.Ref) (e *keyEntry, ok bool, err error) {
	var rec *keyRecord
	err = s.store.View(ctx, func(tx store.Tx) error {
		rec, ok, err = getRecord[keyRecord](tx, keysTable, keyKey(ref))
		return err
	})
	if err != nil || !ok {
		return nil, false, err
	}
	if e, err = s.newEntry(rec, nil, nil); err != nil {
		return nil, false, err
	}
	// A write that committed meanwhile has stored a newer entry: keep it.
	e = s.keys.loadOrStore(ref, e)
	return e, !e.rec.deleted(s.now()), nil
}

// newEntry builds the entry of rec. It keeps prev's opened ring when the
// material is unchanged, and prev's grants, changed by delta when not nil.
func (s *Service) newEntry(rec *keyRecord, prev *keyEntry, delta *grantDelta) (*keyEntry, error) {
	p, doc, err := s.policies.compile(rec.Policy)
	if err != nil {
		return nil, fmt.Errorf("kms: stored policy of %s: %w", rec.ref().ARN(), err)
	}
	// The entry's own copy, holding the one copy of each distinct document
	// in memory; rec may be shared with readers already.
	own := *rec
	own.Policy = doc
	rec = &own
	e := &keyEntry{rec: rec, arn: rec.ref().ARN(), policy: p, spec: keySpecs[rec.spec()], kind: kindOf(rec.spec())}
	if e.spec == nil {
		return nil, fmt.Errorf("kms: stored key %s has key spec %q", e.arn, rec.Spec)
	}
	e.conditionValues(prev)
	if prev != nil && slices.EqualFunc(prev.rec.Material, rec.Material, bytes.Equal) {
		e.ring, e.pair, e.mac, e.materialIDs = prev.ring, prev.pair, prev.mac, prev.materialIDs
	} else {
		s.openMaterial(e)
	}
	e.grants = s.grantsAfter(rec.ref(), prev, delta)
	return e, nil
}

// grantsAfter is the grant list of a key's new entry: prev's, changed in
// place by the delta, unless only a new read tells the change.
func (s *Service) grantsAfter(ref keyring.Ref, prev *keyEntry, delta *grantDelta) *grantList {
	if prev != nil && (delta == nil || !delta.reread) {
		if delta != nil {
			prev.grants.apply(delta)
		}
		return prev.grants
	}
	return &grantList{read: func() ([]*grantRecord, error) { return s.readGrants(context.Background(), ref) }}
}

// openMaterial gives e the functions opening its key material, on first
// need, and the ids of its material versions.
func (s *Service) openMaterial(e *keyEntry) {
	ref, material, spec := e.rec.ref(), e.rec.Material, e.rec.spec()
	e.materialIDs = make([]string, len(material))
	for i := range material {
		e.materialIDs[i] = e.rec.materialID(uint32(i + 1))
	}
	switch e.kind {
	case symmetricKey:
		e.ring = readOnce(func() (*keyring.Ring, error) { return keyring.Open(s.sealer, ref, material) })
	case pairKey:
		e.pair = readOnce(func() (*keyring.Pair, error) { return keyring.OpenPair(s.sealer, ref, spec, material[0], 1) })
	case macKey:
		e.mac = readOnce(func() (*keyring.MAC, error) { return keyring.OpenMAC(s.sealer, ref, spec, material[0]) })
	}
}

// conditionValues sets the key's own condition values, shared with prev
// or, for symmetric keys, with every key.
func (e *keyEntry) conditionValues(prev *keyEntry) {
	rec := e.rec
	e.multiRegionValue = falseValue
	if rec.MultiRegion != nil {
		e.multiRegionValue, e.multiRegionTypeValue = trueValue, primaryValue
		if rec.isReplica() {
			e.multiRegionTypeValue = replicaValue
		}
	}
	switch {
	case prev != nil && prev.rec.spec() == rec.spec() && prev.rec.usage() == rec.usage() && prev.rec.origin() == rec.origin():
		e.specValue, e.usageValue, e.originValue = prev.specValue, prev.usageValue, prev.originValue
		return
	case rec.spec() == kmsapi.KeySpecSymmetricDefault:
		e.specValue, e.usageValue = symmetricDefault, encryptDecrypt
	default:
		e.specValue, e.usageValue = []string{rec.spec()}, []string{rec.usage()}
	}
	e.originValue = awsKMS
	if rec.origin() != kmsapi.OriginTypeAwsKms {
		e.originValue = []string{rec.origin()}
	}
}

// readOnce returns a function that calls read until it first succeeds and
// from then on returns what it read. Unlike sync.OnceValues it keeps no
// failure: a passing store error must not stay with a cached key until
// the key's next write.
func readOnce[T any](read func() (T, error)) func() (T, error) {
	var (
		mu   sync.Mutex
		done atomic.Bool
		v    T
	)
	return func() (T, error) {
		if done.Load() {
			return v, nil
		}
		mu.Lock()
		defer mu.Unlock()
		if !done.Load() {
			got, err := read()
			if err != nil {
				return got, err
			}
			v = got
			done.Store(true)
		}
		return v, nil
	}
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

// changes collects what a write transaction changed, for the cache.
type changes struct {
	keys    map[keyring.Ref]*keyRecord
	grants  map[keyring.Ref]*grantDelta // keys whose grants changed
	aliases map[string]*aliasRecord     // by aliasKey; nil for a deleted alias
}

func (c *changes) key(rec *keyRecord) { c.keys[rec.ref()] = rec }

func (c *changes) delta(ref keyring.Ref) *grantDelta {
	d := c.grants[ref]
	if d == nil {
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
		c := &changes{keys: map[keyring.Ref]*keyRecord{}, grants: map[keyring.Ref]*grantDelta{}, aliases: map[string]*aliasRecord{}}
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
			if e, hit := s.keys.load(ref); hit {
				c.keys[ref] = e.rec
			}
		}
	}
	for ref, rec := range c.keys {
		prev, _ := s.keys.load(ref)
		e, err := s.newEntry(rec, prev, c.grants[ref])
		if err != nil {
			s.keys.delete(ref) // the next read rebuilds it from the store, and fails there
			continue
		}
		s.keys.store(ref, e)
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
