package mldsa

// Arithmetic in Z_q and in R_q = Z_q[X]/(X²⁵⁶ + 1). A field element is a
// uint32 in [0, q); a polynomial, its 256 coefficients.

type poly [n]uint32

func fieldAdd(a, b uint32) uint32 {
	r := a + b
	if r >= q {
		r -= q
	}
	return r
}

func fieldSub(a, b uint32) uint32 {
	r := a + q - b
	if r >= q {
		r -= q
	}
	return r
}

func fieldMul(a, b uint32) uint32 { return uint32(uint64(a) * uint64(b) % q) }

// fieldFromInt maps an integer of (−q, q) to Z_q.
func fieldFromInt(x int32) uint32 {
	if x < 0 {
		x += q
	}
	return uint32(x)
}

// centered is a mod± q: the representative in [−(q−1)/2, (q−1)/2].
func centered(a uint32) int32 {
	if a > (q-1)/2 {
		return int32(a) - q
	}
	return int32(a)
}

func polyAdd(a, b *poly) (r poly) {
	for i := range r {
		r[i] = fieldAdd(a[i], b[i])
	}
	return r
}

func polySub(a, b *poly) (r poly) {
	for i := range r {
		r[i] = fieldSub(a[i], b[i])
	}
	return r
}

func polyNeg(a *poly) (r poly) {
	for i := range r {
		r[i] = fieldSub(0, a[i])
	}
	return r
}

// infinityNorm is ‖a‖∞, the largest |a_i mod± q| [FIPS 204 §2.3].
func infinityNorm(a *poly) int32 {
	var m int32
	for _, c := range a {
		v := centered(c)
		if v < 0 {
			v = -v
		}
		m = max(m, v)
	}
	return m
}

// vectorNormAtLeast reports whether some polynomial of v has a
// coefficient of magnitude bound or more.
func vectorNormAtLeast(v []poly, bound int) bool {
	for i := range v {
		if infinityNorm(&v[i]) >= int32(bound) {
			return true
		}
	}
	return false
}
