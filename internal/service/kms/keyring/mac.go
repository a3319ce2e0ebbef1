package keyring

import (
	"crypto"
	"crypto/hmac"
	"errors"
	"hash"
	"io"
)

// MAC is the key of an HMAC KMS key, opened: an HMAC keyed once, which
// every MAC starts from as a copy — the key's padding and its first
// block are hashed when the key is opened, not on every request.
type MAC struct {
	keyed hash.Cloner // read only: cloned, never written
}

// macSpecs are KMS's HMAC key specs: the hash, the MAC algorithm, and the
// lengths of key material KMS accepts when imported (it generates the
// hash's output length) [KMS Developer Guide, "HMAC key specs" and
// "Importing key material": HMAC_224 28-64 bytes, HMAC_256 32-64,
// HMAC_384 48-128, HMAC_512 64-128].
var macSpecs = map[string]struct {
	hash           crypto.Hash
	minLen, maxLen int
}{
	"HMAC_224": {crypto.SHA224, 28, 64},
	"HMAC_256": {crypto.SHA256, 32, 64},
	"HMAC_384": {crypto.SHA384, 48, 128},
	"HMAC_512": {crypto.SHA512, 64, 128},
}

// ErrMaterialLength: imported key material whose length the key spec
// does not take.
var ErrMaterialLength = errors.New("keyring: key material has the wrong length for the key spec")

// IsMACSpec reports whether spec is an HMAC key spec.
func IsMACSpec(spec string) bool {
	_, ok := macSpecs[spec]
	return ok
}

// GenerateMACKey returns fresh key material of an HMAC key spec, as long
// as its hash's output.
func GenerateMACKey(rnd io.Reader, spec string) ([]byte, error) {
	s, ok := macSpecs[spec]
	if !ok {
		return nil, ErrUnsupportedSpec
	}
	key := make([]byte, s.hash.Size())
	if _, err := io.ReadFull(rnd, key); err != nil {
		return nil, err
	}
	return key, nil
}

// ParseMAC checks key material of an HMAC key spec and returns the key.
func ParseMAC(spec string, material []byte) (*MAC, error) {
	s, ok := macSpecs[spec]
	switch {
	case !ok:
		return nil, ErrUnsupportedSpec
	case len(material) < s.minLen || len(material) > s.maxLen:
		return nil, ErrMaterialLength
	}
	keyed, ok := hmac.New(s.hash.New, material).(hash.Cloner)
	if !ok { // the standard library's HMAC of its SHA-2 hashes clones
		return nil, ErrUnsupportedSpec
	}
	return &MAC{keyed: keyed}, nil
}

// OpenMAC opens the sealed material of ref (its version 1) into a MAC key
// of spec.
func OpenMAC(s Sealer, ref Ref, spec string, sealed []byte) (*MAC, error) {
	material, err := openMaterial(s, ref, 1, sealed)
	if err != nil {
		return nil, err
	}
	defer clear(material)
	return ParseMAC(spec, material)
}

// Sum returns the HMAC of msg.
func (m *MAC) Sum(msg []byte) []byte {
	h, err := m.keyed.Clone()
	if err != nil { // cannot be: ParseMAC made it of a hash that clones
		panic(err)
	}
	h.Write(msg)
	return h.Sum(nil)
}

// Verify reports whether mac is the HMAC of msg, in constant time.
func (m *MAC) Verify(msg, mac []byte) bool {
	return hmac.Equal(m.Sum(msg), mac)
}
