package kms

import (
	"sync"
	"sync/atomic"

	"github.com/amityhq/amity/internal/service/kms/keyring"
)

// openedMaterial is a key's material opened for use — its ring, key pair
// or HMAC key, as its kind says — and the KeyMaterialId of each version
// (ids[v-1]), which its answers point to.
type openedMaterial struct {
	ring *keyring.Ring
	pair *keyring.Pair
	mac  *keyring.MAC
	ids  []string
}

// materialSlot holds a key's opened material while it is among the
// recently used ones (openedKeys). The entries of a key share their slot
// until its material changes.
type materialSlot struct {
	opened atomic.Pointer[openedMaterial]
	used   useBit
	// opening is held while the material is opened, so that requests
	// arriving together at a key not opened open it once.
	opening sync.Mutex
}

// openedKeys bounds the key material kept opened. An opened AES-GCM
// version is most of a kilobyte (the expanded key schedule and the GCM
// tables); keeping every used key's opened for good made memory grow
// with the number of keys ever used.
type openedKeys struct {
	sealer keyring.Sealer

	mu    sync.Mutex // guards slots, and every slot's move in or out
	slots clock[*materialSlot]
}

func newOpenedKeys(sealer keyring.Sealer, limit int) *openedKeys {
	return &openedKeys{sealer: sealer, slots: clock[*materialSlot]{limit: limit}}
}

// maxOpenedKeys is how many keys keep their material opened: far more
// than the keys an application uses at once, and ~1 MiB of AES keys.
const maxOpenedKeys = 1024

// get returns rec's opened material, opening it when its slot has none.
// A failed open is not kept: a passing store error must not stay with the
// key.
func (o *openedKeys) get(sl *materialSlot, rec *keyRecord, kind keyKind) (*openedMaterial, error) {
	if m := sl.opened.Load(); m != nil {
		sl.used.touch()
		return m, nil
	}
	sl.opening.Lock()
	defer sl.opening.Unlock()
	if m := sl.opened.Load(); m != nil {
		return m, nil // opened meanwhile by another request
	}
	m, err := openMaterial(o.sealer, rec, kind)
	if err != nil {
		return nil, err
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	sl.used.touch()
	sl.opened.Store(m)
	o.admit(sl)
	return m, nil
}

// admit adds a slot just given its material, dropping the material of
// the slot it replaces.
func (o *openedKeys) admit(sl *materialSlot) {
	used := func(sl *materialSlot) bool { return sl.used.wasUsed() }
	if evicted, full := o.slots.admit(sl, used); full {
		evicted.opened.Store(nil)
	}
}

// openMaterial opens the material of rec, a key of the given kind.
func openMaterial(sealer keyring.Sealer, rec *keyRecord, kind keyKind) (*openedMaterial, error) {
	ref, material := rec.ref(), rec.Material
	m := &openedMaterial{ids: make([]string, len(material))}
	for i := range material {
		m.ids[i] = rec.materialID(uint32(i + 1))
	}
	var err error
	switch kind {
	case symmetricKey:
		m.ring, err = keyring.Open(sealer, ref, material)
	case pairKey:
		m.pair, err = keyring.OpenPair(sealer, ref, rec.spec(), material[0], 1)
	case macKey:
		m.mac, err = keyring.OpenMAC(sealer, ref, rec.spec(), material[0])
	}
	if err != nil {
		return nil, err
	}
	return m, nil
}

// material returns the key's opened material.
func (e *keyEntry) material() (*openedMaterial, error) {
	return e.svc.opened.get(e.slot, e.rec, e.kind)
}

// pair returns the opened key pair of an asymmetric key.
func (e *keyEntry) pair() (*keyring.Pair, error) {
	m, err := e.material()
	if err != nil {
		return nil, err
	}
	return m.pair, nil
}

// mac returns the opened HMAC key of an HMAC key.
func (e *keyEntry) mac() (*keyring.MAC, error) {
	m, err := e.material()
	if err != nil {
		return nil, err
	}
	return m.mac, nil
}
