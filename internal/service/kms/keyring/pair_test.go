package keyring_test

import (
	"bytes"
	"crypto"
	"crypto/ecdh"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"errors"
	"sync"
	"testing"

	"github.com/amityhq/amity/internal/service/kms/keyring"
)

// pairs generates each key spec's private key once per test binary: RSA
// keys take long to make.
var pairs = struct {
	sync.Mutex
	bySpec map[string][]byte
}{bySpec: map[string][]byte{}}

func pairOf(t *testing.T, spec string) *keyring.Pair {
	t.Helper()
	pairs.Lock()
	der, ok := pairs.bySpec[spec]
	if !ok {
		var err error
		if der, err = keyring.GeneratePair(rand.Reader, spec); err != nil {
			pairs.Unlock()
			t.Fatal(err)
		}
		pairs.bySpec[spec] = der
	}
	pairs.Unlock()
	p, err := keyring.ParsePair(spec, der)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestSignAndVerify(t *testing.T) {
	tests := []struct {
		spec string
		algs []string
		hash crypto.Hash
	}{
		{"RSA_2048", []string{"RSASSA_PKCS1_V1_5_SHA_256", "RSASSA_PSS_SHA_256"}, crypto.SHA256},
		{"RSA_3072", []string{"RSASSA_PKCS1_V1_5_SHA_384", "RSASSA_PSS_SHA_384"}, crypto.SHA384},
		{"ECC_NIST_P256", []string{"ECDSA_SHA_256"}, crypto.SHA256},
		{"ECC_NIST_P384", []string{"ECDSA_SHA_384"}, crypto.SHA384},
		{"ECC_NIST_P521", []string{"ECDSA_SHA_512"}, crypto.SHA512},
		{"ECC_SECG_P256K1", []string{"ECDSA_SHA_256"}, crypto.SHA256},
		{"ECC_NIST_EDWARDS25519", []string{"ED25519_PH_SHA_512"}, crypto.SHA512},
	}
	msg := []byte("message to sign")
	for _, tt := range tests {
		p := pairOf(t, tt.spec)
		for _, alg := range tt.algs {
			t.Run(tt.spec+"/"+alg, func(t *testing.T) {
				h := tt.hash.New()
				h.Write(msg)
				digest := h.Sum(nil)
				raw, err := p.Sign(rand.Reader, alg, msg, keyring.RawMessage)
				if err != nil {
					t.Fatal(err)
				}
				// A signature of the message verifies as one of its digest.
				if ok, err := p.Verify(alg, digest, keyring.Digest, raw); !ok || err != nil {
					t.Fatalf("Verify(digest) = %v, %v", ok, err)
				}
				if ok, _ := p.Verify(alg, []byte("other"), keyring.RawMessage, raw); ok {
					t.Fatal("signature verified for another message")
				}
				if _, err := p.Sign(rand.Reader, alg, digest[1:], keyring.Digest); !errors.Is(err, keyring.ErrDigestLength) {
					t.Fatalf("short digest: %v", err)
				}
			})
		}
	}
}

func TestPureEd25519SignsMessagesOnly(t *testing.T) {
	p := pairOf(t, "ECC_NIST_EDWARDS25519")
	sig, err := p.Sign(rand.Reader, "ED25519_SHA_512", []byte("m"), keyring.RawMessage)
	if err != nil {
		t.Fatal(err)
	}
	pub, err := x509.ParsePKIXPublicKey(p.PublicKey())
	if err != nil || !ed25519.Verify(pub.(ed25519.PublicKey), []byte("m"), sig) {
		t.Fatalf("crypto/ed25519 rejects the signature: %v", err)
	}
	if _, err := p.Sign(rand.Reader, "ED25519_SHA_512", make([]byte, 64), keyring.Digest); !errors.Is(err, keyring.ErrRawOnly) {
		t.Fatalf("digest: %v", err)
	}
}

func TestAlgorithmMustFitThePair(t *testing.T) {
	cases := map[string]string{"ECC_NIST_P256": "RSASSA_PSS_SHA_256", "RSA_2048": "ECDSA_SHA_256", "ECC_SECG_P256K1": "ED25519_PH_SHA_512"}
	for spec, alg := range cases {
		if _, err := pairOf(t, spec).Sign(rand.Reader, alg, []byte("m"), keyring.RawMessage); !errors.Is(err, keyring.ErrAlgorithm) {
			t.Errorf("%s with %s: %v", spec, alg, err)
		}
	}
}

func TestPublicKeyIsStandardDER(t *testing.T) {
	for _, spec := range []string{"RSA_2048", "ECC_NIST_P256", "ECC_NIST_P521", "ECC_NIST_EDWARDS25519"} {
		p := pairOf(t, spec)
		pub, err := x509.ParsePKIXPublicKey(p.PublicKey())
		if err != nil {
			t.Fatalf("%s: %v", spec, err)
		}
		digest := sha256.Sum256([]byte("x"))
		switch k := pub.(type) {
		case *rsa.PublicKey:
			sig, _ := p.Sign(rand.Reader, "RSASSA_PSS_SHA_256", digest[:], keyring.Digest)
			if err := rsa.VerifyPSS(k, crypto.SHA256, digest[:], sig, &rsa.PSSOptions{SaltLength: 32}); err != nil {
				t.Errorf("%s: crypto/rsa rejects a PSS signature with a 32-byte salt: %v", spec, err)
			}
		case *ecdsa.PublicKey:
			alg := map[string]string{"ECC_NIST_P256": "ECDSA_SHA_256", "ECC_NIST_P521": "ECDSA_SHA_512"}[spec]
			sig, _ := p.Sign(rand.Reader, alg, []byte("x"), keyring.RawMessage)
			h := crypto.SHA256
			if spec == "ECC_NIST_P521" {
				h = crypto.SHA512
			}
			d := h.New()
			d.Write([]byte("x"))
			if !ecdsa.VerifyASN1(k, d.Sum(nil), sig) {
				t.Errorf("%s: crypto/ecdsa rejects the signature", spec)
			}
		}
	}
}

func TestSecp256k1RoundTrip(t *testing.T) {
	der, err := keyring.GeneratePair(rand.Reader, "ECC_SECG_P256K1")
	if err != nil {
		t.Fatal(err)
	}
	p, err := keyring.ParsePair("ECC_SECG_P256K1", der)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := keyring.ParsePair("ECC_NIST_P256", der); !errors.Is(err, keyring.ErrWrongKeyType) {
		t.Fatalf("secp256k1 key read as P-256: %v", err)
	}
	nist := pairOf(t, "ECC_NIST_P256")
	p256, _ := keyring.GeneratePair(rand.Reader, "ECC_NIST_P256")
	if _, err := keyring.ParsePair("ECC_SECG_P256K1", p256); !errors.Is(err, keyring.ErrWrongKeyType) {
		t.Fatalf("P-256 key read as secp256k1: %v", err)
	}
	if bytes.Equal(p.PublicKey(), nist.PublicKey()) || len(p.PublicKey()) != 88 {
		t.Fatalf("public key is %d bytes", len(p.PublicKey()))
	}
}

func TestRSAEncryption(t *testing.T) {
	p := pairOf(t, "RSA_2048")
	for alg, max := range map[string]int{"RSAES_OAEP_SHA_1": 214, "RSAES_OAEP_SHA_256": 190} {
		if got := p.MaxPlaintext(alg); got != max {
			t.Errorf("MaxPlaintext(%s) = %d, want %d (KMS's table)", alg, got, max)
		}
		ct, err := p.Encrypt(rand.Reader, alg, make([]byte, max))
		if err != nil {
			t.Fatal(err)
		}
		pt, err := p.Decrypt(alg, ct)
		if err != nil || len(pt) != max {
			t.Fatalf("Decrypt = %d bytes, %v", len(pt), err)
		}
	}
	ct, _ := p.Encrypt(rand.Reader, "RSAES_OAEP_SHA_1", []byte("x"))
	if _, err := p.Decrypt("RSAES_OAEP_SHA_256", ct); !errors.Is(err, keyring.ErrInvalidCiphertext) {
		t.Fatalf("other algorithm: %v", err)
	}
}

func TestDeriveSharedSecret(t *testing.T) {
	p := pairOf(t, "ECC_NIST_P384")
	peer, err := ecdh.P384().GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	spki, _ := x509.MarshalPKIXPublicKey(peer.PublicKey())
	secret, err := p.DeriveSharedSecret(spki)
	if err != nil {
		t.Fatal(err)
	}
	own, _ := x509.ParsePKIXPublicKey(p.PublicKey())
	ownECDH, _ := own.(*ecdsa.PublicKey).ECDH()
	want, _ := peer.ECDH(ownECDH)
	if !bytes.Equal(secret, want) {
		t.Fatal("the peer derives another secret")
	}
	other, _ := ecdh.P256().GenerateKey(rand.Reader)
	spki256, _ := x509.MarshalPKIXPublicKey(other.PublicKey())
	if _, err := p.DeriveSharedSecret(spki256); !errors.Is(err, keyring.ErrPeerKey) {
		t.Fatalf("other curve: %v", err)
	}
}

func TestMACKeys(t *testing.T) {
	key, err := keyring.GenerateMACKey(rand.Reader, "HMAC_384")
	if err != nil || len(key) != 48 {
		t.Fatalf("GenerateMACKey = %d bytes, %v", len(key), err)
	}
	m, err := keyring.ParseMAC("HMAC_384", key)
	if err != nil {
		t.Fatal(err)
	}
	if !m.Verify([]byte("m"), m.Sum([]byte("m"))) || m.Verify([]byte("n"), m.Sum([]byte("m"))) {
		t.Fatal("Verify disagrees with Sum")
	}
	for _, n := range []int{47, 129} {
		if _, err := keyring.ParseMAC("HMAC_384", make([]byte, n)); !errors.Is(err, keyring.ErrMaterialLength) {
			t.Errorf("%d bytes: %v", n, err)
		}
	}
}

func TestSealedPairIsBoundToItsKey(t *testing.T) {
	s := newSealer(t)
	der, _ := keyring.GeneratePair(rand.Reader, "ECC_NIST_P256")
	sealed := keyring.SealMaterial(s, refA, 1, der)
	if _, err := keyring.OpenPair(s, refA, "ECC_NIST_P256", sealed, 1); err != nil {
		t.Fatal(err)
	}
	other := refA
	other.Region = "eu-west-2"
	if _, err := keyring.OpenPair(s, other, "ECC_NIST_P256", sealed, 1); err == nil {
		t.Fatal("material opened under another key")
	}
}
