package keyring

import (
	"encoding/binary"
	"errors"
)

// Header is what a ciphertext blob says about the key version that made it.
type Header struct {
	Ref
	Version uint32
}

// Errors of blobs. Neither says more than that the blob is unusable: KMS
// answers both with an InvalidCiphertextException without a message.
var (
	// ErrMalformed: the bytes are not a blob of this format.
	ErrMalformed = errors.New("keyring: malformed ciphertext blob")
	// ErrInvalidCiphertext: the blob does not authenticate under the key
	// and encryption context it was presented with.
	ErrInvalidCiphertext = errors.New("keyring: ciphertext does not authenticate")
)

const (
	formatV1 = 0x01
	// formatMultiRegion is formatV1 for a multi-Region key: the key id
	// bytes are those of mrk-HEX, and any replica of the key opens it.
	formatMultiRegion = 0x02

	accountLen   = 12
	maxRegionLen = 32
	nonceSize    = 12
	tagSize      = 16
)

// ParseHeader reads the header of blob. It fails with ErrMalformed when the
// bytes cannot be a blob; it does not authenticate anything.
func ParseHeader(blob []byte) (Header, error) {
	h, _, err := parseHeader(blob)
	return h, err
}

// parseHeader returns the header and its length in bytes.
func parseHeader(blob []byte) (Header, int, error) {
	var h Header
	if len(blob) < 2 || (blob[0] != formatV1 && blob[0] != formatMultiRegion) {
		return h, 0, ErrMalformed
	}
	n := int(blob[1])
	end := 2 + n + accountLen + 16 + 4
	if n == 0 || n > maxRegionLen || len(blob) < end+nonceSize+tagSize {
		return h, 0, ErrMalformed
	}
	p := 2
	h.Region = string(blob[p : p+n])
	p += n
	h.Account = string(blob[p : p+accountLen])
	p += accountLen
	h.KeyID = formatKeyID([16]byte(blob[p:p+16]), blob[0] == formatMultiRegion)
	p += 16
	h.Version = binary.BigEndian.Uint32(blob[p:])
	if h.Version == 0 || !isDigits(h.Account) {
		return h, 0, ErrMalformed
	}
	return h, end, nil
}

// appendHeader appends the header of a blob made by version v of ref.
func appendHeader(b []byte, ref Ref, v uint32) ([]byte, error) {
	id, multiRegion, ok := parseKeyID(ref.KeyID)
	if !ok || len(ref.Region) == 0 || len(ref.Region) > maxRegionLen ||
		len(ref.Account) != accountLen || !isDigits(ref.Account) || v == 0 {
		return nil, errors.New("keyring: invalid key reference")
	}
	format := byte(formatV1)
	if multiRegion {
		format = formatMultiRegion
	}
	b = append(b, format, byte(len(ref.Region)))
	b = append(b, ref.Region...)
	b = append(b, ref.Account...)
	b = append(b, id[:]...)
	return binary.BigEndian.AppendUint32(b, v), nil
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
