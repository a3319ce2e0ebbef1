package mldsa

// Encodings of polynomials, keys and signatures [FIPS 204 §7.1–7.2].
// Coefficients are packed least significant bit first, each polynomial
// in 32·bits bytes.

// simpleBitPack is Algorithm 16, SimpleBitPack: coefficients in
// [0, 2^bits), appended to out.
func simpleBitPack(out []byte, w *poly, bits int) []byte {
	var acc uint64
	held := 0
	for _, c := range w {
		acc |= uint64(c) << held
		for held += bits; held >= 8; held -= 8 {
			out = append(out, byte(acc))
			acc >>= 8
		}
	}
	return out
}

// bitPack is Algorithm 17, BitPack: coefficients in [b − 2^bits + 1, b],
// packed as b − w_i.
func bitPack(out []byte, w *poly, bits, b int) []byte {
	var shifted poly
	for i, c := range w {
		shifted[i] = uint32(int32(b) - centered(c))
	}
	return simpleBitPack(out, &shifted, bits)
}

// simpleBitUnpack is Algorithm 18, SimpleBitUnpack: the inverse of
// simpleBitPack on 32·bits bytes.
func simpleBitUnpack(in []byte, bits int) (w poly) {
	var acc uint64
	held, next := 0, 0
	mask := uint64(1)<<bits - 1
	for i := range w {
		for held < bits {
			acc |= uint64(in[next]) << held
			next++
			held += 8
		}
		w[i] = uint32(acc & mask)
		acc >>= bits
		held -= bits
	}
	return w
}

// bitUnpack is Algorithm 19, BitUnpack: w_i = b − v_i, as field elements.
// Every value of v_i is accepted: the callers' ranges, 2^bits wide, are
// the whole of what bits can hold.
func bitUnpack(in []byte, bits, b int) (w poly) {
	v := simpleBitUnpack(in, bits)
	for i := range w {
		w[i] = fieldFromInt(int32(b) - int32(v[i]))
	}
	return w
}

// hints are the hint vector h: k polynomials of bits.
type hints [][n]bool

func (h hints) count() int {
	c := 0
	for i := range h {
		for _, set := range h[i] {
			if set {
				c++
			}
		}
	}
	return c
}

// hintBitPack is Algorithm 20, HintBitPack: the positions of the set
// bits, then after ω bytes the running count at the end of each
// polynomial.
func hintBitPack(out []byte, p *Params, h hints) []byte {
	y := make([]byte, p.omega+p.k)
	index := 0
	for i := range h {
		for j, set := range h[i] {
			if set {
				y[index] = byte(j)
				index++
			}
		}
		y[p.omega+i] = byte(index)
	}
	return append(out, y...)
}

// hintBitUnpack is Algorithm 21, HintBitUnpack; ok is false for an
// encoding that is not HintBitPack's (more than ω hints, positions not
// increasing within a polynomial, padding not zero), so that a signature
// has a single encoding (strong unforgeability).
func hintBitUnpack(p *Params, y []byte) (h hints, ok bool) {
	h = make(hints, p.k)
	index := 0
	for i := range p.k {
		end := int(y[p.omega+i])
		if end < index || end > p.omega {
			return nil, false
		}
		first := index
		for ; index < end; index++ {
			if index > first && y[index-1] >= y[index] {
				return nil, false
			}
			h[i][y[index]] = true
		}
	}
	for _, pad := range y[index:p.omega] {
		if pad != 0 {
			return nil, false
		}
	}
	return h, true
}

// pkEncode is Algorithm 22, pkEncode: ρ ‖ t₁.
func pkEncode(p *Params, rho []byte, t1 []poly) []byte {
	out := make([]byte, 0, p.PublicKeySize())
	out = append(out, rho...)
	for i := range t1 {
		out = simpleBitPack(out, &t1[i], t1Bits)
	}
	return out
}

// pkDecode is Algorithm 23, pkDecode. The caller checks the length.
func pkDecode(p *Params, pk []byte) (rho []byte, t1 []poly) {
	t1 = make([]poly, p.k)
	for i := range t1 {
		off := 32 + 32*t1Bits*i
		t1[i] = simpleBitUnpack(pk[off:], t1Bits)
	}
	return pk[:32], t1
}

// skEncode is Algorithm 24, skEncode: ρ ‖ K ‖ tr ‖ s₁ ‖ s₂ ‖ t₀, the
// expanded private key (which amity keeps as its seed ξ instead).
func skEncode(p *Params, rho, key, tr []byte, s1, s2, t0 []poly) []byte {
	out := make([]byte, 0, p.PrivateKeySize())
	out = append(append(append(out, rho...), key...), tr...)
	for i := range s1 {
		out = bitPack(out, &s1[i], p.etaBits(), p.eta)
	}
	for i := range s2 {
		out = bitPack(out, &s2[i], p.etaBits(), p.eta)
	}
	for i := range t0 {
		out = bitPack(out, &t0[i], d, 1<<(d-1))
	}
	return out
}

// sigEncode is Algorithm 26, sigEncode: c̃ ‖ z ‖ h.
func sigEncode(p *Params, cTilde []byte, z []poly, h hints) []byte {
	out := make([]byte, 0, p.SignatureSize())
	out = append(out, cTilde...)
	for i := range z {
		out = bitPack(out, &z[i], p.zBits(), p.gamma1)
	}
	return hintBitPack(out, p, h)
}

// sigDecode is Algorithm 27, sigDecode; ok is false for a signature of
// the wrong length or a malformed hint encoding.
func sigDecode(p *Params, sig []byte) (cTilde []byte, z []poly, h hints, ok bool) {
	if len(sig) != p.SignatureSize() {
		return nil, nil, nil, false
	}
	cTilde, rest := sig[:p.challengeSize()], sig[p.challengeSize():]
	z = make([]poly, p.l)
	width := 32 * p.zBits()
	for i := range z {
		z[i] = bitUnpack(rest[i*width:], p.zBits(), p.gamma1)
	}
	h, ok = hintBitUnpack(p, rest[p.l*width:])
	return cTilde, z, h, ok
}

// w1Encode is Algorithm 28, w1Encode.
func w1Encode(p *Params, w1 []poly) []byte {
	out := make([]byte, 0, 32*p.k*p.w1Bits())
	for i := range w1 {
		out = simpleBitPack(out, &w1[i], p.w1Bits())
	}
	return out
}
