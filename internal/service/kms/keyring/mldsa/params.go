package mldsa

// Constants of every parameter set [FIPS 204 §4, Table 1].
const (
	n    = 256     // coefficients of a polynomial
	q    = 8380417 // the modulus, 2²³ − 2¹³ + 1
	d    = 13      // bits dropped from t by Power2Round
	zeta = 1753    // a primitive 512th root of unity mod q

	SeedSize = 32 // ξ, the seed of a key pair
	MuSize   = 64 // μ, the message representative signed
	rndSize  = 32 // rnd, the randomness of hedged signing
	trSize   = 64 // tr, the hash of the public key
)

// Params is one of ML-DSA's parameter sets [FIPS 204 §4, Table 1].
type Params struct {
	name   string
	k, l   int // the rows and columns of the matrix A
	eta    int // η, the bound of the secret vectors' coefficients
	tau    int // τ, the ±1 coefficients of the challenge c
	lambda int // λ, the collision strength of c̃, which is λ/4 bytes
	gamma1 int // γ₁, the range of the mask y
	gamma2 int // γ₂, the low-order rounding range
	omega  int // ω, the most hints a signature holds
}

// The parameter sets of FIPS 204, Table 1.
var (
	MLDSA44 = &Params{name: "ML-DSA-44", k: 4, l: 4, eta: 2, tau: 39, lambda: 128, gamma1: 1 << 17, gamma2: (q - 1) / 88, omega: 80}
	MLDSA65 = &Params{name: "ML-DSA-65", k: 6, l: 5, eta: 4, tau: 49, lambda: 192, gamma1: 1 << 19, gamma2: (q - 1) / 32, omega: 55}
	MLDSA87 = &Params{name: "ML-DSA-87", k: 8, l: 7, eta: 2, tau: 60, lambda: 256, gamma1: 1 << 19, gamma2: (q - 1) / 32, omega: 75}
)

// Name returns the parameter set's name in FIPS 204, "ML-DSA-44" etc.
func (p *Params) Name() string { return p.name }

// beta is β = τ·η, the bound of c·s₁'s and c·s₂'s coefficients.
func (p *Params) beta() int { return p.tau * p.eta }

// etaBits is the width of a packed coefficient of s₁ or s₂: bitlen(2η).
func (p *Params) etaBits() int { return bitlen(2 * p.eta) }

// zBits is the width of a packed coefficient of z or y: 1 + bitlen(γ₁ − 1).
func (p *Params) zBits() int { return 1 + bitlen(p.gamma1-1) }

// w1Bits is the width of a packed coefficient of w₁:
// bitlen((q − 1)/(2γ₂) − 1).
func (p *Params) w1Bits() int { return bitlen((q-1)/(2*p.gamma2) - 1) }

// challengeSize is the length of c̃, λ/4 bytes.
func (p *Params) challengeSize() int { return p.lambda / 4 }

// t1Bits is the width of a packed coefficient of t₁: bitlen(q − 1) − d.
const t1Bits = 23 - d

// PublicKeySize is the length of an encoded public key [FIPS 204 Table 2].
func (p *Params) PublicKeySize() int { return 32 + 32*p.k*t1Bits }

// PrivateKeySize is the length of an encoded (expanded) private key.
func (p *Params) PrivateKeySize() int {
	return 32 + 32 + trSize + 32*((p.k+p.l)*p.etaBits()+d*p.k)
}

// SignatureSize is the length of a signature.
func (p *Params) SignatureSize() int {
	return p.challengeSize() + 32*p.l*p.zBits() + p.omega + p.k
}

func bitlen(x int) int {
	b := 0
	for ; x > 0; x >>= 1 {
		b++
	}
	return b
}
