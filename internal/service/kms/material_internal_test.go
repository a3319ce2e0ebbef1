package kms

import (
	"crypto/rand"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/amityhq/amity/internal/service/kms/keyring"
	"github.com/amityhq/amity/internal/store/seal"
)

// flakySealer fails its first fails Opens, as a passing error would.
type flakySealer struct {
	*seal.Sealer
	mu    sync.Mutex
	fails int
	opens int
}

var errFlaky = errors.New("sealer unavailable")

func (s *flakySealer) Open(sealed, ad []byte) ([]byte, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.opens++
	if s.opens <= s.fails {
		return nil, errFlaky
	}
	return s.Sealer.Open(sealed, ad)
}

func newFlakySealer(t *testing.T, fails int) *flakySealer {
	key := make([]byte, 32)
	_, _ = rand.Read(key)
	s, err := seal.New(key)
	if err != nil {
		t.Fatal(err)
	}
	return &flakySealer{Sealer: s, fails: fails}
}

// symmetricRecord is a record of a symmetric key with one version sealed by s.
func symmetricRecord(t *testing.T, s keyring.Sealer, id string) *keyRecord {
	ref := keyRefOf("111122223333", "us-east-1", id)
	v1, err := keyring.NewVersion(s, rand.Reader, ref, 1)
	if err != nil {
		t.Fatal(err)
	}
	return &keyRecord{Account: ref.Account, Region: ref.Region, ID: id, Material: [][]byte{v1}}
}

// A failed open is tried again; a successful one is not repeated while
// the key stays among the recently used.
func TestOpenedKeysKeepNoFailure(t *testing.T) {
	s := newFlakySealer(t, 1)
	o := newOpenedKeys(s, maxOpenedKeys)
	rec, sl := symmetricRecord(t, s, "1234abcd-12ab-34cd-56ef-1234567890ab"), &materialSlot{}
	if _, err := o.get(sl, rec, symmetricKey); !errors.Is(err, errFlaky) {
		t.Fatalf("first open: err = %v, want the sealer's", err)
	}
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			if m, err := o.get(sl, rec, symmetricKey); err != nil || m.ring == nil || len(m.ids) != 1 {
				t.Errorf("open after a failure = %+v, %v", m, err)
			}
		})
	}
	wg.Wait()
	first, _ := o.get(sl, rec, symmetricKey)
	again, _ := o.get(sl, rec, symmetricKey)
	if first != again || len(o.slots.members) != 1 {
		t.Errorf("reopened: %p then %p, %d slots", first, again, len(o.slots.members))
	}
}

// At most limit keys keep their material opened, and a key used since
// the hand last passed it is kept over one that was not.
func TestOpenedKeysBound(t *testing.T) {
	s := newFlakySealer(t, 0)
	o := newOpenedKeys(s, 2)
	ids := []string{"00000000-0000-4000-8000-000000000001", "00000000-0000-4000-8000-000000000002", "00000000-0000-4000-8000-000000000003"}
	recs, slots := make([]*keyRecord, 3), make([]*materialSlot, 3)
	for i, id := range ids {
		recs[i], slots[i] = symmetricRecord(t, s, id), &materialSlot{}
	}
	use := func(i int) {
		if _, err := o.get(slots[i], recs[i], symmetricKey); err != nil {
			t.Fatal(err)
		}
	}
	use(0)
	use(1)
	slots[1].used.wasUsed() // the hand passed key 1, which was not used since; key 0 was
	slots[0].used.touch()
	use(2)
	opened := func(i int) bool { return slots[i].opened.Load() != nil }
	if !opened(0) || opened(1) || !opened(2) || len(o.slots.members) != 2 {
		t.Errorf("opened: %v %v %v, %d slots; want key 1 evicted", opened(0), opened(1), opened(2), len(o.slots.members))
	}
	before := s.opens
	use(1)
	if s.opens != before+1 || len(o.slots.members) != 2 {
		t.Errorf("an evicted key reopened with %d opens, %d slots", s.opens-before, len(o.slots.members))
	}
}

// gatedSealer holds every Open until release is closed, counting them.
type gatedSealer struct {
	*flakySealer
	entered chan struct{}
	release chan struct{}
}

func (s *gatedSealer) Open(sealed, ad []byte) ([]byte, error) {
	s.entered <- struct{}{}
	<-s.release
	return s.flakySealer.Open(sealed, ad)
}

// Requests arriving together at a key whose material is not opened open
// it once.
func TestOpenedKeysOpenOnceForRequestsTogether(t *testing.T) {
	const requests = 8
	s := &gatedSealer{flakySealer: newFlakySealer(t, 0), entered: make(chan struct{}, requests), release: make(chan struct{})}
	o := newOpenedKeys(s, maxOpenedKeys)
	rec, sl := symmetricRecord(t, s, "1234abcd-12ab-34cd-56ef-1234567890ab"), &materialSlot{}
	var wg sync.WaitGroup
	for range requests {
		wg.Go(func() {
			if _, err := o.get(sl, rec, symmetricKey); err != nil {
				t.Error(err)
			}
		})
	}
	<-s.entered
	time.Sleep(20 * time.Millisecond) // the others reach the slot meanwhile
	close(s.release)
	wg.Wait()
	if n := len(s.entered) + 1; n != 1 {
		t.Errorf("the material was opened %d times, want once", n)
	}
}
