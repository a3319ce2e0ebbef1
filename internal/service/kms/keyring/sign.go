package keyring

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rsa"
	_ "crypto/sha1" // RSAES_OAEP_SHA_1 and the wrapping algorithms
	_ "crypto/sha256"
	_ "crypto/sha512"
	"errors"
	"io"

	"github.com/amityhq/amity/internal/service/kms/keyring/mldsa"
)

// Errors of signing and verifying.
var (
	// ErrAlgorithm: an algorithm the key pair cannot perform.
	ErrAlgorithm = errors.New("keyring: algorithm does not fit the key")
	// ErrDigestLength: a digest whose length is not the algorithm's hash's.
	ErrDigestLength = errors.New("keyring: digest length does not fit the algorithm")
	// ErrRawOnly: a digest given to an algorithm that signs messages
	// (ED25519_SHA_512, pure Ed25519; ML_DSA_SHAKE_256, which also signs
	// an external μ).
	ErrRawOnly = errors.New("keyring: the algorithm signs messages, not digests")
	// ErrExternalMu: an external μ given to an algorithm other than
	// ML-DSA's.
	ErrExternalMu = errors.New("keyring: only ML-DSA signs an external mu")
	// ErrMuLength: an external μ that is not 64 bytes.
	ErrMuLength = errors.New("keyring: an external mu is 64 bytes")
)

// MessageType is what Sign and Verify are given, as KMS's MessageType
// says.
type MessageType uint8

const (
	RawMessage MessageType = iota // the message
	Digest                        // its digest under the algorithm's hash
	ExternalMu                    // ML-DSA's μ of the message [FIPS 204 §6.2]
)

type signingScheme uint8

const (
	pkcs1v15 signingScheme = iota + 1
	pss
	ecdsaScheme
	ed25519Pure
	ed25519Prehash
	mldsaPure // ML-DSA with an empty context string, FIPS 204 Algorithm 2
)

// signingAlgorithm is one of KMS's signing algorithms: a hash and a
// scheme.
type signingAlgorithm struct {
	hash   crypto.Hash
	scheme signingScheme
}

// signingAlgorithms by KMS's names. RSASSA-PSS salts are as long as the
// hash, as KMS documents. ML_DSA_SHAKE_256 hashes with SHAKE256 inside
// ML-DSA, and no digest of a message stands for it.
var signingAlgorithms = map[string]signingAlgorithm{
	"RSASSA_PKCS1_V1_5_SHA_256": {crypto.SHA256, pkcs1v15},
	"RSASSA_PKCS1_V1_5_SHA_384": {crypto.SHA384, pkcs1v15},
	"RSASSA_PKCS1_V1_5_SHA_512": {crypto.SHA512, pkcs1v15},
	"RSASSA_PSS_SHA_256":        {crypto.SHA256, pss},
	"RSASSA_PSS_SHA_384":        {crypto.SHA384, pss},
	"RSASSA_PSS_SHA_512":        {crypto.SHA512, pss},
	"ECDSA_SHA_256":             {crypto.SHA256, ecdsaScheme},
	"ECDSA_SHA_384":             {crypto.SHA384, ecdsaScheme},
	"ECDSA_SHA_512":             {crypto.SHA512, ecdsaScheme},
	"ED25519_SHA_512":           {crypto.SHA512, ed25519Pure},
	"ED25519_PH_SHA_512":        {crypto.SHA512, ed25519Prehash},
	"ML_DSA_SHAKE_256":          {0, mldsaPure},
}

var pssOptions = &rsa.PSSOptions{SaltLength: rsa.PSSSaltLengthEqualsHash}

// Sign signs msg with alg: a message, which Sign hashes with alg's hash,
// a message's digest under that hash, or an ML-DSA μ, as mt says.
func (p *Pair) Sign(rnd io.Reader, alg string, msg []byte, mt MessageType) ([]byte, error) {
	a, d, err := p.prepare(alg, msg, mt)
	if err != nil {
		return nil, err
	}
	switch a.scheme {
	case pkcs1v15:
		return rsa.SignPKCS1v15(rnd, p.rsaKey(), a.hash, d)
	case pss:
		return rsa.SignPSS(rnd, p.rsaKey(), a.hash, d, pssOptions)
	case ecdsaScheme:
		if p.k1 != nil {
			return signSecp256k1(p.k1, d), nil
		}
		return ecdsa.SignASN1(rnd, p.private.(*ecdsa.PrivateKey), d)
	case ed25519Pure:
		return ed25519.Sign(p.private.(ed25519.PrivateKey), d), nil
	case mldsaPure:
		// Hedged, as KMS signs: a signature differs at each call.
		if mt == ExternalMu {
			return p.mldsa.SignMu(rnd, d)
		}
		return p.mldsa.Sign(rnd, d)
	default:
		return p.private.Sign(nil, d, &ed25519.Options{Hash: crypto.SHA512})
	}
}

