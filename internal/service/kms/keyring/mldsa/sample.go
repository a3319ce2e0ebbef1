package mldsa

import "crypto/sha3"

// Pseudorandom sampling [FIPS 204 §7.3]: H is SHAKE256 and G SHAKE128
// (§3.7).

// shake256 is H(input, outLen).
func shake256(outLen int, input ...[]byte) []byte {
	h := sha3.NewSHAKE256()
	for _, in := range input {
		h.Write(in)
	}
	out := make([]byte, outLen)
	h.Read(out)
	return out
}

// sampleInBall is Algorithm 29, SampleInBall: the challenge c, a
// polynomial with τ coefficients ±1 and the others 0, from the seed c̃.
func sampleInBall(p *Params, seed []byte) (c poly) {
	h := sha3.NewSHAKE256()
	h.Write(seed)
	var signBytes [8]byte
	h.Read(signBytes[:])
	var signs uint64
	for i, b := range signBytes {
		signs |= uint64(b) << (8 * i)
	}
	var j [1]byte
	for i := n - p.tau; i < n; i++ {
		for {
			h.Read(j[:])
			if int(j[0]) <= i {
				break
			}
		}
		c[i] = c[j[0]]
		if signs&1 == 1 {
			c[j[0]] = q - 1
		} else {
			c[j[0]] = 1
		}
		signs >>= 1
	}
	return c
}

// rejNTTPoly is Algorithm 30, RejNTTPoly: a uniform polynomial of T_q by
// rejection from SHAKE128(seed), three bytes a candidate
// (CoeffFromThreeBytes, Algorithm 14).
func rejNTTPoly(seed []byte) (a poly) {
	g := sha3.NewSHAKE128()
	g.Write(seed)
	var block [168 * 3]byte // a whole number of SHAKE128 blocks and of triples
	for j := 0; j < n; {
		g.Read(block[:])
		for i := 0; i+3 <= len(block) && j < n; i += 3 {
			z := uint32(block[i]) | uint32(block[i+1])<<8 | uint32(block[i+2]&0x7f)<<16
			if z < q {
				a[j] = z
				j++
			}
		}
	}
	return a
}

// rejBoundedPoly is Algorithm 31, RejBoundedPoly: a polynomial with
// coefficients in [−η, η] by rejection from SHAKE256(seed), two
// candidates a byte (CoeffFromHalfByte, Algorithm 15).
func rejBoundedPoly(p *Params, seed []byte) (a poly) {
	h := sha3.NewSHAKE256()
	h.Write(seed)
	var block [136]byte
	for j := 0; j < n; {
		h.Read(block[:])
		for _, z := range block {
			for _, b := range [2]byte{z & 0x0f, z >> 4} {
				if v, ok := coeffFromHalfByte(p.eta, b); ok && j < n {
					a[j] = fieldFromInt(v)
					j++
				}
			}
		}
	}
	return a
}

// coeffFromHalfByte is Algorithm 15, CoeffFromHalfByte.
func coeffFromHalfByte(eta int, b byte) (int32, bool) {
	switch {
	case eta == 2 && b < 15:
		return 2 - int32(b%5), true
	case eta == 4 && b < 9:
		return 4 - int32(b), true
	}
	return 0, false
}

// expandA is Algorithm 32, ExpandA: the k×l matrix Â, in the NTT domain,
// from ρ.
func expandA(p *Params, rho []byte) [][]poly {
	a := make([][]poly, p.k)
	seed := make([]byte, 34)
	copy(seed, rho)
	for r := range p.k {
		a[r] = make([]poly, p.l)
		for s := range p.l {
			seed[32], seed[33] = byte(s), byte(r)
			a[r][s] = rejNTTPoly(seed)
		}
	}
	return a
}

// expandS is Algorithm 33, ExpandS: the secret vectors s₁ (l
// polynomials) and s₂ (k) from ρ'.
func expandS(p *Params, rhoPrime []byte) (s1, s2 []poly) {
	seed := make([]byte, 66)
	copy(seed, rhoPrime)
	vector := func(length, offset int) []poly {
		v := make([]poly, length)
		for r := range v {
			seed[64], seed[65] = byte(r+offset), byte((r+offset)>>8)
			v[r] = rejBoundedPoly(p, seed)
		}
		return v
	}
	return vector(p.l, 0), vector(p.k, p.l)
}

// expandMask is Algorithm 34, ExpandMask: the mask y, l polynomials with
// coefficients in [−γ₁ + 1, γ₁], from ρ″ and the counter κ.
func expandMask(p *Params, rhoPrimePrime []byte, kappa int) []poly {
	y := make([]poly, p.l)
	seed := make([]byte, 66)
	copy(seed, rhoPrimePrime)
	bits := p.zBits()
	for r := range y {
		seed[64], seed[65] = byte(kappa+r), byte((kappa+r)>>8)
		y[r] = bitUnpack(shake256(32*bits, seed), bits, p.gamma1)
	}
	return y
}
