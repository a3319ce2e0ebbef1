// Package mldsa is ML-DSA, the Module-Lattice-Based Digital Signature
// Algorithm of FIPS 204 (August 2024), in its three parameter sets
// ML-DSA-44, ML-DSA-65 and ML-DSA-87: the key specs ML_DSA_44, ML_DSA_65
// and ML_DSA_87 of AWS KMS.
//
// It is written from FIPS 204's algorithms, whose numbers its comments
// cite, because Go's standard library keeps its own ML-DSA inside
// crypto/internal/fips140, which no other package may import. It does
// what KMS does with a key and no more: key generation from a 32-byte seed
// ξ (Algorithm 6, ML-DSA.KeyGen_internal), "pure" signing and verifying
// with an empty context string (Algorithms 2 and 3), and signing and
// verifying a μ the caller computed (the external-μ form of Algorithms 7
// and 8, FIPS 204 §6.2 and its footnote on computing μ apart). HashML-DSA
// (pre-hash, §5.4) and context strings are not among them: KMS offers
// neither.
//
// Arithmetic is on uint32 coefficients kept in [0, q) with reductions by
// %, simple rather than fast or constant-time: amity is an emulator, and
// its keys protect nothing of value.
package mldsa
