package kms

import (
	"context"
	"encoding/base64"
	"encoding/hex"
	"maps"
	"slices"
	"strings"

	"github.com/amityhq/amity/internal/api/kmsapi"
	"github.com/amityhq/amity/internal/authz"
	"github.com/amityhq/amity/internal/policy"
	"github.com/amityhq/amity/internal/service/kms/keyring"
)

// grantOperations are the operations of this service a grant can allow.
var grantOperations = map[string]bool{
	kmsapi.GrantOperationDecrypt:                             true,
	kmsapi.GrantOperationEncrypt:                             true,
	kmsapi.GrantOperationGenerateDataKey:                     true,
	kmsapi.GrantOperationGenerateDataKeyWithoutPlaintext:     true,
	kmsapi.GrantOperationReEncryptFrom:                       true,
	kmsapi.GrantOperationReEncryptTo:                         true,
	kmsapi.GrantOperationCreateGrant:                         true,
	kmsapi.GrantOperationRetireGrant:                         true,
	kmsapi.GrantOperationDescribeKey:                         true,
	kmsapi.GrantOperationSign:                                true,
	kmsapi.GrantOperationVerify:                              true,
	kmsapi.GrantOperationGetPublicKey:                        true,
	kmsapi.GrantOperationGenerateDataKeyPair:                 true,
	kmsapi.GrantOperationGenerateDataKeyPairWithoutPlaintext: true,
	kmsapi.GrantOperationGenerateMac:                         true,
	kmsapi.GrantOperationVerifyMac:                           true,
	kmsapi.GrantOperationDeriveSharedSecret:                  true,
}

// keyGrants gives the engine a key's grants for one authorization: a
// grant allows its grantee — the caller itself, or for a role session the
// role — the operations it lists, when the request's encryption context
// meets its constraints. It lives in the pooled conditionSet, so deciding
// costs no allocation.
type keyGrants struct {
	key *keyEntry
	a   *access
}

// grantsFor returns the set's grant source for its access on key.
func (cs *conditionSet) grantsFor(key *keyEntry) authz.GrantSource {
	cs.grants = keyGrants{key: key, a: cs.a}
	return &cs.grants
}

// Grants implements authz.GrantSource: the key's grants, read on first need.
func (g *keyGrants) Grants(context.Context) (policy.Grants, error) {
	if err := g.key.loadGrants(); err != nil {
		return nil, err
	}
	return g, nil
}

// Allow implements policy.Grants.
func (g *keyGrants) Allow(req *policy.Request, trace *[]policy.GrantTrace) (string, bool) {
	op := strings.TrimPrefix(g.a.action, "kms:")
	if !grantOperations[op] {
		return "", false
	}
	var grantees []string // nil: all, for the trace of a denial
	if trace == nil {     // no one asks why not: only the caller's own grants can allow
		grantees = []string{req.Principal.ARN}
		if req.Principal.Type == policy.AssumedRole {
			grantees = append(grantees, req.Principal.IssuerARN)
		}
	}
	var allowed string
	g.key.grants.each(grantees, func(gr *grantRecord) bool {
		t := policy.GrantTrace{
			GranteeMatched:   isGrantee(gr, req.Principal),
			OperationMatched: slices.Contains(gr.Operations, op),
			// A grant creating a grant passes its constraints on instead
			// of checking them against a context: the child may be no wider.
			ConstraintsHeld: (g.a.child == nil && gr.constraintsHold(g.a.ec)) || (g.a.child != nil && g.a.child.narrowerThan(gr)),
		}
		if trace != nil {
			t.ID, t.Grantee, t.Operations = gr.ID, gr.Grantee, gr.Operations
			*trace = append(*trace, t)
		}
		if t.Allows() {
			allowed = gr.ID
			return true
		}
		return false
	})
	return allowed, allowed != ""
}

// isGrantee reports whether p is a grant's grantee principal.
func isGrantee(g *grantRecord, p *policy.Principal) bool {
	return namesCaller(g.Grantee, p)
}

// namesCaller reports whether a grant's principal (grantee or retiring
// principal) is the caller: its own ARN or, for a role session, its role.
func namesCaller(principal string, p *policy.Principal) bool {
	return principal == p.ARN || (p.Type == policy.AssumedRole && principal == p.IssuerARN)
}

// constraintsHold reports whether an encryption context meets the grant's
// constraints: every pair of EncryptionContextSubset present, or exactly
// the pairs of EncryptionContextEquals. "In a grant constraint, the key in
// each key-value pair is not case sensitive, but the value is case
// sensitive" [KMS API reference, GrantConstraints].
func (g *grantRecord) constraintsHold(ec map[string]string) bool {
	if g.ContextEquals != nil && (len(g.ContextEquals) != len(ec) || !isSubset(g.ContextEquals, ec)) {
		return false
	}
	return isSubset(g.ContextSubset, ec)
}

// isSubset reports whether every pair of sub is in of, keys compared
// without case.
func isSubset(sub, of map[string]string) bool {
	for k, v := range sub {
		if !hasPair(of, k, v) {
			return false
		}
	}
	return true
}

func hasPair(ec map[string]string, k, v string) bool {
	if w, ok := ec[k]; ok {
		return w == v
	}
	for k2, w := range ec {
		if strings.EqualFold(k, k2) {
			return w == v
		}
	}
	return false
}

// narrowerThan reports whether a grant about to be created through parent
// (which allows CreateGrant) gives no more than parent: the same or fewer
// operations, under the same or stricter constraints.
func (g *grantRecord) narrowerThan(parent *grantRecord) bool {
	for _, op := range g.Operations {
		if !slices.Contains(parent.Operations, op) {
			return false
		}
	}
	if parent.ContextEquals != nil {
		return maps.Equal(g.ContextEquals, parent.ContextEquals)
	}
	if g.ContextEquals != nil {
		return isSubset(parent.ContextSubset, g.ContextEquals)
	}
	return isSubset(parent.ContextSubset, g.ContextSubset)
}

// grantLocation is what a grant token says: which grant of which key.
type grantLocation struct {
	ref     keyring.Ref
	grantID string
}

// Grant tokens are opaque to callers. Each names its grant — the key's
// Region, account and id, and the grant id — followed by random bytes, so
// that every CreateGrant returns a new token, as KMS's do.
const grantTokenVersion = 1

func newGrantToken(loc grantLocation, random []byte) string {
	id, _ := hex.DecodeString(loc.grantID)
	b := []byte{grantTokenVersion, byte(len(loc.ref.Region))}
	b = append(b, loc.ref.Region...)
	b = append(b, loc.ref.Account...)
	b = append(b, loc.ref.KeyID...)
	b = append(b, id...)
	b = append(b, random...)
	return base64.RawURLEncoding.EncodeToString(b)
}

func parseGrantToken(t string) (grantLocation, bool) {
	var loc grantLocation
	b, err := base64.RawURLEncoding.DecodeString(t)
	if err != nil || len(b) < 2 || b[0] != grantTokenVersion {
		return loc, false
	}
	n := int(b[1])
	rest := b[2:]
	if len(rest) != n+12+36+grantIDBytes+grantTokenRandom {
		return loc, false
	}
	loc.ref.Region = string(rest[:n])
	loc.ref.Account = string(rest[n : n+12])
	loc.ref.KeyID = string(rest[n+12 : n+48])
	loc.grantID = hex.EncodeToString(rest[n+48 : n+48+grantIDBytes])
	if !keyring.IsKeyID(loc.ref.KeyID) {
		return loc, false
	}
	return loc, true
}

const (
	grantIDBytes     = 32 // grant ids are 64 hex digits
	grantTokenRandom = 16
)
