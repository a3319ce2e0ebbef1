package iam

import (
	"encoding/json"
	"errors"
	"strings"

	"github.com/amityhq/amity/internal/policy"
)

// Size quotas of policy documents, in characters not counting white space
// (policy.Size). Inline quotas apply to the sum of an entity's inline
// policies.
const (
	managedPolicyQuota = 6144
	trustPolicyQuota   = 2048
	userInlineQuota    = 2048
	groupInlineQuota   = 5120
	roleInlineQuota    = 10240
)

// parseManaged validates a managed policy document: the identity policy
// language (Version 2012-10-17 required) within the managed quota.
func (s *Service) parseManaged(name, doc string) (*policy.Policy, error) {
	p, err := s.parseDocument(policy.Identity, name, doc)
	if err == nil && policy.Size(doc) > managedPolicyQuota {
		return nil, errManagedPolicySize
	}
	return p, err
}

// parseDocument validates doc as a policy of kind, answering
// MalformedPolicyDocument with the engine's text.
func (s *Service) parseDocument(kind policy.Kind, name, doc string) (*policy.Policy, error) {
	p, err := s.policies.documents.compile(kind, name, doc)
	var ve *policy.ValidationError
	if errors.As(err, &ve) {
		return nil, malformedPolicy(ve.Message)
	}
	return p, err
}

// trustActions checks what the engine leaves to IAM: a trust policy may
// name only STS actions ("AssumeRole policy may only specify STS AssumeRole
// actions." [LocalStack snapshot recorded on AWS, 2026]). doc has parsed.
func trustActions(doc string) error {
	var d struct{ Statement json.RawMessage }
	if json.Unmarshal([]byte(doc), &d) != nil {
		return nil
	}
	var statements []struct{ Action json.RawMessage }
	if json.Unmarshal(d.Statement, &statements) != nil {
		var one struct{ Action json.RawMessage }
		if json.Unmarshal(d.Statement, &one) != nil {
			return nil
		}
		statements = append(statements, one)
	}
	for _, st := range statements {
		var actions []string
		if json.Unmarshal(st.Action, &actions) != nil {
			var one string
			if json.Unmarshal(st.Action, &one) != nil {
				continue
			}
			actions = []string{one}
		}
		for _, a := range actions {
			if a != "*" && !strings.HasPrefix(strings.ToLower(a), "sts:") {
				return malformedPolicy("AssumeRole policy may only specify STS AssumeRole actions.")
			}
		}
	}
	return nil
}

// urlEncode writes a policy document the way IAM returns documents: every
// byte percent-encoded except letters, digits and -_.!~*'() (JavaScript's
// encodeURIComponent set). Recorded AWS answers show spaces as %20,
// newlines as %0A and * kept ("%7B%0A%20%20%22Version%22",
// "%22Resource%22%3A%22*%22"); ! ~ ' ( ) are UNVERIFIED.
func urlEncode(doc string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	b.Grow(len(doc) * 2)
	for i := 0; i < len(doc); i++ {
		c := doc[i]
		if unreservedURIByte(c) {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&15])
	}
	return b.String()
}

func unreservedURIByte(c byte) bool {
	switch {
	case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		return true
	}
	return strings.IndexByte("-_.!~*'()", c) >= 0
}
