package keyring

import (
	"crypto/x509/pkix"
	"encoding/asn1"

	"github.com/decred/dcrd/dcrec/secp256k1/v4"
	"github.com/decred/dcrd/dcrec/secp256k1/v4/ecdsa"
)

// secp256k1 (ECC_SECG_P256K1) is the one curve Go's standard library does
// not have: its arithmetic comes from decred's secp256k1 module, and its
// PKCS#8 and SubjectPublicKeyInfo forms — the same ASN.1 as the NIST
// curves' (RFC 5480, RFC 5915), with the curve's own OID — are written
// here, because crypto/x509 knows only the curves it implements.

var (
	oidECPublicKey = asn1.ObjectIdentifier{1, 2, 840, 10045, 2, 1}
	oidSecp256k1   = asn1.ObjectIdentifier{1, 3, 132, 0, 10}
)

type pkcs8Key struct {
	Version    int
	Algorithm  pkix.AlgorithmIdentifier
	PrivateKey []byte
}

type ecPrivateKey struct {
	Version    int
	PrivateKey []byte
	Curve      asn1.ObjectIdentifier `asn1:"optional,explicit,tag:0"`
	PublicKey  asn1.BitString        `asn1:"optional,explicit,tag:1"`
}

type subjectPublicKeyInfo struct {
	Algorithm pkix.AlgorithmIdentifier
	PublicKey asn1.BitString
}

func secp256k1Algorithm() pkix.AlgorithmIdentifier {
	curve, _ := asn1.Marshal(oidSecp256k1) // a constant OID always marshals
	return pkix.AlgorithmIdentifier{Algorithm: oidECPublicKey, Parameters: asn1.RawValue{FullBytes: curve}}
}

func marshalSecp256k1(k *secp256k1.PrivateKey) ([]byte, error) {
	scalar := k.Serialize()
	defer clear(scalar)
	pub := k.PubKey().SerializeUncompressed()
	inner, err := asn1.Marshal(ecPrivateKey{Version: 1, PrivateKey: scalar,
		PublicKey: asn1.BitString{Bytes: pub, BitLength: 8 * len(pub)}})
	if err != nil {
		return nil, err
	}
	defer clear(inner)
	return asn1.Marshal(pkcs8Key{Algorithm: secp256k1Algorithm(), PrivateKey: inner})
}

func parseSecp256k1(der []byte) (*secp256k1.PrivateKey, error) {
	var outer pkcs8Key
	if rest, err := asn1.Unmarshal(der, &outer); err != nil || len(rest) > 0 || !outer.Algorithm.Algorithm.Equal(oidECPublicKey) {
		return nil, ErrWrongKeyType
	}
	var curve asn1.ObjectIdentifier
	if _, err := asn1.Unmarshal(outer.Algorithm.Parameters.FullBytes, &curve); err != nil || !curve.Equal(oidSecp256k1) {
		return nil, ErrWrongKeyType
	}
	var inner ecPrivateKey
	if _, err := asn1.Unmarshal(outer.PrivateKey, &inner); err != nil || inner.Version != 1 || len(inner.PrivateKey) != 32 {
		return nil, ErrWrongKeyType
	}
	defer clear(inner.PrivateKey)
	var scalar secp256k1.ModNScalar
	if overflow := scalar.SetByteSlice(inner.PrivateKey); overflow || scalar.IsZero() {
		return nil, ErrWrongKeyType
	}
	return secp256k1.NewPrivateKey(&scalar), nil
}

func marshalSecp256k1Public(pub *secp256k1.PublicKey) []byte {
	point := pub.SerializeUncompressed()
	der, _ := asn1.Marshal(subjectPublicKeyInfo{Algorithm: secp256k1Algorithm(),
		PublicKey: asn1.BitString{Bytes: point, BitLength: 8 * len(point)}}) // fixed shapes always marshal
	return der
}

func signSecp256k1(k *secp256k1.PrivateKey, digest []byte) []byte {
	return ecdsa.Sign(k, digest).Serialize()
}

func verifySecp256k1(pub *secp256k1.PublicKey, digest, sig []byte) bool {
	s, err := ecdsa.ParseDERSignature(sig)
	return err == nil && s.Verify(digest, pub)
}
