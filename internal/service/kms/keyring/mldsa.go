package keyring

import (
	"bytes"
	"crypto/x509/pkix"
	"encoding/asn1"
	"io"

	"github.com/amityhq/amity/internal/service/kms/keyring/mldsa"
)

// ML-DSA keys (ML_DSA_44, ML_DSA_65, ML_DSA_87) come from the package
// mldsa; their PKCS#8 and SubjectPublicKeyInfo forms are RFC 9881's
// (draft-ietf-lamps-dilithium-certificates), written here because
// crypto/x509 does not know ML-DSA. The algorithm identifier is the
// parameter set's OID, without parameters; the public key is the raw
// encoded key in the BIT STRING; the private key is kept as its 32-byte
// seed ξ, the seed form of ML-DSA-PrivateKey — the smallest, and the one
// every other form derives from.

// oidMLDSA are id-ml-dsa-44, -65 and -87 [RFC 9881; NIST's CSOR,
// sigAlgs 17, 18, 19].
var oidMLDSA = map[*mldsa.Params]asn1.ObjectIdentifier{
	mldsa.MLDSA44: {2, 16, 840, 1, 101, 3, 4, 3, 17},
	mldsa.MLDSA65: {2, 16, 840, 1, 101, 3, 4, 3, 18},
	mldsa.MLDSA87: {2, 16, 840, 1, 101, 3, 4, 3, 19},
}

// mldsaBoth is the "both" choice of ML-DSA-PrivateKey: the seed with the
// expanded key.
type mldsaBoth struct {
	Seed        []byte
	ExpandedKey []byte
}

// generateMLDSA makes a seed ξ from rnd and returns the key as PKCS#8 in
// the seed form.
func generateMLDSA(rnd io.Reader, params *mldsa.Params) ([]byte, error) {
	seed := make([]byte, mldsa.SeedSize)
	defer clear(seed)
	if _, err := io.ReadFull(rnd, seed); err != nil {
		return nil, err
	}
	// seed [0] IMPLICIT OCTET STRING (SIZE (32))
	inner, err := asn1.Marshal(asn1.RawValue{Class: asn1.ClassContextSpecific, Tag: 0, Bytes: seed})
	if err != nil {
		return nil, err
	}
	defer clear(inner)
	return asn1.Marshal(pkcs8Key{Algorithm: pkix.AlgorithmIdentifier{Algorithm: oidMLDSA[params]}, PrivateKey: inner})
}

// parseMLDSA reads a PKCS#8 ML-DSA key of params in the seed or the both
// form (whose expanded key must be the seed's). The expanded form alone
// is refused: amity keeps seeds, and an expanded key has no seed.
func parseMLDSA(params *mldsa.Params, der []byte) (*mldsa.PrivateKey, error) {
	var outer pkcs8Key
	if rest, err := asn1.Unmarshal(der, &outer); err != nil || len(rest) > 0 || outer.Version != 0 ||
		!outer.Algorithm.Algorithm.Equal(oidMLDSA[params]) || len(outer.Algorithm.Parameters.FullBytes) > 0 {
		return nil, ErrWrongKeyType
	}
	var seed, expanded []byte
	var choice asn1.RawValue
	if rest, err := asn1.Unmarshal(outer.PrivateKey, &choice); err != nil || len(rest) > 0 {
		return nil, ErrWrongKeyType
	}
	switch {
	case choice.Class == asn1.ClassContextSpecific && choice.Tag == 0 && !choice.IsCompound:
		seed = choice.Bytes
	case choice.Class == asn1.ClassUniversal && choice.Tag == asn1.TagSequence:
		var both mldsaBoth
		if rest, err := asn1.Unmarshal(outer.PrivateKey, &both); err != nil || len(rest) > 0 {
			return nil, ErrWrongKeyType
		}
		seed, expanded = both.Seed, both.ExpandedKey
	default:
		return nil, ErrWrongKeyType
	}
	key, err := mldsa.NewPrivateKey(params, seed)
	if err != nil || (expanded != nil && !bytes.Equal(expanded, key.Bytes())) {
		return nil, ErrWrongKeyType
	}
	return key, nil
}

// marshalMLDSAPublic is the SubjectPublicKeyInfo of an ML-DSA public key.
func marshalMLDSAPublic(pub *mldsa.PublicKey) []byte {
	raw := pub.Bytes()
	der, _ := asn1.Marshal(subjectPublicKeyInfo{Algorithm: pkix.AlgorithmIdentifier{Algorithm: oidMLDSA[pub.Params()]},
		PublicKey: asn1.BitString{Bytes: raw, BitLength: 8 * len(raw)}}) // fixed shapes always marshal
	return der
}
