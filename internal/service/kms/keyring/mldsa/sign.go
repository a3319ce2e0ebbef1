package mldsa

import (
	"io"
)

// Sign is Algorithm 2, ML-DSA.Sign, with an empty context string: a
// hedged signature of msg, whose 32 bytes of randomness rnd come from
// rand. A rand that yields zeros makes the deterministic variant.
func (sk *PrivateKey) Sign(rand io.Reader, msg []byte) ([]byte, error) {
	return sk.SignMu(rand, sk.public.Mu(msg))
}

// SignMu signs the message representative μ (MuSize bytes) as Algorithm
// 7, ML-DSA.Sign_internal, does after computing it: the external-μ
// signing of FIPS 204 §6.2, whose signature is Sign's of the message
// μ stands for.
func (sk *PrivateKey) SignMu(rand io.Reader, mu []byte) ([]byte, error) {
	if len(mu) != MuSize {
		return nil, ErrSize
	}
	rnd := make([]byte, rndSize)
	if _, err := io.ReadFull(rand, rnd); err != nil {
		return nil, err
	}
	return sk.signInternal(mu, rnd), nil
}

// signInternal is Algorithm 7 from μ on: the rejection loop, which draws
// masks y until the signature leaks nothing of s₁, s₂ and t₀.
func (sk *PrivateKey) signInternal(mu, rnd []byte) []byte {
	p, pk := sk.params, sk.public
	rhoPrimePrime := shake256(64, sk.key, rnd, mu) // ρ″ ← H(K ‖ rnd ‖ μ, 64)
	defer clear(rhoPrimePrime)
	for kappa := 0; ; kappa += p.l {
		y := expandMask(p, rhoPrimePrime, kappa)
		w := matrixVectorNTT(pk.aHat, vectorNTT(y))
		w1 := make([]poly, p.k)
		for i := range w {
			w[i] = inverseNTT(&w[i])
			for j, c := range w[i] {
				w1[i][j] = highBits(c, p.gamma2)
			}
		}
		cTilde := shake256(p.challengeSize(), mu, w1Encode(p, w1))
		c := sampleInBall(p, cTilde)
		cHat := ntt(&c)
		cs1 := scalarVectorInverseNTT(&cHat, sk.s1Hat)
		cs2 := scalarVectorInverseNTT(&cHat, sk.s2Hat)

		z := make([]poly, p.l)
		for i := range z {
			z[i] = polyAdd(&y[i], &cs1[i])
		}
		if vectorNormAtLeast(z, p.gamma1-p.beta()) {
			continue
		}
		wMinusCs2 := make([]poly, p.k)
		for i := range wMinusCs2 {
			wMinusCs2[i] = polySub(&w[i], &cs2[i])
			if lowBitsNormAtLeast(&wMinusCs2[i], p.gamma2, p.gamma2-p.beta()) {
				wMinusCs2 = nil
				break
			}
		}
		if wMinusCs2 == nil {
			continue
		}
		ct0 := scalarVectorInverseNTT(&cHat, sk.t0Hat)
		if vectorNormAtLeast(ct0, p.gamma2) {
			continue
		}
		// h ← MakeHint(−c·t₀, w − c·s₂ + c·t₀)
		h := make(hints, p.k)
		for i := range h {
			minusCt0 := polyNeg(&ct0[i])
			r := polyAdd(&wMinusCs2[i], &ct0[i])
			for j := range h[i] {
				h[i][j] = makeHint(minusCt0[j], r[j], p.gamma2)
			}
		}
		if h.count() > p.omega {
			continue
		}
		return sigEncode(p, cTilde, z, h)
	}
}

// lowBitsNormAtLeast reports whether ‖LowBits(r)‖∞ ≥ bound.
func lowBitsNormAtLeast(r *poly, gamma2, bound int) bool {
	for _, c := range r {
		lo := lowBits(c, gamma2)
		if lo >= int32(bound) || -lo >= int32(bound) {
			return true
		}
	}
	return false
}
