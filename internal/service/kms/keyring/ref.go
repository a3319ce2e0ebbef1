package keyring

import (
	"encoding/hex"
	"fmt"
	"io"
	"strings"

	"github.com/amityhq/amity/internal/awsid"
)

// Ref names a KMS key: the account and Region it lives in and its id, a
// UUID in canonical lower-case form ("1234abcd-12ab-34cd-56ef-1234567890ab")
// or, for a multi-Region key, mrk- and 32 lower-case hex digits
// ("mrk-1234abcd12ab34cd56ef1234567890ab"), the same id in every Region
// the key is replicated to.
type Ref struct {
	Account string
	Region  string
	KeyID   string
}

// ARN returns the key's ARN, arn:aws:kms:REGION:ACCOUNT:key/ID.
func (r Ref) ARN() string {
	return "arn:aws:kms:" + r.Region + ":" + r.Account + ":key/" + r.KeyID
}

// Opens reports whether key r can open what the key blob names made: the
// same key, or for a multi-Region key any of its replicas, which share
// its key material.
func (r Ref) Opens(blob Ref) bool {
	if IsMultiRegion(r.KeyID) {
		return blob.Account == r.Account && blob.KeyID == r.KeyID
	}
	return blob == r
}

// NewKeyID returns a random (version 4) UUID read from rnd, the form of
// every KMS key id.
func NewKeyID(rnd io.Reader) (string, error) {
	id, err := awsid.UUID(rnd)
	if err != nil {
		return "", fmt.Errorf("keyring: key id: %w", err)
	}
	return id, nil
}

// NewMultiRegionKeyID returns a random multi-Region key id read from rnd.
func NewMultiRegionKeyID(rnd io.Reader) (string, error) {
	var b [16]byte
	if _, err := io.ReadFull(rnd, b[:]); err != nil {
		return "", fmt.Errorf("keyring: key id: %w", err)
	}
	return multiRegionPrefix + hex.EncodeToString(b[:]), nil
}

const multiRegionPrefix = "mrk-"

// IsKeyID reports whether s is a key id: a UUID in canonical form or a
// multi-Region key id, in lower or upper case.
func IsKeyID(s string) bool {
	_, _, ok := parseKeyID(s)
	return ok
}

// IsMultiRegion reports whether id is a multi-Region key's id.
func IsMultiRegion(id string) bool {
	return len(id) == len(multiRegionPrefix)+32 && strings.EqualFold(id[:len(multiRegionPrefix)], multiRegionPrefix)
}

// parseKeyID returns the 16 bytes of a key id and whether it is a
// multi-Region key's.
func parseKeyID(s string) (b [16]byte, multiRegion, ok bool) {
	if !IsMultiRegion(s) {
		b, ok = parseUUID(s)
		return b, false, ok
	}
	for i := range b {
		hi, ok1 := unhex(s[len(multiRegionPrefix)+2*i])
		lo, ok2 := unhex(s[len(multiRegionPrefix)+2*i+1])
		if !ok1 || !ok2 {
			return b, false, false
		}
		b[i] = hi<<4 | lo
	}
	return b, true, true
}

// formatKeyID is the canonical form of a key id's bytes.
func formatKeyID(b [16]byte, multiRegion bool) string {
	if multiRegion {
		return multiRegionPrefix + hex.EncodeToString(b[:])
	}
	return awsid.FormatUUID(b)
}

func parseUUID(s string) ([16]byte, bool) {
	var b [16]byte
	if len(s) != 36 {
		return b, false
	}
	j := 0
	for i := 0; i < 36; i += 2 {
		switch i {
		case 8, 13, 18, 23:
			if s[i] != '-' {
				return b, false
			}
			i++
		}
		hi, ok1 := unhex(s[i])
		lo, ok2 := unhex(s[i+1])
		if !ok1 || !ok2 {
			return b, false
		}
		b[j] = hi<<4 | lo
		j++
	}
	return b, true
}

func unhex(c byte) (byte, bool) {
	switch {
	case '0' <= c && c <= '9':
		return c - '0', true
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10, true
	case 'A' <= c && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

// ParseARN reads arn:aws:kms:REGION:ACCOUNT:key/ID; ok is false for
// anything else.
func ParseARN(arn string) (Ref, bool) {
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) != 6 || parts[0] != "arn" || parts[2] != "kms" {
		return Ref{}, false
	}
	id, ok := strings.CutPrefix(parts[5], "key/")
	if !ok || !IsKeyID(id) {
		return Ref{}, false
	}
	return Ref{Region: parts[3], Account: parts[4], KeyID: strings.ToLower(id)}, true
}
