package mldsa_test

import (
	"bytes"
	"math/rand/v2"
	"testing"

	"github.com/amityhq/amity/internal/service/kms/keyring/mldsa"
)

// FuzzAgainstCIRCL derives a key of each parameter set from a fuzzed
// seed, signs a fuzzed message deterministically, and holds the keys and
// signature to CIRCL's; then it mangles the signature as the fuzzer says
// and both implementations must agree on whether it verifies — the
// verifier's decoding of z and of the hints is where they could part.
func FuzzAgainstCIRCL(f *testing.F) {
	f.Add(make([]byte, 32), []byte("message"), uint16(0), byte(1))
	f.Add(bytes.Repeat([]byte{0xff}, 32), []byte{}, uint16(2400), byte(0x80))
	f.Add(bytes.Repeat([]byte{1}, 32), bytes.Repeat([]byte{2}, 300), uint16(4600), byte(0xff))
	f.Fuzz(func(t *testing.T, seed, msg []byte, at uint16, flip byte) {
		if len(seed) != mldsa.SeedSize {
			return
		}
		for _, ps := range parameterSets {
			checkAgainstCIRCL(t, ps, seed, msg, int(at), flip)
		}
	})
}

// TestQuickCheckAgainstCIRCL is the fuzz target's check on a few dozen
// random inputs, cheap enough for every run of the tests.
func TestQuickCheckAgainstCIRCL(t *testing.T) {
	r := rand.New(rand.NewPCG(204, 2024))
	for range 12 {
		seed := make([]byte, mldsa.SeedSize)
		for i := range seed {
			seed[i] = byte(r.Uint32())
		}
		msg := make([]byte, r.IntN(200))
		for i := range msg {
			msg[i] = byte(r.Uint32())
		}
		for _, ps := range parameterSets {
			checkAgainstCIRCL(t, ps, seed, msg, r.IntN(ps.ours.SignatureSize()), byte(1+r.IntN(255)))
			// The hint section, the last ω + k bytes, most of all.
			hint := ps.ours.SignatureSize() - 1 - r.IntN(ps.ours.SignatureSize()/30)
			checkAgainstCIRCL(t, ps, seed, msg, hint, byte(1+r.IntN(255)))
		}
	}
}

func checkAgainstCIRCL(t *testing.T, ps parameterSet, seed, msg []byte, at int, flip byte) {
	t.Helper()
	ours, pub, priv := bothKeys(t, ps, seed)
	if !bytes.Equal(ours.Public().Bytes(), marshal(t, pub)) || !bytes.Equal(ours.Bytes(), marshal(t, priv)) {
		t.Fatalf("%s: keys differ from CIRCL's", ps.ours.Name())
	}
	sig, err := ours.Sign(zeroRand{}, msg)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(sig, ps.circl.Sign(priv, msg, nil)) {
		t.Fatalf("%s: signature differs from CIRCL's", ps.ours.Name())
	}
	if !ours.Public().Verify(msg, sig) {
		t.Fatalf("%s: own signature refused", ps.ours.Name())
	}
	mangled := bytes.Clone(sig)
	mangled[at%len(mangled)] ^= flip
	if got, want := ours.Public().Verify(msg, mangled), ps.circl.Verify(pub, msg, mangled, nil); got != want {
		t.Fatalf("%s: byte %d ^ %#x: we say %v, CIRCL %v", ps.ours.Name(), at%len(mangled), flip, got, want)
	}
}
