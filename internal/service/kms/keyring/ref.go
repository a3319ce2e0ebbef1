package keyring

import (
	"fmt"
	"io"
	"strings"

	"github.com/amityhq/amity/internal/awsid"
)

// Ref names a KMS key: the account and Region it lives in and its id, a
// UUID in canonical lower-case form ("1234abcd-12ab-34cd-56ef-1234567890ab").
type Ref struct {
	Account string
	Region  string
	KeyID   string
}

// ARN returns the key's ARN, arn:aws:kms:REGION:ACCOUNT:key/ID.
func (r Ref) ARN() string {
	return "arn:aws:kms:" + r.Region + ":" + r.Account + ":key/" + r.KeyID
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

// IsKeyID reports whether s is a key id: a UUID in canonical form, in lower
// or upper case.
func IsKeyID(s string) bool {
	_, ok := parseUUID(s)
	return ok
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
