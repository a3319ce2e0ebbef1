package mldsa_test

import (
	"crypto/rand"
	"testing"

	"github.com/amityhq/amity/internal/service/kms/keyring/mldsa"
)

// The cost of each operation per parameter set: KMS's CreateKey (key
// generation), Sign (hedged) and Verify, the last with the public key
// already parsed, as the key cache holds it.
func BenchmarkMLDSA(b *testing.B) {
	msg := make([]byte, 256)
	for _, ps := range parameterSets {
		seed := make([]byte, mldsa.SeedSize)
		b.Run(ps.ours.Name()+"/KeyGen", func(b *testing.B) {
			for b.Loop() {
				mldsa.NewPrivateKey(ps.ours, seed)
			}
		})
		sk, _ := mldsa.NewPrivateKey(ps.ours, seed)
		b.Run(ps.ours.Name()+"/Sign", func(b *testing.B) {
			for b.Loop() {
				sk.Sign(rand.Reader, msg)
			}
		})
		sig, _ := sk.Sign(rand.Reader, msg)
		b.Run(ps.ours.Name()+"/Verify", func(b *testing.B) {
			for b.Loop() {
				sk.Public().Verify(msg, sig)
			}
		})
	}
}
