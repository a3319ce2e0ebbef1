package policy

import (
	"strings"
)

// PrincipalType says what kind of caller a request comes from.
type PrincipalType uint8

const (
	Anonymous     PrincipalType = iota // an unsigned request
	Root                               // the account's root user
	User                               // an IAM user
	AssumedRole                        // a role session from sts:AssumeRole
	FederatedUser                      // a session from sts:GetFederationToken
	Service                            // an AWS service acting as itself
)

var principalTypeNames = [...]string{"Anonymous", "Account", "User", "AssumedRole", "FederatedUser", "AWSService"}

// String returns the value AWS gives the aws:PrincipalType condition key.
func (t PrincipalType) String() string {
	if int(t) < len(principalTypeNames) {
		return principalTypeNames[t]
	}
	return "Unknown"
}

// Principal is who makes a request.
type Principal struct {
	Type PrincipalType
	// Account is the 12-digit account the principal belongs to; empty for
	// services and anonymous callers.
	Account string
	// ARN is the principal's own ARN: arn:aws:iam::ACCT:root,
	// arn:aws:iam::ACCT:user/path/name,
	// arn:aws:sts::ACCT:assumed-role/name/session,
	// arn:aws:sts::ACCT:federated-user/name; for a service its principal
	// name, e.g. ec2.amazonaws.com.
	ARN string
	// IssuerARN is, for a session, the identity that issued it (CloudTrail's
	// sessionIssuer): for an assumed-role session the role (with its path),
	// for a federated user session the IAM user who called
	// GetFederationToken. A policy naming the issuer matches all of its
	// sessions, within their boundary and session policies.
	IssuerARN string
}

// RootARN returns arn:aws:iam::ACCOUNT:root, the principal that stands for
// a whole account in policies.
func RootARN(account string) string { return "arn:aws:iam::" + account + ":root" }

// principalMatch ranks how a statement's Principal names the caller. The
// rank decides what else must allow the request (see Evaluate).
type principalMatch uint8

const (
	matchNone     principalMatch = iota
	matchAccount                 // names the caller's account: delegates to IAM
	matchIssuer                  // names the role or user that issued the calling session
	matchWildcard                // "*": everyone
	matchExact                   // names the caller itself
)

// principalSet is a compiled Principal or NotPrincipal element.
type principalSet struct {
	wildcard  bool     // "*" or {"AWS":"*"}
	aws       []string // ARNs; bare account ids are stored as root ARNs
	service   []string
	federated []string
	canonical []string
	written   []PrincipalRef // the values as the document wrote them
}

// match ranks the best way the set names p.
func (ps *principalSet) match(p *Principal) principalMatch {
	best := matchNone
	if ps.wildcard {
		best = matchWildcard
	}
	switch p.Type {
	case Service:
		if contains(ps.service, p.ARN) {
			return matchExact
		}
		return best
	case Anonymous:
		return best
	}
	for _, a := range ps.aws {
		switch {
		case a == p.ARN:
			return matchExact
		case p.IssuerARN != "" && a == p.IssuerARN && best < matchIssuer:
			best = matchIssuer
		case best < matchAccount && p.Account != "" && isRootOf(a, p.Account):
			best = matchAccount
		}
	}
	if p.Type == FederatedUser && contains(ps.federated, p.ARN) {
		return matchExact
	}
	return best
}

// excludes reports whether a NotPrincipal set exempts p. AWS may evaluate a
// caller as each identity in its chain — the account, then the role, then
// the session — so only a set naming every one of them exempts the caller
// (the IAM guide's advice to list the account ARN with the user's).
func (ps *principalSet) excludes(p *Principal) bool {
	if ps.wildcard {
		return true
	}
	switch p.Type {
	case Service:
		return contains(ps.service, p.ARN)
	case Anonymous:
		return false
	}
	if !contains(ps.aws, p.ARN) && !(p.Type == FederatedUser && contains(ps.federated, p.ARN)) {
		return false
	}
	if p.Type == AssumedRole && !contains(ps.aws, p.IssuerARN) {
		return false
	}
	if p.Type != Root && p.Account != "" && !contains(ps.aws, RootARN(p.Account)) {
		return false
	}
	return true
}

func isRootOf(arn, account string) bool {
	const prefix, suffix = "arn:aws:iam::", ":root"
	return len(arn) == len(prefix)+len(account)+len(suffix) &&
		strings.HasPrefix(arn, prefix) && strings.HasSuffix(arn, suffix) &&
		arn[len(prefix):len(prefix)+len(account)] == account
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// isAccountID reports whether s is a 12-digit AWS account id.
func isAccountID(s string) bool {
	if len(s) != 12 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// describe returns the policy value behind a match of rank m, for traces.
func (ps *principalSet) describe(m principalMatch, p *Principal) string {
	switch m {
	case matchWildcard:
		return "*"
	case matchAccount:
		return RootARN(p.Account)
	case matchIssuer:
		return p.IssuerARN
	}
	return p.ARN
}
