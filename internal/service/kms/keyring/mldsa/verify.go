package mldsa

import "crypto/subtle"

// Verify is Algorithm 3, ML-DSA.Verify, with an empty context string:
// whether sig is a signature of msg by pk.
func (pk *PublicKey) Verify(msg, sig []byte) bool {
	return pk.VerifyMu(pk.Mu(msg), sig)
}

// VerifyMu is Algorithm 8, ML-DSA.Verify_internal, from μ on: whether
// sig is a signature of the message representative μ (the external-μ
// verifying of FIPS 204 §6.2).
func (pk *PublicKey) VerifyMu(mu, sig []byte) bool {
	p := pk.params
	if len(mu) != MuSize {
		return false
	}
	cTilde, z, h, ok := sigDecode(p, sig)
	if !ok || vectorNormAtLeast(z, p.gamma1-p.beta()) {
		return false
	}
	c := sampleInBall(p, cTilde)
	cHat := ntt(&c)
	// w'_Approx ← NTT⁻¹(Â ∘ NTT(z) − NTT(c) ∘ NTT(t₁·2ᵈ)), whose high
	// bits the hints correct to the signer's w₁.
	az := matrixVectorNTT(pk.aHat, vectorNTT(z))
	w1 := make([]poly, p.k)
	for i := range az {
		ct1 := multiplyNTT(&cHat, &pk.t1Hat[i])
		diff := polySub(&az[i], &ct1)
		wApprox := inverseNTT(&diff)
		for j, coeff := range wApprox {
			w1[i][j] = useHint(h[i][j], coeff, p.gamma2)
		}
	}
	expected := shake256(p.challengeSize(), mu, w1Encode(p, w1))
	return subtle.ConstantTimeCompare(cTilde, expected) == 1
}
