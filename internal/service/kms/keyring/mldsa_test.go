package keyring_test

import (
	"bytes"
	"crypto/rand"
	"crypto/x509/pkix"
	"encoding/asn1"
	"errors"
	"testing"

	"github.com/amityhq/amity/internal/service/kms/keyring"
	"github.com/amityhq/amity/internal/service/kms/keyring/mldsa"
)

var oidMLDSA44 = asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 3, 17}

// mldsaPKCS8 writes an ML-DSA-44 PKCS#8 key whose privateKey holds inner.
func mldsaPKCS8(t *testing.T, oid asn1.ObjectIdentifier, inner []byte) []byte {
	t.Helper()
	der, err := asn1.Marshal(struct {
		Version    int
		Algorithm  pkix.AlgorithmIdentifier
		PrivateKey []byte
	}{Algorithm: pkix.AlgorithmIdentifier{Algorithm: oid}, PrivateKey: inner})
	if err != nil {
		t.Fatal(err)
	}
	return der
}

func mustMarshal(t *testing.T, v any) []byte {
	t.Helper()
	der, err := asn1.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return der
}

// TestMLDSAPair signs with each message type of ML_DSA_SHAKE_256 and
// refuses what KMS refuses: a digest, a μ of the wrong length.
func TestMLDSAPair(t *testing.T) {
	for _, spec := range []string{"ML_DSA_44", "ML_DSA_65", "ML_DSA_87"} {
		p := pairOf(t, spec)
		const alg = "ML_DSA_SHAKE_256"
		msg := []byte("message")
		sig, err := p.Sign(rand.Reader, alg, msg, keyring.RawMessage)
		if err != nil {
			t.Fatal(err)
		}
		if ok, err := p.Verify(alg, msg, keyring.RawMessage, sig); !ok || err != nil {
			t.Fatalf("%s: Verify = %v, %v", spec, ok, err)
		}
		if ok, _ := p.Verify(alg, []byte("other"), keyring.RawMessage, sig); ok {
			t.Fatalf("%s: another message verifies", spec)
		}
		mu := make([]byte, mldsa.MuSize)
		muSig, err := p.Sign(rand.Reader, alg, mu, keyring.ExternalMu)
		if err != nil {
			t.Fatal(err)
		}
		if ok, err := p.Verify(alg, mu, keyring.ExternalMu, muSig); !ok || err != nil {
			t.Fatalf("%s: Verify of μ = %v, %v", spec, ok, err)
		}
		if _, err := p.Sign(rand.Reader, alg, mu, keyring.Digest); !errors.Is(err, keyring.ErrRawOnly) {
			t.Fatalf("%s: DIGEST: %v", spec, err)
		}
		if _, err := p.Sign(rand.Reader, alg, mu[1:], keyring.ExternalMu); !errors.Is(err, keyring.ErrMuLength) {
			t.Fatalf("%s: a 63-byte μ: %v", spec, err)
		}
		if _, err := p.Sign(rand.Reader, "ECDSA_SHA_256", msg, keyring.RawMessage); !errors.Is(err, keyring.ErrAlgorithm) {
			t.Fatalf("%s: ECDSA: %v", spec, err)
		}
	}
	if _, err := pairOf(t, "ECC_NIST_P256").Sign(rand.Reader, "ECDSA_SHA_256", make([]byte, 64), keyring.ExternalMu); !errors.Is(err, keyring.ErrExternalMu) {
		t.Fatalf("ECDSA of a μ: %v", err)
	}
	if _, err := pairOf(t, "ECC_NIST_P256").Sign(rand.Reader, "ML_DSA_SHAKE_256", []byte("m"), keyring.RawMessage); !errors.Is(err, keyring.ErrAlgorithm) {
		t.Fatalf("ML-DSA with an ECC key: %v", err)
	}
}

// TestMLDSAPrivateKeyForms: amity writes the seed form of RFC 9881's
// ML-DSA-PrivateKey and reads it and the both form (seed and expanded
// key, which must agree); the expanded form alone, another parameter
// set's OID or a seed of the wrong length is not a key of the spec.
func TestMLDSAPrivateKeyForms(t *testing.T) {
	der, err := keyring.GeneratePair(rand.Reader, "ML_DSA_44")
	if err != nil {
		t.Fatal(err)
	}
	seedOnly, err := keyring.ParsePair("ML_DSA_44", der)
	if err != nil {
		t.Fatal(err)
	}
	seed := make([]byte, mldsa.SeedSize)
	rand.Read(seed)
	key, _ := mldsa.NewPrivateKey(mldsa.MLDSA44, seed)
	seedForm := mustMarshal(t, asn1.RawValue{Class: asn1.ClassContextSpecific, Tag: 0, Bytes: seed})
	both := mustMarshal(t, struct{ Seed, ExpandedKey []byte }{seed, key.Bytes()})
	wrongBoth := mustMarshal(t, struct{ Seed, ExpandedKey []byte }{seed, bytes.Repeat([]byte{1}, len(key.Bytes()))})

	fromSeed, err := keyring.ParsePair("ML_DSA_44", mldsaPKCS8(t, oidMLDSA44, seedForm))
	if err != nil {
		t.Fatal(err)
	}
	fromBoth, err := keyring.ParsePair("ML_DSA_44", mldsaPKCS8(t, oidMLDSA44, both))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(fromSeed.PublicKey(), fromBoth.PublicKey()) || bytes.Equal(fromSeed.PublicKey(), seedOnly.PublicKey()) {
		t.Fatal("the forms of one seed make different keys, or two seeds one key")
	}
	for name, bad := range map[string][]byte{
		"both, disagreeing": mldsaPKCS8(t, oidMLDSA44, wrongBoth),
		"expanded only":     mldsaPKCS8(t, oidMLDSA44, mustMarshal(t, key.Bytes())),
		"ML-DSA-65's OID":   mldsaPKCS8(t, asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 3, 18}, seedForm),
		"31-byte seed":      mldsaPKCS8(t, oidMLDSA44, mustMarshal(t, asn1.RawValue{Class: asn1.ClassContextSpecific, Tag: 0, Bytes: seed[1:]})),
		"an ECC key":        pairDER(t, "ECC_NIST_P256"),
		"trailing bytes":    append(bytes.Clone(der), 0),
	} {
		if _, err := keyring.ParsePair("ML_DSA_44", bad); !errors.Is(err, keyring.ErrWrongKeyType) {
			t.Errorf("%s: %v", name, err)
		}
	}
	if _, err := keyring.ParsePair("ML_DSA_65", der); !errors.Is(err, keyring.ErrWrongKeyType) {
		t.Errorf("an ML-DSA-44 key as ML_DSA_65: %v", err)
	}
	if _, err := keyring.ParsePair("ECC_NIST_P256", der); !errors.Is(err, keyring.ErrWrongKeyType) {
		t.Errorf("an ML-DSA-44 key as ECC_NIST_P256: %v", err)
	}
}

func pairDER(t *testing.T, spec string) []byte {
	t.Helper()
	der, err := keyring.GeneratePair(rand.Reader, spec)
	if err != nil {
		t.Fatal(err)
	}
	return der
}
