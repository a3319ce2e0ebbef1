package ec2

import (
	"strings"

	"github.com/amityhq/amity/internal/awsid"
)

// newID returns a new EC2 id of the given prefix ("vol", "snap", "ami",
// "i", "r", "sg", "lt", "key", ...).
func (s *Service) newID(prefix string) string {
	id, err := awsid.EC2(s.rand, prefix)
	if err != nil {
		panic("ec2: random source failed: " + err.Error())
	}
	return id
}

// hasPrefix reports whether id is of its kind's form: prefix, a dash and
// 8 or 17 hex digits.
func hasPrefix(id, prefix string) bool {
	rest, ok := strings.CutPrefix(id, prefix+"-")
	if !ok || (len(rest) != 8 && len(rest) != 17) {
		return false
	}
	for _, c := range rest {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}

// checkIDs refuses the first id not of prefix's form.
func checkIDs(ids []string, prefix string) error {
	for _, id := range ids {
		if !hasPrefix(id, prefix) {
			return malformed(prefix, id)
		}
	}
	return nil
}
