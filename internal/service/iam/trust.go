package iam

import (
	"context"
	"errors"
	"strings"

	"github.com/amityhq/amity/internal/identity"
	"github.com/amityhq/amity/internal/policy"
	"github.com/amityhq/amity/internal/store"
)

// parseTrust validates a role's trust policy: the trust policy language,
// STS actions only, and the ACLSizePerRole quota. The principals it names
// are checked against the store by checkPrincipals.
func (s *Service) parseTrust(roleARN, doc string) (*policy.Policy, error) {
	p, err := s.parseDocument(policy.Trust, roleARN+" trust policy", doc)
	if err != nil {
		return nil, err
	}
	if err := trustActions(doc); err != nil {
		return nil, err
	}
	if policy.Size(doc) > trustPolicyQuota {
		return nil, errTrustPolicySize
	}
	return p, nil
}

// checkPrincipals refuses a trust policy naming an AWS principal that
// does not exist: an account amity does not know (see
// identity.Registry.AccountExists), or a user or role
// (at that path) its account does not have. AWS answers these with
// MalformedPolicyDocument `Invalid principal in policy: "AWS":"ARN"`.
// Service and federated principals are not checked.
func (s *Service) checkPrincipals(tx store.Tx, p *policy.Policy) error {
	for _, ref := range p.Principals() {
		if ref.Type != "AWS" || ref.Value == "*" {
			continue
		}
		ok, err := s.principalExists(tx, ref.Value)
		if err != nil {
			return err
		}
		if !ok {
			return malformedPolicy(policy.InvalidPrincipal(ref.Type, ref.Value).Message)
		}
	}
	return nil
}

func (s *Service) principalExists(tx store.Tx, value string) (bool, error) {
	if identity.IsAccountID(value) {
		return s.ids.AccountExists(tx, value)
	}
	parts := strings.SplitN(value, ":", 6)
	if len(parts) != 6 {
		return false, nil
	}
	account, resource := parts[4], parts[5]
	ok, err := s.ids.AccountExists(tx, account)
	if !ok || err != nil {
		return ok, err
	}
	switch {
	case parts[2] == "iam" && strings.HasPrefix(resource, "user/"):
		return entityAt(tx, userKind, account, resource[len("user"):])
	case parts[2] == "iam" && strings.HasPrefix(resource, "role/"):
		return entityAt(tx, roleKind, account, resource[len("role"):])
	case parts[2] == "sts" && strings.HasPrefix(resource, "assumed-role/"):
		role, _, _ := strings.Cut(resource[len("assumed-role/"):], "/")
		_, err := getRole(tx, account, role)
		return found(err)
	}
	return true, nil
}

// entityAt reports whether the entity at pathName ("/path/name") exists.
func entityAt(tx store.Tx, k *kind, account, pathName string) (bool, error) {
	i := strings.LastIndexByte(pathName, '/')
	r, err := k.load(tx, account, pathName[i+1:])
	if ok, err := found(err); !ok || err != nil {
		return ok, err
	}
	return r.base().Path == pathName[:i+1], nil
}

// found turns a lookup's error into existence.
func found(err error) (bool, error) {
	if errors.Is(err, errNotFound) {
		return false, nil
	}
	return err == nil, err
}

// PrincipalExists tells KMS whether a principal a key policy names exists
// (see checkPrincipals for what counts).
func (s *Service) PrincipalExists(ctx context.Context, value string) (bool, error) {
	var ok bool
	// A write: with convenience credentials a named account is created. It
	// changes no IAM entity, so cached identity policies stay current
	// (s.update would make them all stale).
	err := s.store.Update(ctx, func(tx store.Tx) error {
		var err error
		ok, err = s.principalExists(tx, value)
		return err
	})
	return ok, err
}
