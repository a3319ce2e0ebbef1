package policy

import (
	"bytes"
	"encoding/json"
	"strings"
)

// Parse validates document as a policy of the given kind and compiles it.
// name labels the policy in traces (a policy ARN, "inline:NAME", "key
// policy"). A refused document returns a *ValidationError carrying IAM's
// MalformedPolicyDocument message. Parse does not check that named
// principals exist, nor size limits (see Size): those depend on the caller.
func Parse(kind Kind, name, document string) (*Policy, error) {
	p := &Policy{kind: kind, name: name}
	if err := p.parse(document); err != nil {
		return nil, err
	}
	return p, nil
}

// Size returns the length of document not counting white space, the
// measure IAM's policy size quotas use.
func Size(document string) int {
	n := 0
	for _, r := range document {
		switch r {
		case ' ', '\t', '\n', '\r':
		default:
			n++
		}
	}
	return n
}

func (p *Policy) parse(document string) *ValidationError {
	syntax := invalid(ProblemSyntax, msgSyntax)
	if !json.Valid([]byte(document)) {
		if p.kind == Trust {
			return invalid(ProblemInvalidJSON, msgInvalidJSON)
		}
		return syntax
	}
	top, ok := object([]byte(document))
	if !ok {
		return syntax
	}
	for k := range top {
		if k != "Version" && k != "Id" && k != "Statement" {
			return syntax
		}
	}
	if raw, ok := top["Version"]; ok {
		if p.version, ok = str(raw); !ok {
			return syntax
		}
	}
	switch p.version {
	case Version2012:
	case Version2008, "":
		if p.kind == Identity {
			return invalid(ProblemVersion, msgVersion)
		}
	default:
		return syntax
	}
	if raw, ok := top["Id"]; ok {
		if p.id, ok = str(raw); !ok {
			return syntax
		}
	}
	raws, ok := top["Statement"]
	if !ok {
		return syntax
	}
	list := []json.RawMessage{raws}
	if jsonKind(raws) == '[' {
		if json.Unmarshal(raws, &list) != nil || len(list) == 0 {
			return syntax
		}
	}
	sids := map[string]bool{}
	spans := statementSpans(document)
	for i, raw := range list {
		st, err := p.parseStatement(i, raw)
		if err != nil {
			return err
		}
		if i < len(spans) {
			st.start, st.end = spans[i][0], spans[i][1]
		}
		if st.sid != "" {
			if sids[st.sid] {
				return invalid(ProblemDuplicateSid, msgDuplicateSid)
			}
			sids[st.sid] = true
		}
		p.statements = append(p.statements, st)
	}
	return nil
}

var statementFields = map[string]bool{
	"Sid": true, "Effect": true, "Principal": true, "NotPrincipal": true,
	"Action": true, "NotAction": true, "Resource": true, "NotResource": true, "Condition": true,
}

func (p *Policy) parseStatement(index int, raw json.RawMessage) (statement, *ValidationError) {
	st := statement{index: index}
	syntax := invalid(ProblemSyntax, msgSyntax)
	fields, ok := object(raw)
	if !ok {
		return st, syntax
	}
	for k := range fields {
		if !statementFields[k] {
			return st, syntax
		}
	}
	if raw, ok := fields["Sid"]; ok {
		if st.sid, ok = str(raw); !ok {
			return st, syntax
		}
		if p.kind.identityLike() && !isAlphanumeric(st.sid) {
			return st, invalid(ProblemSidFormat, msgSidFormat)
		}
	}
	effect, ok := str(fields["Effect"])
	switch {
	case !ok:
		return st, syntax
	case effect == "Deny":
		st.deny = true
	case effect == "Allow":
	case strings.EqualFold(effect, "Allow") || strings.EqualFold(effect, "Deny"):
		return st, invalid(ProblemLegacyParsing, msgLegacyParsing)
	default:
		return st, syntax
	}
	if err := p.parsePrincipal(&st, fields); err != nil {
		return st, err
	}
	if err := p.parseActions(&st, fields); err != nil {
		return st, err
	}
	if err := p.parseResources(&st, fields); err != nil {
		return st, err
	}
	if raw, ok := fields["Condition"]; ok {
		if err := p.parseConditions(&st, raw); err != nil {
			return st, err
		}
	}
	return st, nil
}

