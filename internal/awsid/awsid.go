// Package awsid makes identifiers in AWS's forms — UUIDs (request ids, KMS
// key ids, CloudTrail event ids), EC2 resource ids (vol-, i-, ami-, ...),
// IAM unique ids (AIDA..., AROA...) — from the random source it is given,
// so that a service's ids can be made deterministic in tests.
package awsid

import (
	"crypto/rand"
	"encoding/base32"
	"encoding/hex"
	"fmt"
	"io"
)

// UUID returns a random (version 4) UUID in canonical lower-case form.
func UUID(r io.Reader) (string, error) {
	var b [16]byte
	if _, err := io.ReadFull(r, b[:]); err != nil {
		return "", fmt.Errorf("awsid: %w", err)
	}
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return FormatUUID(b), nil
}

// FormatUUID writes 16 bytes as 8-4-4-4-12 hex digits.
func FormatUUID(b [16]byte) string {
	h := hex.EncodeToString(b[:])
	return h[:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]
}

// NewUUID is UUID from the system's secure random source, which never
// fails.
func NewUUID() string {
	id, _ := UUID(rand.Reader)
	return id
}

// Hex returns n random lower-case hex digits.
func Hex(r io.Reader, n int) (string, error) {
	b := make([]byte, (n+1)/2)
	if _, err := io.ReadFull(r, b); err != nil {
		return "", fmt.Errorf("awsid: %w", err)
	}
	return hex.EncodeToString(b)[:n], nil
}

// EC2 returns an EC2 resource id: prefix, a dash and 17 hex digits
// ("vol-0123456789abcdef0"), AWS's form since 2016.
func EC2(r io.Reader, prefix string) (string, error) {
	h, err := Hex(r, 17)
	if err != nil {
		return "", err
	}
	return prefix + "-" + h, nil
}

var uniqueEncoding = base32.StdEncoding.WithPadding(base32.NoPadding)

// Unique returns an IAM-style unique id: prefix and n upper-case letters
// and digits (AIDA + 17 for users, AKIA + 16 for access keys).
func Unique(r io.Reader, prefix string, n int) (string, error) {
	b := make([]byte, (n*5+7)/8)
	if _, err := io.ReadFull(r, b); err != nil {
		return "", fmt.Errorf("awsid: %w", err)
	}
	return prefix + uniqueEncoding.EncodeToString(b)[:n], nil
}
