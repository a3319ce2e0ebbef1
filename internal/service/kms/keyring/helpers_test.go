package keyring_test

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"errors"
	"testing"

	"github.com/amityhq/amity/internal/service/kms/keyring"
)

// testSealer seals with a fixed AES-GCM key, like the store's master key.
type testSealer struct{ aead cipher.AEAD }

func newSealer(t testing.TB) *testSealer {
	block, err := aes.NewCipher(make([]byte, 32))
	if err != nil {
		t.Fatal(err)
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		t.Fatal(err)
	}
	return &testSealer{aead: aead}
}

func (s *testSealer) Seal(p, ad []byte) []byte {
	nonce := make([]byte, s.aead.NonceSize())
	_, _ = rand.Read(nonce) // crypto/rand.Read never fails
	return s.aead.Seal(nonce, nonce, p, ad)
}

func (s *testSealer) Open(b, ad []byte) ([]byte, error) {
	n := s.aead.NonceSize()
	if len(b) < n {
		return nil, errors.New("short")
	}
	return s.aead.Open(nil, b[:n], b[n:], ad)
}

var refA = keyring.Ref{Account: "111122223333", Region: "eu-west-1", KeyID: "1234abcd-12ab-34cd-56ef-1234567890ab"}

// newRing makes a ring of ref with n fresh versions and returns it with the
// sealed versions.
func newRing(t testing.TB, s keyring.Sealer, ref keyring.Ref, n int) (*keyring.Ring, [][]byte) {
	t.Helper()
	var sealed [][]byte
	for v := 1; v <= n; v++ {
		sv, err := keyring.NewVersion(s, rand.Reader, ref, uint32(v))
		if err != nil {
			t.Fatal(err)
		}
		sealed = append(sealed, sv)
	}
	r, err := keyring.Open(s, ref, sealed)
	if err != nil {
		t.Fatal(err)
	}
	return r, sealed
}
