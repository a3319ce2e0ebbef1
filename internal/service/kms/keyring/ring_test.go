package keyring_test

import (
	"bytes"
	"crypto/rand"
	"errors"
	"strings"
	"testing"

	"github.com/amityhq/amity/internal/service/kms/keyring"
)

func TestEncryptionContextIsBound(t *testing.T) {
	s := newSealer(t)
	ring, _ := newRing(t, s, refA, 1)
	ec := map[string]string{"aws:ebs:id": "vol-1", "purpose": "test", "b": ""}
	blob, err := ring.Encrypt(rand.Reader, []byte("secret"), ec)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		ec   map[string]string
		err  error
	}{
		{"same context", map[string]string{"b": "", "purpose": "test", "aws:ebs:id": "vol-1"}, nil},
		{"missing context", nil, keyring.ErrInvalidCiphertext},
		{"different value", map[string]string{"aws:ebs:id": "vol-2", "purpose": "test", "b": ""}, keyring.ErrInvalidCiphertext},
		{"extra pair", map[string]string{"aws:ebs:id": "vol-1", "purpose": "test", "b": "", "c": "d"}, keyring.ErrInvalidCiphertext},
		{"missing pair", map[string]string{"aws:ebs:id": "vol-1", "purpose": "test"}, keyring.ErrInvalidCiphertext},
		// Length prefixes keep pairs apart: "ab"="" is not "a"="b".
		{"shifted boundary", map[string]string{"aws:ebs:idv": "ol-1", "purpose": "test", "b": ""}, keyring.ErrInvalidCiphertext},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pt, err := ring.Decrypt(blob, tt.ec)
			if !errors.Is(err, tt.err) {
				t.Fatalf("err = %v, want %v", err, tt.err)
			}
			if tt.err == nil && string(pt) != "secret" {
				t.Fatalf("plaintext = %q", pt)
			}
		})
	}
}

func TestEmptyContextEqualsNone(t *testing.T) {
	ring, _ := newRing(t, newSealer(t), refA, 1)
	blob, err := ring.Encrypt(rand.Reader, []byte("x"), map[string]string{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ring.Decrypt(blob, nil); err != nil {
		t.Fatal(err)
	}
}

func TestRotationKeepsOldCiphertexts(t *testing.T) {
	s := newSealer(t)
	v1, sealed := newRing(t, s, refA, 1)
	old, err := v1.Encrypt(rand.Reader, []byte("before"), nil)
	if err != nil {
		t.Fatal(err)
	}
	sv2, err := keyring.NewVersion(s, rand.Reader, refA, 2)
	if err != nil {
		t.Fatal(err)
	}
	v2, err := keyring.Open(s, refA, append(sealed, sv2))
	if err != nil {
		t.Fatal(err)
	}
	if v2.Latest() != 2 {
		t.Fatalf("Latest = %d", v2.Latest())
	}
	if pt, err := v2.Decrypt(old, nil); err != nil || string(pt) != "before" {
		t.Fatalf("old blob after rotation: %q, %v", pt, err)
	}
	blob, err := v2.Encrypt(rand.Reader, []byte("after"), nil)
	if err != nil {
		t.Fatal(err)
	}
	h, err := keyring.ParseHeader(blob)
	if err != nil || h.Version != 2 || h.Ref != refA {
		t.Fatalf("header = %+v, %v", h, err)
	}
	// A ring that has not seen the rotation cannot open the new blob.
	if _, err := v1.Decrypt(blob, nil); !errors.Is(err, keyring.ErrInvalidCiphertext) {
		t.Fatalf("v1 ring on v2 blob: %v", err)
	}
}

func TestBlobsOfOtherKeysAndTampering(t *testing.T) {
	s := newSealer(t)
	ring, _ := newRing(t, s, refA, 1)
	blob, err := ring.Encrypt(rand.Reader, []byte("data"), nil)
	if err != nil {
		t.Fatal(err)
	}
	flip := func(i int) []byte {
		b := bytes.Clone(blob)
		b[i] ^= 2
		return b
	}
	otherRegion := refA
	otherRegion.Region = "eu-west-2"
	other, _ := newRing(t, s, otherRegion, 1)
	tests := []struct {
		name string
		ring *keyring.Ring
		blob []byte
		err  error
	}{
		{"other key", other, blob, keyring.ErrInvalidCiphertext},
		{"region byte edited", ring, flip(3), keyring.ErrInvalidCiphertext},
		{"version edited", ring, flip(2 + 9 + 12 + 16 + 3), keyring.ErrInvalidCiphertext},
		{"ciphertext edited", ring, flip(len(blob) - tagSizeForTest - 1), keyring.ErrInvalidCiphertext},
		{"tag edited", ring, flip(len(blob) - 1), keyring.ErrInvalidCiphertext},
		{"truncated", ring, blob[:len(blob)-tagSizeForTest], keyring.ErrMalformed},
		{"unknown format", ring, flip(0), keyring.ErrMalformed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := tt.ring.Decrypt(tt.blob, nil); !errors.Is(err, tt.err) {
				t.Fatalf("err = %v, want %v", err, tt.err)
			}
		})
	}
}

const tagSizeForTest = 16

func TestSealedMaterialIsBoundToKeyAndVersion(t *testing.T) {
	s := newSealer(t)
	_, sealed := newRing(t, s, refA, 2)
	other := refA
	other.KeyID = "00000000-0000-4000-8000-000000000000"
	tests := []struct {
		name   string
		ref    keyring.Ref
		sealed [][]byte
	}{
		{"other key", other, sealed},
		{"versions swapped", refA, [][]byte{sealed[1], sealed[0]}},
		{"no versions", refA, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := keyring.Open(s, tt.ref, tt.sealed); err == nil {
				t.Fatal("Open succeeded")
			}
		})
	}
}

