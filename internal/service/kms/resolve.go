package kms

import (
	"context"
	"strings"

	"github.com/amityhq/amity/internal/authz"
	"github.com/amityhq/amity/internal/service/kms/keyring"
)

// lookup says which forms of key identifier an operation accepts, as the
// KMS API reference gives them per parameter.
type lookup uint8

const (
	// byAlias: alias names and alias ARNs are accepted besides key ids
	// and key ARNs (DescribeKey and the cryptographic operations).
	byAlias lookup = 1 << iota
	// crossAccount: a key ARN (or alias ARN) may name another account's
	// key ("Cross-account use: Yes").
	crossAccount
)

// keyName is what a key identifier parameter named: a key, or an alias in
// an account and Region (ref.KeyID empty).
type keyName struct {
	ref   keyring.Ref
	alias string // "alias/NAME" when the identifier named an alias
}

// parseKeyName reads a key identifier given in a request to account and
// region.
func parseKeyName(id, account, region string, l lookup) (keyName, error) {
	n := keyName{ref: keyring.Ref{Account: account, Region: region}}
	resource := id
	if rest, ok := strings.CutPrefix(id, "arn:aws:kms:"); ok {
		arnRegion, rest, ok1 := strings.Cut(rest, ":")
		arnAccount, rest, ok2 := strings.Cut(rest, ":")
		if !ok1 || !ok2 {
			return n, invalidKeyID(id)
		}
		if arnRegion != region {
			return n, invalidARNRegion(arnRegion)
		}
		n.ref.Account, resource = arnAccount, rest
		if rest, ok := strings.CutPrefix(resource, "key/"); ok {
			resource = rest
		} else if !strings.HasPrefix(resource, "alias/") {
			return n, invalidKeyID(id)
		}
	} else if strings.HasPrefix(id, "arn:") {
		return n, invalidKeyID(id)
	}
	if strings.HasPrefix(resource, "alias/") {
		if l&byAlias == 0 {
			return n, invalidKeyID(id)
		}
		n.alias = resource
		return n, nil
	}
	keyID, ok := keyring.CanonicalKeyID(resource)
	if !ok {
		return n, invalidKeyID(resource)
	}
	n.ref.KeyID = keyID
	return n, nil
}

// resolve finds the key an identifier names for req: by id or ARN, or
// through an alias (creating an AWS managed key on the first reference to
// its predefined alias). It returns the alias name when one was used, for
// kms:RequestAlias.
func (s *Service) resolve(ctx context.Context, req *authz.Request, id string, l lookup) (*keyEntry, string, error) {
	caller := req.Principal.Account
	n, err := parseKeyName(id, caller, req.Region, l)
	if err != nil {
		return nil, "", err
	}
	if n.ref.Account != caller && l&crossAccount == 0 {
		if n.alias != "" {
			return nil, "", aliasNotFound(aliasARN(n.ref.Account, n.ref.Region, n.alias))
		}
		return nil, "", keyNotFound(n.ref.ARN())
	}
	if n.alias != "" {
		keyID, err := s.aliasTarget(ctx, n.ref.Account, n.ref.Region, n.alias, n.ref.Account == caller)
		if err != nil {
			return nil, "", err
		}
		n.ref.KeyID = keyID
	}
	e, ok, err := s.key(ctx, n.ref)
	switch {
	case err != nil:
		return nil, "", err
	case !ok && n.alias != "":
		return nil, "", aliasNotFound(aliasARN(n.ref.Account, n.ref.Region, n.alias))
	case !ok:
		return nil, "", keyNotFound(n.ref.ARN())
	}
	return e, n.alias, nil
}

// aliasTarget returns the id of the key an alias points to. own says the
// alias is in the caller's account, where a predefined AWS alias is
// created with its AWS managed key on first reference.
func (s *Service) aliasTarget(ctx context.Context, account, region, name string, own bool) (string, error) {
	a, err := s.alias(ctx, account, region, name)
	if err != nil {
		return "", err
	}
	if a == nil && own {
		if m, ok := managedAliases[name]; ok {
			return s.ensureManagedKey(ctx, account, region, name, m)
		}
	}
	if a == nil {
		return "", aliasNotFound(aliasARN(account, region, name))
	}
	return a.KeyID, nil
}

func aliasARN(account, region, name string) string {
	return "arn:aws:kms:" + region + ":" + account + ":" + name
}
