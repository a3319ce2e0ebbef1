package keyring_test

import (
	"errors"
	"testing"

	"github.com/amityhq/amity/internal/service/kms/keyring"
)

// FuzzDecrypt feeds arbitrary blobs and contexts to a ring: it must never
// panic, and every failure must be one of the two blob errors.
func FuzzDecrypt(f *testing.F) {
	ring, _ := newRing(f, newSealer(f), refA, 2)
	f.Fuzz(func(t *testing.T, blob []byte, k, v string) {
		_, err := ring.Decrypt(blob, map[string]string{k: v})
		if err != nil && !errors.Is(err, keyring.ErrMalformed) && !errors.Is(err, keyring.ErrInvalidCiphertext) {
			t.Fatalf("unexpected error %v", err)
		}
		if _, err := keyring.ParseHeader(blob); err != nil && !errors.Is(err, keyring.ErrMalformed) {
			t.Fatalf("ParseHeader: %v", err)
		}
	})
}
