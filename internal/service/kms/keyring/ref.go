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

// Both forms of key id are 36 characters long: a UUID's 32 hex digits
// and 4 dashes, mrk- and 32 hex digits.
const keyIDLen = 36

// idChars classes bytes for key ids: digits and lower-case hex letters,
// upper-case hex letters, anything else.
var idChars = func() (t [256]uint8) {
	for i := range t {
		t[i] = notHex
	}
	for c := '0'; c <= '9'; c++ {
		t[c] = lowerHex
	}
	for c := 'a'; c <= 'f'; c++ {
		t[c], t[c-'a'+'A'] = lowerHex, upperHex
	}
	return t
}()

const (
	lowerHex = 1 << iota
	upperHex
	notHex
)

// IsKeyID reports whether s is a key id: a UUID in canonical form or a
// multi-Region key id, in lower or upper case.
func IsKeyID(s string) bool {
	_, _, ok := scanKeyID(s)
	return ok
}

// CanonicalKeyID returns key id s in canonical, lower-case form, and
// whether s is a key id in lower or upper case. A canonical s is returned
// as it is: the key of every request is looked up by it.
func CanonicalKeyID(s string) (string, bool) {
	_, upper, ok := scanKeyID(s)
	if upper {
		return strings.ToLower(s), true
	}
	return s, ok
}

// IsMultiRegion reports whether id is a multi-Region key's id.
func IsMultiRegion(id string) bool {
	return len(id) == keyIDLen && strings.EqualFold(id[:len(multiRegionPrefix)], multiRegionPrefix)
}

// scanKeyID reads s as a key id: whether it is one, a multi-Region
// key's, and whether it has upper-case letters. The hex digits are
// classed through a table, without a branch per byte: every request's key
// id is read so.
func scanKeyID(s string) (multiRegion, upper, ok bool) {
	if len(s) != keyIDLen {
		return false, false, false
	}
	var seen uint8
	if IsMultiRegion(s) {
		multiRegion, upper = true, s[:len(multiRegionPrefix)] != multiRegionPrefix
		seen = hexClasses(s[len(multiRegionPrefix):])
	} else {
		if s[8] != '-' || s[13] != '-' || s[18] != '-' || s[23] != '-' {
			return false, false, false
		}
		seen = hexClasses(s[:8]) | hexClasses(s[9:13]) | hexClasses(s[14:18]) | hexClasses(s[19:23]) | hexClasses(s[24:])
	}
	if seen&notHex != 0 {
		return false, false, false
	}
	return multiRegion, upper || seen&upperHex != 0, true
}

// hexClasses is the union of the idChars classes of s's bytes.
func hexClasses(s string) (seen uint8) {
	for i := 0; i < len(s); i++ {
		seen |= idChars[s[i]]
	}
	return seen
}

// parseKeyID returns the 16 bytes of a key id and whether it is a
// multi-Region key's.
func parseKeyID(s string) (b [16]byte, multiRegion, ok bool) {
	if multiRegion, _, ok = scanKeyID(s); !ok {
		return b, false, false
	}
	if multiRegion {
		s = s[len(multiRegionPrefix):]
	}
	// s is 32 hex digits (with dashes in a UUID), checked by scanKeyID.
	if _, err := hex.Decode(b[:], []byte(strings.ReplaceAll(s, "-", ""))); err != nil {
		return b, false, false
	}
	return b, multiRegion, true
}

// formatKeyID is the canonical form of a key id's bytes.
func formatKeyID(b [16]byte, multiRegion bool) string {
	if multiRegion {
		return multiRegionPrefix + hex.EncodeToString(b[:])
	}
	return awsid.FormatUUID(b)
}

// ParseARN reads arn:aws:kms:REGION:ACCOUNT:key/ID; ok is false for
// anything else.
func ParseARN(arn string) (Ref, bool) {
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) != 6 || parts[0] != "arn" || parts[2] != "kms" {
		return Ref{}, false
	}
	id, ok := strings.CutPrefix(parts[5], "key/")
	if ok {
		id, ok = CanonicalKeyID(id)
	}
	if !ok {
		return Ref{}, false
	}
	return Ref{Region: parts[3], Account: parts[4], KeyID: id}, true
}