func (p *Policy) parsePrincipal(st *statement, fields map[string]json.RawMessage) *ValidationError {
	raw, hasP := fields["Principal"]
	rawNot, hasNot := fields["NotPrincipal"]
	switch {
	case hasP && hasNot:
		return invalid(ProblemSyntax, msgSyntax)
	case (hasP || hasNot) && p.kind.identityLike():
		return invalid(ProblemPrincipalForbidden, msgPrincipalForbidden)
	case !hasP && !hasNot:
		if p.kind.resourceLike() {
			return invalid(ProblemPrincipalMissing, msgPrincipalMissing)
		}
		return nil
	}
	if hasNot {
		raw, st.notPrincipal = rawNot, true
	}
	ps, err := parsePrincipalSet(raw)
	if err != nil {
		return err
	}
	st.principal = ps
	return nil
}

func (p *Policy) parseActions(st *statement, fields map[string]json.RawMessage) *ValidationError {
	raw, hasA := fields["Action"]
	rawNot, hasNot := fields["NotAction"]
	switch {
	case hasA && hasNot:
		return invalid(ProblemSyntax, msgSyntax)
	case !hasA && !hasNot:
		return invalid(ProblemNoActions, msgNoActions)
	case hasNot:
		raw, st.notAction = rawNot, true
	}
	list, ok := strings1(raw)
	if !ok {
		return invalid(ProblemSyntax, msgSyntax)
	}
	if len(list) == 0 {
		return invalid(ProblemNoActions, msgNoActions)
	}
	for _, a := range list {
		if a != "*" {
			switch strings.Count(a, ":") {
			case 0:
				return invalid(ProblemVendor, msgVendor)
			case 1:
			default:
				return invalid(ProblemColon, msgColon)
			}
		}
		st.actions = append(st.actions, compilePattern(a, true, false))
	}
	return nil
}

func (p *Policy) parseResources(st *statement, fields map[string]json.RawMessage) *ValidationError {
	raw, hasR := fields["Resource"]
	rawNot, hasNot := fields["NotResource"]
	switch {
	case (hasR || hasNot) && p.kind == Trust:
		return invalid(ProblemResourceForbidden, msgResourceForbidden)
	case hasR && hasNot:
		return invalid(ProblemSyntax, msgSyntax)
	case !hasR && !hasNot:
		// A resource-based policy may leave the resource implied: "If you
		// create a resource-based policy, this element is optional. If you do
		// not include this element, then the resource to which the action
		// applies is the resource to which the policy is attached."
		if p.kind == Trust || p.kind == Resource {
			return nil
		}
		return invalid(ProblemNoResources, msgNoResources)
	case hasNot:
		raw, st.notResource = rawNot, true
	}
	st.hasResource = true
	list, ok := strings1(raw)
	if !ok {
		return invalid(ProblemSyntax, msgSyntax)
	}
	if len(list) == 0 {
		return invalid(ProblemNoResources, msgNoResources)
	}
	vars := p.version == Version2012
	for _, r := range list {
		if r != "*" && !strings.HasPrefix(r, "arn:") {
			return invalidf(ProblemResourceFormat, "Resource %s must be in ARN format or \"*\".", r)
		}
		st.resources = append(st.resources, compileARNPattern(r, vars))
	}
	return nil
}