// Verify reports whether sig is alg's signature of msg (a message, its
// digest or an ML-DSA μ, as mt says) by this pair.
func (p *Pair) Verify(alg string, msg []byte, mt MessageType, sig []byte) (bool, error) {
	a, d, err := p.prepare(alg, msg, mt)
	if err != nil {
		return false, err
	}
	switch a.scheme {
	case pkcs1v15:
		return rsa.VerifyPKCS1v15(&p.rsaKey().PublicKey, a.hash, d, sig) == nil, nil
	case pss:
		return rsa.VerifyPSS(&p.rsaKey().PublicKey, a.hash, d, sig, pssOptions) == nil, nil
	case ecdsaScheme:
		if p.k1 != nil {
			return verifySecp256k1(p.k1.PubKey(), d, sig), nil
		}
		return ecdsa.VerifyASN1(&p.private.(*ecdsa.PrivateKey).PublicKey, d, sig), nil
	case ed25519Pure:
		return ed25519.Verify(p.private.Public().(ed25519.PublicKey), d, sig), nil
	case mldsaPure:
		if mt == ExternalMu {
			return p.mldsa.Public().VerifyMu(d, sig), nil
		}
		return p.mldsa.Public().Verify(d, sig), nil
	default:
		err := ed25519.VerifyWithOptions(p.private.Public().(ed25519.PublicKey), d, sig, &ed25519.Options{Hash: crypto.SHA512})
		return err == nil, nil
	}
}

// CheckMessage checks what Sign and Verify would be given, whatever the
// key: ErrAlgorithm for an unknown algorithm; ErrExternalMu for a μ given
// to an algorithm other than ML-DSA's, ErrMuLength for a μ that is not 64
// bytes; ErrRawOnly for a digest given to pure Ed25519 or ML-DSA,
// ErrDigestLength for a digest of the wrong length.
func CheckMessage(alg string, msg []byte, mt MessageType) error {
	a, ok := signingAlgorithms[alg]
	switch {
	case !ok:
		return ErrAlgorithm
	case mt == ExternalMu && a.scheme != mldsaPure:
		return ErrExternalMu
	case mt == ExternalMu && len(msg) != mldsa.MuSize:
		return ErrMuLength
	case mt == Digest && (a.scheme == ed25519Pure || a.scheme == mldsaPure):
		return ErrRawOnly
	case mt == Digest && len(msg) != a.hash.Size():
		return ErrDigestLength
	}
	return nil
}

// prepare checks that alg fits the pair and returns what the scheme
// signs: the digest (computed from a message, or checked for length), or
// for pure Ed25519 and ML-DSA the message (or μ) itself.
func (p *Pair) prepare(alg string, msg []byte, mt MessageType) (a signingAlgorithm, d []byte, err error) {
	a, ok := signingAlgorithms[alg]
	_, isEC := p.private.(*ecdsa.PrivateKey)
	_, isEd := p.private.(ed25519.PrivateKey)
	switch {
	case !ok,
		(a.scheme == pkcs1v15 || a.scheme == pss) && p.rsaKey() == nil,
		a.scheme == ecdsaScheme && !isEC && p.k1 == nil,
		(a.scheme == ed25519Pure || a.scheme == ed25519Prehash) && !isEd,
		a.scheme == mldsaPure && p.mldsa == nil:
		return a, nil, ErrAlgorithm
	}
	if err := CheckMessage(alg, msg, mt); err != nil {
		return a, nil, err
	}
	switch {
	case a.scheme == ed25519Pure || a.scheme == mldsaPure || mt == Digest:
		return a, msg, nil
	}
	h := a.hash.New()
	h.Write(msg)
	return a, h.Sum(nil), nil
}
