package keyring

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rsa"
	"crypto/x509"
	"errors"
	"fmt"
	"io"

	"github.com/amityhq/amity/internal/service/kms/keyring/mldsa"
	"github.com/decred/dcrd/dcrec/secp256k1/v4"
)

// Pair is the key pair of an asymmetric KMS key, opened: it signs,
// verifies, decrypts, encrypts and derives shared secrets, and hands out
// only its public key. Key specs are named as KMS names them (RSA_2048,
// ECC_NIST_P256, ECC_SECG_P256K1, ECC_NIST_EDWARDS25519, ML_DSA_65).
type Pair struct {
	spec    string
	private crypto.Signer // *rsa.PrivateKey, *ecdsa.PrivateKey or ed25519.PrivateKey
	k1      *secp256k1.PrivateKey
	mldsa   *mldsa.PrivateKey
	public  []byte // DER SubjectPublicKeyInfo
}

// Errors of key pairs' material.
var (
	// ErrUnsupportedSpec: a key spec this package has no key pair for.
	ErrUnsupportedSpec = errors.New("keyring: unsupported key spec")
	// ErrWrongKeyType: PKCS#8 material that is not a key of the spec.
	ErrWrongKeyType = errors.New("keyring: private key does not match the key spec")
)

// pairSpecs are the key specs of key pairs: an RSA modulus size, a curve
// or an ML-DSA parameter set.
var pairSpecs = map[string]struct {
	rsaBits int
	curve   elliptic.Curve // nil for RSA, secp256k1, Ed25519 and ML-DSA
	mldsa   *mldsa.Params
}{
	"RSA_2048":              {rsaBits: 2048},
	"RSA_3072":              {rsaBits: 3072},
	"RSA_4096":              {rsaBits: 4096},
	"ECC_NIST_P256":         {curve: elliptic.P256()},
	"ECC_NIST_P384":         {curve: elliptic.P384()},
	"ECC_NIST_P521":         {curve: elliptic.P521()},
	specSecp256k1:           {},
	"ECC_NIST_EDWARDS25519": {},
	"ML_DSA_44":             {mldsa: mldsa.MLDSA44},
	"ML_DSA_65":             {mldsa: mldsa.MLDSA65},
	"ML_DSA_87":             {mldsa: mldsa.MLDSA87},
}

const (
	specSecp256k1 = "ECC_SECG_P256K1"
	specEd25519   = "ECC_NIST_EDWARDS25519"
)

// IsPairSpec reports whether spec is a key pair's spec this package makes.
func IsPairSpec(spec string) bool {
	_, ok := pairSpecs[spec]
	return ok
}

// GeneratePair makes a private key of spec from rnd and returns it as
// DER PKCS#8, the form KMS hands out (GenerateDataKeyPair) and takes
// (ImportKeyMaterial). The caller clears it after use.
func GeneratePair(rnd io.Reader, spec string) ([]byte, error) {
	s, ok := pairSpecs[spec]
	if !ok {
		return nil, ErrUnsupportedSpec
	}
	var key any
	var err error
	switch {
	case s.mldsa != nil:
		return generateMLDSA(rnd, s.mldsa)
	case s.rsaBits != 0:
		key, err = rsa.GenerateKey(rnd, s.rsaBits)
	case s.curve != nil:
		key, err = ecdsa.GenerateKey(s.curve, rnd)
	case spec == specEd25519:
		_, key, err = ed25519.GenerateKey(rnd)
	default:
		var k1 *secp256k1.PrivateKey
		if k1, err = secp256k1.GeneratePrivateKeyFromRand(rnd); err == nil {
			return marshalSecp256k1(k1)
		}
	}
	if err != nil {
		return nil, fmt.Errorf("keyring: %s key: %w", spec, err)
	}
	return x509.MarshalPKCS8PrivateKey(key)
}

// ParsePair reads a DER PKCS#8 private key of spec. It fails with
// ErrWrongKeyType when the key is of another type, curve or size.
func ParsePair(spec string, pkcs8 []byte) (*Pair, error) {
	s, ok := pairSpecs[spec]
	if !ok {
		return nil, ErrUnsupportedSpec
	}
	p := &Pair{spec: spec}
	if s.mldsa != nil {
		k, err := parseMLDSA(s.mldsa, pkcs8)
		if err != nil {
			return nil, err
		}
		p.mldsa, p.public = k, marshalMLDSAPublic(k.Public())
		return p, nil
	}
	if spec == specSecp256k1 {
		k1, err := parseSecp256k1(pkcs8)
		if err != nil {
			return nil, err
		}
		p.k1, p.public = k1, marshalSecp256k1Public(k1.PubKey())
		return p, nil
	}
	key, err := x509.ParsePKCS8PrivateKey(pkcs8)
	if err != nil {
		return nil, ErrWrongKeyType
	}
	switch k := key.(type) {
	case *rsa.PrivateKey:
		ok = s.rsaBits != 0 && k.N.BitLen() == s.rsaBits
	case *ecdsa.PrivateKey:
		ok = s.curve != nil && k.Curve == s.curve
	case ed25519.PrivateKey:
		ok = spec == specEd25519
	default:
		ok = false
	}
	if !ok {
		return nil, ErrWrongKeyType
	}
	p.private = key.(crypto.Signer)
	if p.public, err = x509.MarshalPKIXPublicKey(p.private.Public()); err != nil {
		return nil, err
	}
	return p, nil
}

// OpenPair opens the sealed PKCS#8 material of version v of ref into a
// Pair of spec.
func OpenPair(s Sealer, ref Ref, spec string, sealed []byte, v uint32) (*Pair, error) {
	material, err := openMaterial(s, ref, v, sealed)
	if err != nil {
		return nil, err
	}
	defer clear(material)
	return ParsePair(spec, material)
}

// PublicKey returns the public key, DER SubjectPublicKeyInfo (GetPublicKey).
func (p *Pair) PublicKey() []byte { return p.public }

// Spec returns the key spec of the pair.
func (p *Pair) Spec() string { return p.spec }

// rsaKey returns the RSA private key; nil for other pairs.
func (p *Pair) rsaKey() *rsa.PrivateKey {
	k, _ := p.private.(*rsa.PrivateKey)
	return k
}
