package mldsa_test

import (
	"bytes"
	"crypto/rand"
	"crypto/sha3"
	"fmt"
	"testing"

	"github.com/amityhq/amity/internal/service/kms/keyring/mldsa"
	"github.com/cloudflare/circl/sign"
	"github.com/cloudflare/circl/sign/mldsa/mldsa44"
	"github.com/cloudflare/circl/sign/mldsa/mldsa65"
	"github.com/cloudflare/circl/sign/mldsa/mldsa87"
)

// Cloudflare's CIRCL is the independent implementation this package is
// held to: the same seed must make byte-identical keys, the same message
// and zero randomness byte-identical signatures, and each must accept the
// other's hedged signatures.

type parameterSet struct {
	ours  *mldsa.Params
	circl sign.Scheme
}

var parameterSets = []parameterSet{
	{mldsa.MLDSA44, mldsa44.Scheme()},
	{mldsa.MLDSA65, mldsa65.Scheme()},
	{mldsa.MLDSA87, mldsa87.Scheme()},
}

// zeroRand yields zeros: rnd = 0³², FIPS 204's deterministic variant.
type zeroRand struct{}

func (zeroRand) Read(b []byte) (int, error) { clear(b); return len(b), nil }

// seedOf is a seed that differs by test case and parameter set.
func seedOf(label string, i int) []byte {
	return sha3.SumSHAKE256(fmt.Appendf(nil, "%s/%d", label, i), mldsa.SeedSize)
}

func bothKeys(t *testing.T, ps parameterSet, seed []byte) (*mldsa.PrivateKey, sign.PublicKey, sign.PrivateKey) {
	t.Helper()
	ours, err := mldsa.NewPrivateKey(ps.ours, seed)
	if err != nil {
		t.Fatal(err)
	}
	pub, priv := ps.circl.DeriveKey(seed)
	return ours, pub, priv
}

