package seal_test

import (
	"bytes"
	"crypto/rand"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/amityhq/amity/internal/store/seal"
)

// newSealer returns a Sealer under a fresh random master key.
func newSealer(t testing.TB) *seal.Sealer {
	t.Helper()
	s, err := seal.New(randomKey())
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func randomKey() []byte {
	key := make([]byte, seal.KeySize)
	rand.Read(key)
	return key
}

func TestRoundTrip(t *testing.T) {
	s := newSealer(t)
	cases := []struct {
		name          string
		plaintext, ad []byte
	}{
		{"empty", nil, nil},
		{"secret key", []byte("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"), []byte("iam.accesskeys/AKIAIOSFODNN7EXAMPLE")},
		{"1 MiB", bytes.Repeat([]byte{0xa5}, 1<<20), []byte("kms.material/1234abcd")},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			sealed := s.Seal(c.plaintext, c.ad)
			if want := 1 + 12 + len(c.plaintext) + 16; len(sealed) != want {
				t.Errorf("sealed %d bytes into %d, want %d", len(c.plaintext), len(sealed), want)
			}
			if len(c.plaintext) > 8 && bytes.Contains(sealed, c.plaintext[:8]) {
				t.Error("sealed value contains the plaintext")
			}
			got, err := s.Open(sealed, c.ad)
			if err != nil || !bytes.Equal(got, c.plaintext) {
				t.Errorf("Open = %d bytes, %v; want the plaintext back", len(got), err)
			}
		})
	}
}

func TestSealUsesFreshNonces(t *testing.T) {
	s := newSealer(t)
	a, b := s.Seal([]byte("same"), nil), s.Seal([]byte("same"), nil)
	if bytes.Equal(a, b) {
		t.Error("sealing the same plaintext twice gave the same bytes")
	}
}

func TestOpenRejects(t *testing.T) {
	s := newSealer(t)
	ad := []byte("table/key")
	sealed := s.Seal([]byte("the secret"), ad)
	with := func(change func(b []byte) []byte) []byte { return change(bytes.Clone(sealed)) }
	type rejectCase struct {
		name    string
		opener  *seal.Sealer
		sealed  []byte
		ad      []byte
		message string // in the error, besides ErrInvalid
	}
	cases := []rejectCase{
		{"wrong associated data", s, sealed, []byte("table/other"), ""},
		{"missing associated data", s, sealed, nil, ""},
		{"wrong master key", newSealer(t), sealed, ad, ""},
		{"unknown version", s, with(func(b []byte) []byte { b[0] = 2; return b }), ad, "version 2"},
		{"empty", s, nil, ad, "empty"},
		{"version byte only", s, sealed[:1], ad, "too short"},
		{"truncated tag", s, sealed[:len(sealed)-1], ad, ""},
		{"byte appended", s, append(bytes.Clone(sealed), 0), ad, ""},
	}
	for i := range sealed {
		flipped := with(func(b []byte) []byte { b[i] ^= 0x01; return b })
		cases = append(cases, rejectCase{fmt.Sprintf("bit flipped in byte %d", i), s, flipped, ad, ""})
	}
	for _, c := range cases {
		got, err := c.opener.Open(c.sealed, c.ad)
		if !errors.Is(err, seal.ErrInvalid) || got != nil {
			t.Errorf("%s: Open = %q, %v; want ErrInvalid", c.name, got, err)
			continue
		}
		if !strings.Contains(err.Error(), c.message) {
			t.Errorf("%s: error %q does not say %q", c.name, err, c.message)
		}
	}
}

func TestNewRejectsKeySize(t *testing.T) {
	for _, size := range []int{0, 16, 31, 33, 64} {
		if _, err := seal.New(make([]byte, size)); err == nil {
			t.Errorf("New accepted a %d-byte master key", size)
		}
	}
}

// FuzzOpen feeds Open arbitrary bytes: it must never panic, and never
// accept a value it did not seal.
func FuzzOpen(f *testing.F) {
	s := newSealer(f)
	f.Fuzz(func(t *testing.T, sealed, ad []byte) {
		if got, err := s.Open(sealed, ad); !errors.Is(err, seal.ErrInvalid) {
			t.Errorf("Open of forged bytes = %q, %v; want ErrInvalid", got, err)
		}
	})
}
