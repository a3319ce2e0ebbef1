package policy

import (
	"encoding/json"
	"slices"
	"strings"
)

// parsePrincipalSet reads a Principal or NotPrincipal element: "*" or an
// object whose keys are AWS, Service, Federated and CanonicalUser, each
// with a string or an array of strings.
func parsePrincipalSet(raw json.RawMessage) (*principalSet, *ValidationError) {
	syntax := invalid(ProblemSyntax, msgSyntax)
	ps := &principalSet{}
	if s, ok := str(raw); ok {
		if s != "*" {
			return nil, syntax
		}
		ps.wildcard = true
		ps.written = []PrincipalRef{{Type: "*", Value: "*"}}
		return ps, nil
	}
	fields, ok := object(raw)
	if !ok || len(fields) == 0 {
		return nil, syntax
	}
	for _, typ := range sortedKeys(fields) {
		values, ok := strings1(fields[typ])
		if !ok || len(values) == 0 {
			return nil, syntax
		}
		for _, v := range values {
			ps.written = append(ps.written, PrincipalRef{Type: typ, Value: v})
			var valid bool
			switch typ {
			case "AWS":
				valid = ps.addAWS(v)
			case "Service":
				valid = validService(v)
				ps.service = append(ps.service, v)
			case "Federated":
				valid = v != "" && !strings.ContainsAny(v, "*? ")
				ps.federated = append(ps.federated, v)
			case "CanonicalUser":
				valid = v != "" && isHex(v)
				ps.canonical = append(ps.canonical, v)
			default:
				return nil, syntax
			}
			if !valid {
				return nil, InvalidPrincipal(strings.ToUpper(typ), v)
			}
		}
	}
	return ps, nil
}

// addAWS records an AWS principal value, normalising a bare account id to
// the account's root ARN; it reports whether the value has a valid form.
func (ps *principalSet) addAWS(v string) bool {
	switch {
	case v == "*":
		ps.wildcard = true
		return true
	case isAccountID(v):
		ps.aws = append(ps.aws, RootARN(v))
		return true
	case isUniqueID(v):
		// IAM rewrites principals to unique ids when it stores a trust
		// policy; such an id names a principal amity cannot resolve here.
		ps.aws = append(ps.aws, v)
		return true
	case validPrincipalARN(v):
		ps.aws = append(ps.aws, v)
		return true
	}
	return false
}

var partitions = []string{"aws", "aws-cn", "aws-us-gov"}

// validPrincipalARN accepts the ARNs AWS allows as principals: an account
// root, a user, a role, an assumed-role session or a federated user.
// Wildcards are not allowed inside them.
func validPrincipalARN(v string) bool {
	if strings.ContainsAny(v, "*?") {
		return false
	}
	parts := strings.SplitN(v, ":", arnSegments)
	if len(parts) != arnSegments || parts[0] != "arn" || !slices.Contains(partitions, parts[1]) ||
		parts[3] != "" || !isAccountID(parts[4]) {
		return false
	}
	res := parts[5]
	switch parts[2] {
	case "iam":
		return res == "root" || pathName(res, "user/") || pathName(res, "role/")
	case "sts":
		if rest, ok := strings.CutPrefix(res, "assumed-role/"); ok {
			role, session, ok := strings.Cut(rest, "/")
			return ok && role != "" && session != "" && !strings.Contains(session, "/")
		}
		name, ok := strings.CutPrefix(res, "federated-user/")
		return ok && name != ""
	}
	return false
}

func pathName(res, prefix string) bool {
	rest, ok := strings.CutPrefix(res, prefix)
	return ok && rest != "" && !strings.HasSuffix(rest, "/")
}

// isUniqueID reports whether v looks like an IAM unique id (AIDA..., AROA...).
func isUniqueID(v string) bool {
	if len(v) < 16 || len(v) > 128 || !strings.HasPrefix(v, "A") {
		return false
	}
	for i := 0; i < len(v); i++ {
		c := v[i]
		if !('A' <= c && c <= 'Z' || '0' <= c && c <= '9') {
			return false
		}
	}
	return true
}

func validService(v string) bool {
	if v == "" || strings.ContainsAny(v, "*? /:") {
		return false
	}
	return strings.Contains(v, ".")
}

func isHex(v string) bool {
	for i := 0; i < len(v); i++ {
		c := v[i]
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
			return false
		}
	}
	return true
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
