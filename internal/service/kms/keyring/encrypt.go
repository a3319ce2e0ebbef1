package keyring

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/rsa"
	"crypto/x509"
	"errors"
	"io"
)

// oaepHashes are the hashes of KMS's RSA encryption algorithms, used for
// OAEP's digest and its MGF1 alike, with an empty label.
var oaepHashes = map[string]crypto.Hash{
	"RSAES_OAEP_SHA_1":   crypto.SHA1,
	"RSAES_OAEP_SHA_256": crypto.SHA256,
}

// ErrPeerKey: a public key to agree with that is not a public key of the
// pair's curve.
var ErrPeerKey = errors.New("keyring: public key is not on the key pair's curve")

// MaxPlaintext is the largest plaintext alg encrypts under an RSA pair:
// (bits/8) - 2*(hash bytes) - 2, KMS's table; 0 when alg does not fit.
func (p *Pair) MaxPlaintext(alg string) int {
	h, ok := oaepHashes[alg]
	k := p.rsaKey()
	if !ok || k == nil {
		return 0
	}
	return k.Size() - 2*h.Size() - 2
}

// Encrypt encrypts plaintext with the public key under alg, an RSAES_OAEP
// algorithm; the result is the bare RSA ciphertext, as KMS returns it.
func (p *Pair) Encrypt(rnd io.Reader, alg string, plaintext []byte) ([]byte, error) {
	h, ok := oaepHashes[alg]
	if !ok || p.rsaKey() == nil {
		return nil, ErrAlgorithm
	}
	return rsa.EncryptOAEP(h.New(), rnd, &p.rsaKey().PublicKey, plaintext, nil)
}

// Decrypt decrypts an RSA ciphertext made under alg; ErrInvalidCiphertext
// when it does not decrypt.
func (p *Pair) Decrypt(alg string, ciphertext []byte) ([]byte, error) {
	h, ok := oaepHashes[alg]
	if !ok || p.rsaKey() == nil {
		return nil, ErrAlgorithm
	}
	pt, err := rsa.DecryptOAEP(h.New(), nil, p.rsaKey(), ciphertext, nil)
	if err != nil {
		return nil, ErrInvalidCiphertext
	}
	return pt, nil
}

// DeriveSharedSecret is ECDH between the pair's private key and a peer's
// public key, DER SubjectPublicKeyInfo on the same NIST curve: the shared
// secret is the x-coordinate of the shared point, as KMS returns it.
func (p *Pair) DeriveSharedSecret(peer []byte) ([]byte, error) {
	own, ok := p.private.(*ecdsa.PrivateKey)
	if !ok {
		return nil, ErrAlgorithm
	}
	pub, err := x509.ParsePKIXPublicKey(peer)
	if err != nil {
		return nil, ErrPeerKey
	}
	theirs, ok := pub.(*ecdsa.PublicKey)
	if !ok || theirs.Curve != own.Curve {
		return nil, ErrPeerKey
	}
	a, err := own.ECDH()
	if err != nil {
		return nil, err
	}
	b, err := theirs.ECDH()
	if err != nil {
		return nil, ErrPeerKey
	}
	return a.ECDH(b)
}
