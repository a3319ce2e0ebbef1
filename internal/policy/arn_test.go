package policy_test

import (
	"testing"

	"github.com/amityhq/amity/internal/policy"
)

func TestIsARN(t *testing.T) {
	for s, want := range map[string]bool{
		"arn:aws:iam::111122223333:role/r":     true,
		"arn:aws:s3:::bucket":                  true,
		"arn:a:b:::something/test-role":        true,
		"arn:aws:kms:us-east-1:1:key/k:x":      true, // the resource may hold colons
		"nothing-valid-in-here":                false,
		"arn::b:::something/test-role":         false, // no partition
		"arn:a::::something/test-role":         false, // no service
		"arn:a:::something/test-role":          false, // five fields
		"arn:a:a::aaaaaaaaaa:":                 false, // no resource
		"14a050d4-021e-4efe-84bb-0871bf6d0fda": false,
	} {
		if policy.IsARN(s) != want {
			t.Errorf("IsARN(%q) = %v", s, !want)
		}
	}
}
