package keyring

import (
	"crypto/aes"
	"crypto/cipher"
	"errors"
	"fmt"
	"io"
)

// SymmetricMaterialSize is the length of a version's key material:
// AES-256, generated or imported.
const SymmetricMaterialSize = 32

// ErrNoMaterial: the version asked for has no key material (imported
// material deleted or expired).
var ErrNoMaterial = errors.New("keyring: key material not present")

// Ring is the opened key versions of one KMS key. It is immutable and safe
// for concurrent use; rotation makes a new Ring.
type Ring struct {
	ref      Ref
	versions []cipher.AEAD // versions[i] is version i+1
	header   []byte        // header of blobs made by the latest version
}

// NewVersion makes the material of version v of ref from rnd and returns
// it sealed by s, bound to ref and v, for the caller to store.
func NewVersion(s Sealer, rnd io.Reader, ref Ref, v uint32) ([]byte, error) {
	material := make([]byte, SymmetricMaterialSize)
	defer clear(material)
	if _, err := io.ReadFull(rnd, material); err != nil {
		return nil, fmt.Errorf("keyring: key material: %w", err)
	}
	return SealMaterial(s, ref, v, material), nil
}

// Open opens the sealed versions of ref, version i+1 at index i, into a
// Ring; a nil version has no material (deleted imported material). It
// fails when one of them does not open under ref and its version.
func Open(s Sealer, ref Ref, sealed [][]byte) (*Ring, error) {
	if len(sealed) == 0 {
		return nil, errors.New("keyring: key has no material")
	}
	r := &Ring{ref: ref, versions: make([]cipher.AEAD, len(sealed))}
	for i, sv := range sealed {
		if sv == nil {
			continue
		}
		material, err := openMaterial(s, ref, uint32(i+1), sv)
		if err != nil {
			return nil, err
		}
		aead, err := newAEAD(material)
		clear(material)
		if err != nil {
			return nil, err
		}
		r.versions[i] = aead
	}
	var err error
	r.header, err = appendHeader(nil, ref, r.Latest())
	return r, err
}

func newAEAD(material []byte) (cipher.AEAD, error) {
	if len(material) != SymmetricMaterialSize {
		return nil, errors.New("keyring: key material has the wrong length")
	}
	block, err := aes.NewCipher(material)
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(block)
}

// Ref returns the key the ring belongs to.
func (r *Ring) Ref() Ref { return r.ref }

// Latest returns the newest version, the one Encrypt uses.
func (r *Ring) Latest() uint32 { return uint32(len(r.versions)) }

// Encrypt seals plaintext with the latest version, binding ec, and returns
// the blob. rnd supplies the nonce.
func (r *Ring) Encrypt(rnd io.Reader, plaintext []byte, ec map[string]string) ([]byte, error) {
	hl := len(r.header)
	blob := make([]byte, hl+nonceSize, hl+nonceSize+len(plaintext)+tagSize)
	copy(blob, r.header)
	if _, err := io.ReadFull(rnd, blob[hl:]); err != nil {
		return nil, fmt.Errorf("keyring: nonce: %w", err)
	}
	aead := r.versions[len(r.versions)-1]
	if aead == nil {
		return nil, ErrNoMaterial
	}
	// The authenticated data must not share memory with dst (cipher.AEAD).
	if len(ec) == 0 {
		return aead.Seal(blob, blob[hl:hl+nonceSize], plaintext, r.header), nil
	}
	aad := getAAD(r.header, ec)
	blob = aead.Seal(blob, blob[hl:hl+nonceSize], plaintext, *aad)
	putAAD(aad)
	return blob, nil
}

// Decrypt opens a blob made by this key under encryption context ec. It
// fails with ErrMalformed when the bytes are not a blob of this key, and
// with ErrInvalidCiphertext when they do not authenticate.
func (r *Ring) Decrypt(blob []byte, ec map[string]string) ([]byte, error) {
	h, hl, err := parseHeader(blob)
	if err != nil {
		return nil, err
	}
	if !r.ref.Opens(h.Ref) || h.Version > r.Latest() {
		return nil, ErrInvalidCiphertext
	}
	aead := r.versions[h.Version-1]
	if aead == nil {
		return nil, ErrInvalidCiphertext
	}
	aad := getAAD(blob[:hl], ec)
	nonce := blob[hl : hl+nonceSize]
	pt, err := aead.Open(nil, nonce, blob[hl+nonceSize:], *aad)
	putAAD(aad)
	if err != nil {
		return nil, ErrInvalidCiphertext
	}
	return pt, nil
}
