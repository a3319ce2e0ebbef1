package mldsa

import (
	"errors"
)

// ErrSize: a seed, public key or μ of the wrong length.
var ErrSize = errors.New("mldsa: wrong length")

// PublicKey is an ML-DSA public key, kept with what verifying derives
// from it: tr, Â and t₁·2ᵈ in the NTT domain.
type PublicKey struct {
	params  *Params
	encoded []byte
	tr      []byte
	aHat    [][]poly
	t1Hat   []poly // NTT(t₁·2ᵈ)
}

// PrivateKey is an ML-DSA private key, made from its seed ξ and kept with
// what signing derives from it. Its public key is Public.
type PrivateKey struct {
	params     *Params
	seed       []byte
	key        []byte // K, the seed of signing's randomness
	public     *PublicKey
	s1, s2, t0 []poly
	s1Hat      []poly
	s2Hat      []poly
	t0Hat      []poly
}

// NewPrivateKey is Algorithm 6, ML-DSA.KeyGen_internal: the key pair of
// parameter set p whose seed is ξ (SeedSize bytes).
func NewPrivateKey(p *Params, seed []byte) (*PrivateKey, error) {
	if len(seed) != SeedSize {
		return nil, ErrSize
	}
	// (ρ, ρ', K) ← H(ξ ‖ k ‖ l, 128): the parameters are hashed in, so
	// that one seed makes unrelated keys of different parameter sets.
	expanded := shake256(128, seed, []byte{byte(p.k), byte(p.l)})
	defer clear(expanded)
	rho, rhoPrime := expanded[:32], expanded[32:96]
	sk := &PrivateKey{params: p, seed: append([]byte(nil), seed...), key: append([]byte(nil), expanded[96:]...)}

	aHat := expandA(p, rho)
	sk.s1, sk.s2 = expandS(p, rhoPrime)
	sk.s1Hat, sk.s2Hat = vectorNTT(sk.s1), vectorNTT(sk.s2)
	// t ← NTT⁻¹(Â ∘ NTT(s₁)) + s₂, split by Power2Round into t₁ (public)
	// and t₀ (private).
	as1 := matrixVectorNTT(aHat, sk.s1Hat)
	t1 := make([]poly, p.k)
	sk.t0 = make([]poly, p.k)
	for i := range as1 {
		t := inverseNTT(&as1[i])
		t = polyAdd(&t, &sk.s2[i])
		for j, c := range t {
			hi, lo := power2Round(c)
			t1[i][j], sk.t0[i][j] = hi, fieldFromInt(lo)
		}
	}
	sk.t0Hat = vectorNTT(sk.t0)
	sk.public = newPublicKey(p, pkEncode(p, rho, t1), aHat, t1)
	return sk, nil
}

// ParsePublicKey reads an encoded public key of parameter set p
// (Algorithm 23, pkDecode): PublicKeySize bytes, every value of which is
// a public key.
func ParsePublicKey(p *Params, encoded []byte) (*PublicKey, error) {
	if len(encoded) != p.PublicKeySize() {
		return nil, ErrSize
	}
	encoded = append([]byte(nil), encoded...)
	rho, t1 := pkDecode(p, encoded)
	return newPublicKey(p, encoded, expandA(p, rho), t1), nil
}

func newPublicKey(p *Params, encoded []byte, aHat [][]poly, t1 []poly) *PublicKey {
	pk := &PublicKey{params: p, encoded: encoded, tr: shake256(trSize, encoded), aHat: aHat, t1Hat: make([]poly, p.k)}
	for i := range t1 {
		var scaled poly
		for j, c := range t1[i] {
			scaled[j] = c << d // below q: t₁ < 2¹⁰ and (2¹⁰ − 1)·2¹³ = q − 1
		}
		pk.t1Hat[i] = ntt(&scaled)
	}
	return pk
}

// Public returns the private key's public key.
func (sk *PrivateKey) Public() *PublicKey { return sk.public }

// Params returns the key's parameter set.
func (sk *PrivateKey) Params() *Params { return sk.params }

// Seed returns a copy of ξ, the seed the key was made from.
func (sk *PrivateKey) Seed() []byte { return append([]byte(nil), sk.seed...) }

// Bytes returns the expanded private key, Algorithm 24's skEncode.
func (sk *PrivateKey) Bytes() []byte {
	pk := sk.public
	return skEncode(sk.params, pk.encoded[:32], sk.key, pk.tr, sk.s1, sk.s2, sk.t0)
}

// Bytes returns the encoded public key, Algorithm 22's pkEncode.
func (pk *PublicKey) Bytes() []byte { return append([]byte(nil), pk.encoded...) }

// Params returns the key's parameter set.
func (pk *PublicKey) Params() *Params { return pk.params }

// Mu is the message representative μ of pure ML-DSA with an empty
// context string, the μ that Sign signs for msg: Algorithm 2's
// M' = 0 ‖ |ctx| ‖ ctx ‖ M with ctx empty, then Algorithm 7's
// μ ← H(tr ‖ M', 64). A caller that signs with SignMu computes the same
// outside (FIPS 204 §6.2).
func (pk *PublicKey) Mu(msg []byte) []byte {
	return shake256(MuSize, pk.tr, []byte{0, 0}, msg)
}
