// Package seal encrypts secrets that amity keeps at rest (KMS key material,
// IAM secret access keys) under a master key held outside the store.
//
// A sealed value is
//
//	version (1 byte) || nonce (12 bytes) || AES-256-GCM ciphertext || tag (16 bytes)
//
// Version 1 encrypts with a key derived from the master key by HKDF-SHA256
// (info "amity/seal/v1"), under a random nonce, and authenticates the version
// byte and the caller's associated data with the ciphertext. A later format
// takes a new version byte; Open keeps reading the old ones.
package seal

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hkdf"
	"crypto/sha256"
	"errors"
	"fmt"
)

// KeySize is the size of a master key, in bytes.
const KeySize = 32

// version1 marks the format described in the package comment.
const version1 byte = 1

// ErrInvalid: a sealed value that Open cannot accept: truncated, tampered
// with, of an unknown format version, sealed under another master key or
// with other associated data. The wrapping error says which, where it can
// tell.
var ErrInvalid = errors.New("seal: not a value sealed by this key with this associated data")

// Sealer seals and opens values under one master key. It is safe for
// concurrent use.
type Sealer struct {
	aead cipher.AEAD
}

// New returns a Sealer for a master key of KeySize bytes.
//
// With random 96-bit nonces, one master key must not seal more than 2^32
// values; an emulator's data directory stays far below that.
func New(masterKey []byte) (*Sealer, error) {
	if len(masterKey) != KeySize {
		return nil, fmt.Errorf("seal: master key has %d bytes, want %d", len(masterKey), KeySize)
	}
	key, err := hkdf.Key(sha256.New, masterKey, nil, "amity/seal/v1", 32)
	if err != nil {
		return nil, fmt.Errorf("seal: derive key: %w", err)
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, fmt.Errorf("seal: %w", err)
	}
	aead, err := cipher.NewGCMWithRandomNonce(block)
	if err != nil {
		return nil, fmt.Errorf("seal: %w", err)
	}
	return &Sealer{aead: aead}, nil
}

// Seal encrypts plaintext and binds it to associatedData, which is not
// stored: Open needs the same bytes. Use as associated data what identifies
// the record (say, table and key), so a sealed value copied to another
// record does not open there.
func (s *Sealer) Seal(plaintext, associatedData []byte) []byte {
	sealed := make([]byte, 1, 1+s.aead.Overhead()+len(plaintext))
	sealed[0] = version1
	return s.aead.Seal(sealed, nil, plaintext, versioned(version1, associatedData))
}

// Open decrypts a value made by Seal with the same master key and
// associated data, or returns an error wrapping ErrInvalid.
func (s *Sealer) Open(sealed, associatedData []byte) ([]byte, error) {
	if len(sealed) == 0 {
		return nil, fmt.Errorf("%w: empty", ErrInvalid)
	}
	if v := sealed[0]; v != version1 {
		return nil, fmt.Errorf("%w: unknown format version %d", ErrInvalid, v)
	}
	if len(sealed) < 1+s.aead.Overhead() {
		return nil, fmt.Errorf("%w: %d bytes is too short", ErrInvalid, len(sealed))
	}
	plaintext, err := s.aead.Open(nil, nil, sealed[1:], versioned(version1, associatedData))
	if err != nil {
		return nil, ErrInvalid
	}
	return plaintext, nil
}

// versioned is the data GCM authenticates besides the ciphertext: the
// format version, so that it cannot be changed unnoticed, then the caller's
// associated data.
func versioned(version byte, associatedData []byte) []byte {
	return append([]byte{version}, associatedData...)
}
