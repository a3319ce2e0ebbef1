package keyring

import (
	"encoding/binary"
	"fmt"
)

// Sealer seals key material at rest: the store's master key (seal.Sealer;
// identity.Sealer has the same methods).
type Sealer interface {
	Seal(plaintext, associatedData []byte) []byte
	Open(sealed, associatedData []byte) ([]byte, error)
}

// SealMaterial seals key material (a version's AES key, a PKCS#8 private
// key, an HMAC key) of version v of ref for storage.
func SealMaterial(s Sealer, ref Ref, v uint32, material []byte) []byte {
	return s.Seal(material, sealingData(ref, v))
}

// openMaterial opens what SealMaterial sealed.
func openMaterial(s Sealer, ref Ref, v uint32, sealed []byte) ([]byte, error) {
	material, err := s.Open(sealed, sealingData(ref, v))
	if err != nil {
		return nil, fmt.Errorf("keyring: %s version %d: %w", ref.ARN(), v, err)
	}
	return material, nil
}

// Reseal opens version v of from's sealed material and seals it for to,
// without the material leaving this package: a multi-Region replica's
// copy of its primary's material.
func Reseal(s Sealer, from, to Ref, v uint32, sealed []byte) ([]byte, error) {
	material, err := openMaterial(s, from, v, sealed)
	if err != nil {
		return nil, err
	}
	defer clear(material)
	return SealMaterial(s, to, v, material), nil
}

// sealingData binds sealed material to its key and version, so that
// material moved to another record does not open.
func sealingData(ref Ref, v uint32) []byte {
	b := make([]byte, 0, 64+len(ref.Region))
	b = append(b, "amity kms key material\x00"...)
	b = append(b, ref.ARN()...)
	b = append(b, 0)
	return binary.BigEndian.AppendUint32(b, v)
}