func (p *Policy) parseConditions(st *statement, raw json.RawMessage) *ValidationError {
	syntax := invalid(ProblemSyntax, msgSyntax)
	block, ok := object(raw)
	if !ok {
		return syntax
	}
	vars := p.version == Version2012
	for _, opName := range sortedKeys(block) {
		op, q, ifExists, ok := parseOperator(opName)
		if !ok {
			return syntax
		}
		keys, ok := object(block[opName])
		if !ok {
			return syntax
		}
		for _, keyName := range sortedKeys(keys) {
			if !strings.Contains(keyName, ":") {
				return invalid(ProblemVendor, msgVendor)
			}
			values, ok := scalars(keys[keyName])
			if !ok {
				return syntax
			}
			c := condition{operator: opName, op: op, qualifier: q, ifExists: ifExists,
				key: strings.ToLower(keyName), keyName: keyName}
			if p.kind == Key && q == forAll {
				if what := singleValuedPair(c.key); what != "" {
					return invalidf(ProblemOverlyPermissive, msgOverlyPermissive, what)
				}
			}
			for _, v := range values {
				cv, ok := compileValue(op, v, vars)
				if !ok {
					return invalid(ProblemLegacyParsing, msgLegacyParsing)
				}
				c.hasVars = c.hasVars || cv.text.hasVariables() || cv.arn.hasVariables()
				c.values = append(c.values, cv)
			}
			st.conditions = append(st.conditions, c)
		}
	}
	return nil
}

// singleValuedPair names the single-valued key-value condition keys that
// KMS refuses under ForAllValues: "encryption context" for
// kms:EncryptionContext:context-key, "tag" for aws:RequestTag/tag-key, ""
// for any other key (the multivalued kms:EncryptionContextKeys included).
func singleValuedPair(key string) string {
	switch {
	case strings.HasPrefix(key, "kms:encryptioncontext:"):
		return "encryption context"
	case strings.HasPrefix(key, "aws:requesttag/"):
		return "tag"
	}
	return ""
}

func isAlphanumeric(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z') {
			return false
		}
	}
	return true
}

// jsonKind returns the first byte of a JSON value: '{', '[', '"', 't', 'f',
// 'n', or a digit or '-' for numbers.
func jsonKind(raw json.RawMessage) byte {
	raw = bytes.TrimLeft(raw, " \t\r\n")
	if len(raw) == 0 {
		return 0
	}
	return raw[0]
}

func object(raw json.RawMessage) (map[string]json.RawMessage, bool) {
	if jsonKind(raw) != '{' {
		return nil, false
	}
	var m map[string]json.RawMessage
	return m, json.Unmarshal(raw, &m) == nil
}

func str(raw json.RawMessage) (string, bool) {
	if jsonKind(raw) != '"' {
		return "", false
	}
	var s string
	return s, json.Unmarshal(raw, &s) == nil
}

// strings1 reads a string or an array of strings.
func strings1(raw json.RawMessage) ([]string, bool) {
	if s, ok := str(raw); ok {
		return []string{s}, true
	}
	if jsonKind(raw) != '[' {
		return nil, false
	}
	var list []json.RawMessage
	if json.Unmarshal(raw, &list) != nil {
		return nil, false
	}
	out := make([]string, 0, len(list))
	for _, item := range list {
		s, ok := str(item)
		if !ok {
			return nil, false
		}
		out = append(out, s)
	}
	return out, true
}

// scalars reads a condition value: a string, number or boolean, or an array
// of them, each as text ("true" for the boolean true, "10" for 10). The
// seeds' KmsKeyUsagePolicy writes {"Bool": {"kms:GrantIsForAWSResource":
// true}}, the AWS guide writes "true": both mean the same.
func scalars(raw json.RawMessage) ([]string, bool) {
	one := func(raw json.RawMessage) (string, bool) {
		switch k := jsonKind(raw); {
		case k == '"':
			return str(raw)
		case k == 't' || k == 'f' || k == '-' || ('0' <= k && k <= '9'):
			return string(bytes.TrimSpace(raw)), true
		}
		return "", false
	}
	if jsonKind(raw) != '[' {
		s, ok := one(raw)
		return []string{s}, ok
	}
	var list []json.RawMessage
	if json.Unmarshal(raw, &list) != nil {
		return nil, false
	}
	out := make([]string, 0, len(list))
	for _, item := range list {
		s, ok := one(item)
		if !ok {
			return nil, false
		}
		out = append(out, s)
	}
	return out, true
}
