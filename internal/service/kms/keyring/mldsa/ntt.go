package mldsa

// The number-theoretic transform of R_q [FIPS 204 §7.5]: multiplication
// of polynomials becomes coefficient-wise (MultiplyNTT, Algorithm 45).

// zetas[m] is ζ^BitRev₈(m) mod q [FIPS 204 Appendix B], computed rather
// than tabled: the powers of ζ once, then each in its bit-reversed place
// (256 multiplications at every start of amity, not 32,640).
var zetas = func() (z [n]uint32) {
	p := uint32(1)
	for e := range n {
		rev := 0
		for b := range 8 {
			rev |= (e >> b & 1) << (7 - b)
		}
		z[rev] = p // ζ^e, where BitRev₈(rev) = e
		p = fieldMul(p, zeta)
	}
	return z
}()

// inverse256 is 256⁻¹ mod q, the scaling of the inverse transform.
const inverse256 = 8347681

// ntt is Algorithm 41, NTT: w → ŵ.
func ntt(w *poly) poly {
	a := *w
	m := 0
	for length := 128; length >= 1; length /= 2 {
		for start := 0; start < n; start += 2 * length {
			m++
			z := zetas[m]
			for j := start; j < start+length; j++ {
				t := fieldMul(z, a[j+length])
				a[j+length] = fieldSub(a[j], t)
				a[j] = fieldAdd(a[j], t)
			}
		}
	}
	return a
}

// inverseNTT is Algorithm 42, NTT⁻¹: ŵ → w.
func inverseNTT(w *poly) poly {
	a := *w
	m := n
	for length := 1; length < n; length *= 2 {
		for start := 0; start < n; start += 2 * length {
			m--
			z := q - zetas[m] // −ζ^BitRev₈(m)
			for j := start; j < start+length; j++ {
				t := a[j]
				a[j] = fieldAdd(t, a[j+length])
				a[j+length] = fieldMul(z, fieldSub(t, a[j+length]))
			}
		}
	}
	for j := range a {
		a[j] = fieldMul(a[j], inverse256)
	}
	return a
}

// multiplyNTT is Algorithm 45, MultiplyNTT: the product in the NTT domain.
func multiplyNTT(a, b *poly) (c poly) {
	for i := range c {
		c[i] = fieldMul(a[i], b[i])
	}
	return c
}

func vectorNTT(v []poly) []poly {
	r := make([]poly, len(v))
	for i := range v {
		r[i] = ntt(&v[i])
	}
	return r
}

// matrixVectorNTT is Algorithm 48, MatrixVectorNTT: Â ∘ v̂.
func matrixVectorNTT(a [][]poly, v []poly) []poly {
	w := make([]poly, len(a))
	for i, row := range a {
		for j := range row {
			prod := multiplyNTT(&row[j], &v[j])
			w[i] = polyAdd(&w[i], &prod)
		}
	}
	return w
}

// scalarVectorNTT is Algorithm 46, ScalarVectorNTT, followed by NTT⁻¹:
// the polynomial c (given as ĉ) times each polynomial of v (given as v̂),
// in the normal domain.
func scalarVectorInverseNTT(c *poly, v []poly) []poly {
	r := make([]poly, len(v))
	for i := range v {
		prod := multiplyNTT(c, &v[i])
		r[i] = inverseNTT(&prod)
	}
	return r
}