func TestParseHeader(t *testing.T) {
	ring, _ := newRing(t, newSealer(t), refA, 1)
	blob, err := ring.Encrypt(rand.Reader, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	h, err := keyring.ParseHeader(blob)
	if err != nil || h.Ref != refA || h.Version != 1 {
		t.Fatalf("ParseHeader = %+v, %v", h, err)
	}
	bad := map[string][]byte{
		"empty":             nil,
		"one byte":          {1},
		"no region":         append([]byte{1, 0}, blob[2:]...),
		"region too long":   append([]byte{1, 33}, make([]byte, 200)...),
		"account not digit": append(append(bytes.Clone(blob[:11]), 'x'), blob[12:]...),
		"short":             blob[:20],
	}
	for name, b := range bad {
		if _, err := keyring.ParseHeader(b); !errors.Is(err, keyring.ErrMalformed) {
			t.Errorf("%s: err = %v", name, err)
		}
	}
}

func TestKeyIDs(t *testing.T) {
	id, err := keyring.NewKeyID(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	if !keyring.IsKeyID(id) || id[14] != '4' {
		t.Fatalf("NewKeyID = %q", id)
	}
	tests := map[string]bool{
		"1234abcd-12ab-34cd-56ef-1234567890ab":  true,
		"1234ABCD-12AB-34CD-56EF-1234567890AB":  true,
		"1234abcd12ab34cd56ef1234567890ab":      false,
		"fake-key-id":                           false,
		"1234abcd-12ab-34cd-56ef-1234567890ag":  false,
		"mrk-1234abcd12ab34cd56ef1234567890ab":  true,
		"mrk-1234abcd12ab34cd56ef1234567890ag":  false,
		"mrk-1234abcd12ab34cd56ef1234567890a":   false,
		"00000000-0000-0000-0000-00-000000000":  false, // found by FuzzKeyIdentifier
		"1234abcd-12ab-34cd-56ef-1234567890abc": false,
	}
	for s, want := range tests {
		if got := keyring.IsKeyID(s); got != want {
			t.Errorf("IsKeyID(%q) = %v", s, got)
		}
		if got, ok := keyring.CanonicalKeyID(s); ok != want || ok && got != strings.ToLower(s) {
			t.Errorf("CanonicalKeyID(%q) = %q, %v", s, got, ok)
		}
	}
	for _, s := range []string{"MRK-1234abcd12ab34cd56ef1234567890ab", "Mrk-1234ABCD12ab34cd56ef1234567890ab"} {
		if got, ok := keyring.CanonicalKeyID(s); !ok || got != strings.ToLower(s) {
			t.Errorf("CanonicalKeyID(%q) = %q, %v", s, got, ok)
		}
	}
	if got := refA.ARN(); got != "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab" {
		t.Errorf("ARN = %s", got)
	}
}

// A multi-Region key's replicas share material: what one encrypts the
// other decrypts, though the blob names the first one's Region; a key of
// another id does not.
func TestMultiRegionReplicasOpenEachOthersBlobs(t *testing.T) {
	s := newSealer(t)
	id, err := keyring.NewMultiRegionKeyID(rand.Reader)
	if err != nil || !keyring.IsMultiRegion(id) || !keyring.IsKeyID(id) {
		t.Fatalf("NewMultiRegionKeyID = %q, %v", id, err)
	}
	primary := keyring.Ref{Account: refA.Account, Region: "us-east-1", KeyID: id}
	replica := primary
	replica.Region = "eu-west-1"
	material := bytes.Repeat([]byte{7}, keyring.SymmetricMaterialSize)
	open := func(ref keyring.Ref) *keyring.Ring {
		r, err := keyring.Open(s, ref, [][]byte{keyring.SealMaterial(s, ref, 1, material)})
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	blob, err := open(primary).Encrypt(rand.Reader, []byte("both"), nil)
	if err != nil {
		t.Fatal(err)
	}
	h, err := keyring.ParseHeader(blob)
	if err != nil || h.Ref != primary {
		t.Fatalf("header = %+v, %v", h, err)
	}
	if pt, err := open(replica).Decrypt(blob, nil); err != nil || string(pt) != "both" {
		t.Fatalf("replica: %q, %v", pt, err)
	}
	other := replica
	other.KeyID = "mrk-00000000000000000000000000000000"
	if _, err := open(other).Decrypt(blob, nil); !errors.Is(err, keyring.ErrInvalidCiphertext) {
		t.Fatalf("another multi-Region key: %v", err)
	}
}
