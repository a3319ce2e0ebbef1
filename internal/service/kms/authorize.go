package kms

import (
	"context"

	"github.com/amityhq/amity/internal/api/kmsapi"
	"github.com/amityhq/amity/internal/authz"
	"github.com/amityhq/amity/internal/policy"
)

// access is one permission a request needs on a key.
type access struct {
	action string            // "kms:Encrypt"
	ec     map[string]string // the request's encryption context
	alias  string            // the alias the request named the key by
	// grantTokens are the request's grant tokens, checked for form.
	grantTokens []string
	// conditions are the operation's own condition keys (lower-cased).
	conditions map[string][]string
	// algorithm is the algorithm the request asks the key to perform
	// (encryption, signing, MAC), for the operation's keyCheck.
	algorithm string
	// child is the grant a CreateGrant request would make: a grant that
	// allows CreateGrant allows only children no wider than itself.
	child *grantRecord
}

// authorizeKey decides whether req may perform a.action on key: the key
// policy (mandatory), the caller's IAM policies where the key policy lets
// IAM decide, and — when those only implicitly deny — the key's grants,
// all in one decision of the engine. When denied, it returns AWS's
// AccessDeniedException.
func (s *Service) authorizeKey(ctx context.Context, req *authz.Request, key *keyEntry, a *access) (policy.Decision, error) {
	for _, t := range a.grantTokens {
		if _, ok := parseGrantToken(t); !ok {
			return policy.Decision{}, invalidGrantToken()
		}
	}
	conditions := keyConditions(req, key, a)
	check := &authz.Check{
		Action:          a.action,
		Resource:        key.arn,
		ResourceAccount: key.rec.Account,
		ResourcePolicy:  key.policy,
		Mode:            policy.ResourcePolicyRequired,
		Context:         conditions,
		Grants:          conditions.grantsFor(key),
	}
	d, err := s.authorizer.Authorize(ctx, req, check)
	check.Context, check.Grants = nil, nil // the denial message needs neither
	conditions.release()
	if err != nil {
		return d, err
	}
	if !d.Allowed() {
		return d, denied(req, check, d)
	}
	return d, nil
}

// authorizeAccount decides an action on no key (CreateKey, ListKeys,
// ListAliases, GenerateRandom, ListRetirableGrants) or on an alias: IAM
// policies alone decide, and the account's root may.
func (s *Service) authorizeAccount(ctx context.Context, req *authz.Request, action, resource string, conditions map[string][]string) (policy.Decision, error) {
	check := &authz.Check{
		Action:          action,
		Resource:        resource,
		ResourceAccount: req.Principal.Account,
		Mode:            policy.Standard,
		Context:         policy.Keys(callerConditions(req, conditions)),
	}
	d, err := s.authorizer.Authorize(ctx, req, check)
	if err == nil && !d.Allowed() {
		err = denied(req, check, d)
	}
	return d, err
}

// denied is KMS's AccessDeniedException (HTTP 400), which names the
// caller — for a role session, the session's ARN — and AWS's reason.
func denied(req *authz.Request, check *authz.Check, d policy.Decision) error {
	return kmsapi.AccessDeniedException(authz.DeniedMessage(req.Principal.ARN, check, d, true))
}