func marshal(t *testing.T, k interface{ MarshalBinary() ([]byte, error) }) []byte {
	t.Helper()
	b, err := k.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// messages are the messages each test signs: empty, short, a block's
// length and more, and KMS's largest RAW message.
var messages = [][]byte{nil, []byte("a"), []byte("amity signs with ML-DSA"), bytes.Repeat([]byte{0xa5}, 136), bytes.Repeat([]byte{7}, 4096)}

func TestKeysEqualCIRCLs(t *testing.T) {
	for _, ps := range parameterSets {
		for i := range 4 {
			ours, pub, priv := bothKeys(t, ps, seedOf("keys", i))
			if got, want := ours.Public().Bytes(), marshal(t, pub); !bytes.Equal(got, want) {
				t.Fatalf("%s seed %d: public keys differ", ps.ours.Name(), i)
			}
			if got, want := ours.Bytes(), marshal(t, priv); !bytes.Equal(got, want) {
				t.Fatalf("%s seed %d: private keys differ", ps.ours.Name(), i)
			}
			if len(ours.Public().Bytes()) != ps.ours.PublicKeySize() || len(ours.Bytes()) != ps.ours.PrivateKeySize() {
				t.Fatalf("%s: sizes %d, %d", ps.ours.Name(), len(ours.Public().Bytes()), len(ours.Bytes()))
			}
		}
	}
}

func TestDeterministicSignaturesEqualCIRCLs(t *testing.T) {
	for _, ps := range parameterSets {
		ours, _, priv := bothKeys(t, ps, seedOf("deterministic", 0))
		for _, msg := range messages {
			got, err := ours.Sign(zeroRand{}, msg)
			if err != nil {
				t.Fatal(err)
			}
			want := ps.circl.Sign(priv, msg, &sign.SignatureOpts{}) // deterministic unless randomized
			if !bytes.Equal(got, want) {
				t.Fatalf("%s, %d-byte message: signatures differ", ps.ours.Name(), len(msg))
			}
			if len(got) != ps.ours.SignatureSize() {
				t.Fatalf("%s: signature of %d bytes", ps.ours.Name(), len(got))
			}
		}
	}
}

func TestHedgedSignaturesVerifyBothWays(t *testing.T) {
	for _, ps := range parameterSets {
		ours, pub, priv := bothKeys(t, ps, seedOf("hedged", 0))
		for _, msg := range messages {
			sig, err := ours.Sign(rand.Reader, msg)
			if err != nil {
				t.Fatal(err)
			}
			if !ps.circl.Verify(pub, msg, sig, nil) {
				t.Fatalf("%s: CIRCL refuses our signature of a %d-byte message", ps.ours.Name(), len(msg))
			}
			theirs := circlHedged(t, ps, priv, msg)
			if !ours.Public().Verify(msg, theirs) {
				t.Fatalf("%s: we refuse CIRCL's signature of a %d-byte message", ps.ours.Name(), len(msg))
			}
		}
	}
}

func circlHedged(t *testing.T, ps parameterSet, priv sign.PrivateKey, msg []byte) []byte {
	t.Helper()
	var sig []byte
	var err error
	switch k := priv.(type) {
	case *mldsa44.PrivateKey:
		sig = make([]byte, mldsa44.SignatureSize)
		err = mldsa44.SignTo(k, msg, nil, true, sig)
	case *mldsa65.PrivateKey:
		sig = make([]byte, mldsa65.SignatureSize)
		err = mldsa65.SignTo(k, msg, nil, true, sig)
	case *mldsa87.PrivateKey:
		sig = make([]byte, mldsa87.SignatureSize)
		err = mldsa87.SignTo(k, msg, nil, true, sig)
	}
	if err != nil {
		t.Fatal(err)
	}
	return sig
}

// TestExternalMu: a μ computed outside as FIPS 204 §6.2 and AWS KMS
// describe — μ = SHAKE256(SHAKE256(pk, 64) ‖ 0x00 ‖ 0x00 ‖ M, 64) —
// signs to a signature CIRCL verifies as pure ML-DSA's of M.
func TestExternalMu(t *testing.T) {
	for _, ps := range parameterSets {
		ours, pub, _ := bothKeys(t, ps, seedOf("mu", 0))
		for _, msg := range messages {
			tr := sha3.SumSHAKE256(marshal(t, pub), 64)
			mu := sha3.SumSHAKE256(append(append(tr, 0, 0), msg...), 64)
			if !bytes.Equal(mu, ours.Public().Mu(msg)) {
				t.Fatalf("%s: Mu differs from the formula", ps.ours.Name())
			}
			sig, err := ours.SignMu(rand.Reader, mu)
			if err != nil {
				t.Fatal(err)
			}
			if !ps.circl.Verify(pub, msg, sig, nil) {
				t.Fatalf("%s: CIRCL refuses the external-μ signature", ps.ours.Name())
			}
			if !ours.Public().VerifyMu(mu, sig) || !ours.Public().Verify(msg, sig) {
				t.Fatalf("%s: we refuse the external-μ signature", ps.ours.Name())
			}
			// The deterministic external-μ signature is the RAW one.
			det, _ := ours.SignMu(zeroRand{}, mu)
			raw, _ := ours.Sign(zeroRand{}, msg)
			if !bytes.Equal(det, raw) {
				t.Fatalf("%s: external-μ and RAW deterministic signatures differ", ps.ours.Name())
			}
		}
		if _, err := ours.SignMu(rand.Reader, make([]byte, 63)); err != mldsa.ErrSize {
			t.Fatalf("%s: a 63-byte μ: %v", ps.ours.Name(), err)
		}
	}
}

func TestTamperingFails(t *testing.T) {
	for _, ps := range parameterSets {
		ours, _, _ := bothKeys(t, ps, seedOf("tamper", 0))
		other, _, _ := bothKeys(t, ps, seedOf("tamper", 1))
		msg := []byte("the message")
		sig, _ := ours.Sign(rand.Reader, msg)
		pk := ours.Public()
		if !pk.Verify(msg, sig) {
			t.Fatalf("%s: the untouched signature fails", ps.ours.Name())
		}
		if pk.Verify([]byte("the messagf"), sig) || other.Public().Verify(msg, sig) {
			t.Fatalf("%s: another message or key verifies", ps.ours.Name())
		}
		if pk.Verify(msg, sig[:len(sig)-1]) || pk.Verify(msg, append(sig, 0)) || pk.Verify(msg, nil) {
			t.Fatalf("%s: a signature of the wrong length verifies", ps.ours.Name())
		}
		// Every byte matters: c̃, z and the hints (a flipped hint
		// position or count either breaks the encoding or the check).
		for i := 0; i < len(sig); i += 1 + len(sig)/97 {
			bad := bytes.Clone(sig)
			bad[i] ^= 0x10
			if pk.Verify(msg, bad) {
				t.Fatalf("%s: byte %d flipped verifies", ps.ours.Name(), i)
			}
		}
		if pk.VerifyMu(pk.Mu(msg)[:63], sig) {
			t.Fatalf("%s: a short μ verifies", ps.ours.Name())
		}
	}
}

func TestParsePublicKey(t *testing.T) {
	for _, ps := range parameterSets {
		ours, _, _ := bothKeys(t, ps, seedOf("parse", 0))
		parsed, err := mldsa.ParsePublicKey(ps.ours, ours.Public().Bytes())
		if err != nil {
			t.Fatal(err)
		}
		sig, _ := ours.Sign(rand.Reader, []byte("m"))
		if !parsed.Verify([]byte("m"), sig) {
			t.Fatalf("%s: the parsed public key refuses", ps.ours.Name())
		}
		if _, err := mldsa.ParsePublicKey(ps.ours, ours.Public().Bytes()[1:]); err != mldsa.ErrSize {
			t.Fatalf("%s: a short public key: %v", ps.ours.Name(), err)
		}
	}
	if _, err := mldsa.NewPrivateKey(mldsa.MLDSA44, make([]byte, 31)); err != mldsa.ErrSize {
		t.Fatalf("a short seed: %v", err)
	}
}
