package mldsa

// Rounding [FIPS 204 §7.4]. A coefficient r is a field element in [0, q),
// so r mod q (FIPS 204's r⁺) is r itself.

// power2Round is Algorithm 35, Power2Round: (r₁, r₀) with
// r = r₁·2ᵈ + r₀ and r₀ = r mod± 2ᵈ.
func power2Round(r uint32) (r1 uint32, r0 int32) {
	r0 = int32(r & (1<<d - 1))
	if r0 > 1<<(d-1) {
		r0 -= 1 << d
	}
	return uint32((int32(r) - r0) >> d), r0
}

// decompose is Algorithm 36, Decompose: (r₁, r₀) with r = r₁·2γ₂ + r₀
// and r₀ = r mod± 2γ₂, save for the one case r − r₀ = q − 1, where r₁ is
// 0 and r₀ one less.
func decompose(r uint32, gamma2 int) (r1 uint32, r0 int32) {
	alpha := int32(2 * gamma2)
	r0 = int32(r) % alpha
	if r0 > int32(gamma2) {
		r0 -= alpha
	}
	if int32(r)-r0 == q-1 {
		return 0, r0 - 1
	}
	return uint32((int32(r) - r0) / alpha), r0
}

// highBits is Algorithm 37, HighBits.
func highBits(r uint32, gamma2 int) uint32 {
	r1, _ := decompose(r, gamma2)
	return r1
}

// lowBits is Algorithm 38, LowBits.
func lowBits(r uint32, gamma2 int) int32 {
	_, r0 := decompose(r, gamma2)
	return r0
}

// makeHint is Algorithm 39, MakeHint: whether adding z to r changes its
// high bits.
func makeHint(z, r uint32, gamma2 int) bool {
	return highBits(r, gamma2) != highBits(fieldAdd(r, z), gamma2)
}

// useHint is Algorithm 40, UseHint: the high bits of r corrected by the
// hint h.
func useHint(h bool, r uint32, gamma2 int) uint32 {
	m := uint32((q - 1) / (2 * gamma2))
	r1, r0 := decompose(r, gamma2)
	switch {
	case !h:
		return r1
	case r0 > 0:
		return (r1 + 1) % m
	default:
		return (r1 + m - 1) % m
	}
}
