package keyring

import (
	"crypto/aes"
	"crypto/subtle"
	"encoding/binary"
)

// Imported key material arrives wrapped under the RSA public key of an
// import's wrapping key pair, by one of KMS's wrapping algorithms: RSA-OAEP
// of the material itself (RSAES_OAEP_SHA_*), or RSA-OAEP of a fresh AES
// key followed by the material wrapped with that key by AES Key Wrap with
// Padding, RFC 5649 (RSA_AES_KEY_WRAP_SHA_*), as OpenSSL's
// id-aes256-wrap-pad makes it [KMS Developer Guide, "Encrypt the key
// material"].

// wrappingAlgorithms map KMS's wrapping algorithms to the OAEP algorithm
// of their RSA step and whether an AES key wrap follows.
var wrappingAlgorithms = map[string]struct {
	oaep   string
	aesKWP bool
}{
	"RSAES_OAEP_SHA_1":         {"RSAES_OAEP_SHA_1", false},
	"RSAES_OAEP_SHA_256":       {"RSAES_OAEP_SHA_256", false},
	"RSA_AES_KEY_WRAP_SHA_1":   {"RSAES_OAEP_SHA_1", true},
	"RSA_AES_KEY_WRAP_SHA_256": {"RSAES_OAEP_SHA_256", true},
}

// IsWrappingAlgorithm reports whether alg is a wrapping algorithm KMS
// takes (RSAES_PKCS1_V1_5 is no longer one).
func IsWrappingAlgorithm(alg string) bool {
	_, ok := wrappingAlgorithms[alg]
	return ok
}

// WrapsWithAES reports whether alg wraps material with an AES key (the
// RSA_AES algorithms, required for RSA private keys).
func WrapsWithAES(alg string) bool { return wrappingAlgorithms[alg].aesKWP }

// Unwrap returns the key material wrapped under the pair's public key
// with alg. It fails with ErrInvalidCiphertext when it does not unwrap.
func (p *Pair) Unwrap(alg string, wrapped []byte) ([]byte, error) {
	w, ok := wrappingAlgorithms[alg]
	if !ok || p.rsaKey() == nil {
		return nil, ErrAlgorithm
	}
	if !w.aesKWP {
		return p.Decrypt(w.oaep, wrapped)
	}
	k := p.rsaKey().Size()
	if len(wrapped) <= k {
		return nil, ErrInvalidCiphertext
	}
	kek, err := p.Decrypt(w.oaep, wrapped[:k])
	if err != nil {
		return nil, err
	}
	defer clear(kek)
	return unwrapPadded(kek, wrapped[k:])
}

// kwpICV is RFC 5649's alternative initial value, the first half of the
// integrity check.
var kwpICV = [4]byte{0xA6, 0x59, 0x59, 0xA6}

// unwrapPadded is AES Key Wrap with Padding's unwrapping (RFC 5649 §4.2).
func unwrapPadded(kek, c []byte) ([]byte, error) {
	block, err := aes.NewCipher(kek)
	if err != nil || len(c) < 16 || len(c)%8 != 0 {
		return nil, ErrInvalidCiphertext
	}
	n := len(c)/8 - 1
	a := make([]byte, 8)
	r := make([]byte, len(c)-8)
	var buf [16]byte
	if n == 1 {
		block.Decrypt(buf[:], c)
		copy(a, buf[:8])
		copy(r, buf[8:])
	} else {
		copy(a, c[:8])
		copy(r, c[8:])
		for j := 5; j >= 0; j-- {
			for i := n; i >= 1; i-- {
				t := uint64(n*j + i)
				binary.BigEndian.PutUint64(buf[:8], binary.BigEndian.Uint64(a)^t)
				copy(buf[8:], r[(i-1)*8:i*8])
				block.Decrypt(buf[:], buf[:])
				copy(a, buf[:8])
				copy(r[(i-1)*8:], buf[8:])
			}
		}
	}
	clear(buf[:])
	if subtle.ConstantTimeCompare(a[:4], kwpICV[:]) != 1 {
		clear(r)
		return nil, ErrInvalidCiphertext
	}
	mli := int(binary.BigEndian.Uint32(a[4:]))
	if mli <= 8*(n-1) || mli > 8*n {
		clear(r)
		return nil, ErrInvalidCiphertext
	}
	for _, b := range r[mli:] {
		if b != 0 {
			clear(r)
			return nil, ErrInvalidCiphertext
		}
	}
	return r[:mli], nil
}
