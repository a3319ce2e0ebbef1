package kms

import (
	"context"
	"errors"
	"strings"

	"github.com/amityhq/amity/internal/api/kmsapi"
	"github.com/amityhq/amity/internal/authz"
	"github.com/amityhq/amity/internal/policy"
	"github.com/amityhq/amity/internal/service/kms/keyring"
	"github.com/amityhq/amity/internal/store"
)

// maxPolicySize is KMS's key policy quota: 32 KB.
const maxPolicySize = 32 * 1024

// defaultPolicyName is the only name a key policy has.
const defaultPolicyName = "default"

// parsePolicy validates a key policy document as KMS does and compiles it.
func (s *Service) parsePolicy(ctx context.Context, doc string) (*policy.Policy, error) {
	if len(doc) > maxPolicySize {
		return nil, policyTooLarge()
	}
	p, _, err := s.policies.compile(doc)
	var ve *policy.ValidationError
	switch {
	case errors.As(err, &ve) && ve.Problem == policy.ProblemInvalidPrincipal:
		return nil, invalidPrincipals()
	case errors.As(err, &ve) && ve.Problem == policy.ProblemOverlyPermissive:
		return nil, kmsapi.MalformedPolicyDocumentException(ve.Message) // KMS's own text
	case errors.As(err, &ve):
		return nil, malformedPolicy(ve.Message)
	case err != nil:
		return nil, err
	}
	if s.principals != nil {
		for _, ref := range p.Principals() {
			arn, ok := iamPrincipalARN(ref)
			if !ok {
				continue
			}
			exists, err := s.principals.PrincipalExists(ctx, arn)
			if err != nil {
				return nil, err
			}
			if !exists {
				return nil, invalidPrincipals()
			}
		}
	}
	return p, nil
}

// iamPrincipalARN returns the IAM ARN an AWS principal of a policy names
// (an account id stands for the account's root); ok is false for "*" and
// for service and federated principals.
func iamPrincipalARN(ref policy.PrincipalRef) (string, bool) {
	switch {
	case ref.Type != "AWS" || ref.Value == "*":
		return "", false
	case strings.HasPrefix(ref.Value, "arn:aws:iam::"):
		return ref.Value, true
	case len(ref.Value) == 12:
		return policy.RootARN(ref.Value), true
	}
	return "", false
}

// checkLockout is the policy lockout safety check: the new policy must let
// the caller call PutKeyPolicy on the key afterwards.
func (s *Service) checkLockout(ctx context.Context, req *authz.Request, ref keyring.Ref, p *policy.Policy) error {
	d, err := s.authorizer.Evaluate(ctx, req, &authz.Check{
		Action:          "kms:PutKeyPolicy",
		Resource:        ref.ARN(),
		ResourceAccount: ref.Account,
		ResourcePolicy:  p,
		Mode:            policy.ResourcePolicyRequired,
		Context:         policy.Keys(callerConditions(req, nil)),
	})
	if err != nil {
		return err
	}
	if !d.Allowed() {
		return lockout()
	}
	return nil
}

// GetKeyPolicy returns the key policy exactly as it was stored.
func (s *Service) GetKeyPolicy(ctx context.Context, in *kmsapi.GetKeyPolicyInput) (*kmsapi.GetKeyPolicyOutput, error) {
	req := authz.FromContext(ctx)
	key, _, err := s.resolve(ctx, req, deref(in.KeyId), 0)
	if err != nil {
		return nil, err
	}
	if _, err := s.authorizeKey(ctx, req, key, &access{action: "kms:GetKeyPolicy"}); err != nil {
		return nil, err
	}
	if in.PolicyName != nil && *in.PolicyName != defaultPolicyName {
		return nil, policyNotFound()
	}
	return &kmsapi.GetKeyPolicyOutput{Policy: new(key.rec.Policy), PolicyName: new(defaultPolicyName)}, nil
}

// PutKeyPolicy replaces the key policy, after KMS's validation and, unless
// bypassed, the lockout safety check.
func (s *Service) PutKeyPolicy(ctx context.Context, in *kmsapi.PutKeyPolicyInput) (*kmsapi.PutKeyPolicyOutput, error) {
	req := authz.FromContext(ctx)
	key, _, err := s.resolve(ctx, req, deref(in.KeyId), 0)
	if err != nil {
		return nil, err
	}
	bypass := deref(in.BypassPolicyLockoutSafetyCheck)
	if _, err := s.authorizeKey(ctx, req, key, &access{action: "kms:PutKeyPolicy",
		conditions: map[string][]string{condBypassLockout: boolValue(bypass)}}); err != nil {
		return nil, err
	}
	if in.PolicyName != nil && *in.PolicyName != defaultPolicyName {
		return nil, policyNotFound()
	}
	doc := deref(in.Policy)
	p, err := s.parsePolicy(ctx, doc)
	if err != nil {
		return nil, err
	}
	if !bypass {
		if err := s.checkLockout(ctx, req, key.rec.ref(), p); err != nil {
			return nil, err
		}
	}
	return nil, s.modifyKey(ctx, key.rec.ref(), func(rec *keyRecord) error {
		rec.Policy = doc
		return nil
	})
}

// ListKeyPolicies lists the one policy a key has.
func (s *Service) ListKeyPolicies(ctx context.Context, in *kmsapi.ListKeyPoliciesInput) (*kmsapi.ListKeyPoliciesOutput, error) {
	req := authz.FromContext(ctx)
	key, _, err := s.resolve(ctx, req, deref(in.KeyId), 0)
	if err != nil {
		return nil, err
	}
	if _, err := s.authorizeKey(ctx, req, key, &access{action: "kms:ListKeyPolicies"}); err != nil {
		return nil, err
	}
	if _, err := newListing(in.Limit, in.Marker, 100, 1000); err != nil {
		return nil, err
	}
	return &kmsapi.ListKeyPoliciesOutput{PolicyNames: []string{defaultPolicyName}, Truncated: new(false)}, nil
}

// modifyKey applies change to the stored record of a key inside a write
// transaction and stores the result (with, for a multi-Region key, what
// its primary and replicas share with it). It fails with NotFoundException when
// the key has meanwhile been deleted.
func (s *Service) modifyKey(ctx context.Context, ref keyring.Ref, change func(*keyRecord) error) error {
	return s.update(ctx, func(tx store.Tx, c *changes) error {
		rec, ok, err := getKey(tx, ref)
		switch {
		case err != nil:
			return err
		case !ok || rec.deletedNow(s.now):
			return keyNotFound(ref.ARN())
		}
		if err := change(rec); err != nil {
			return err
		}
		c.key(rec)
		if err := putKey(tx, rec); err != nil {
			return err
		}
		switch {
		case rec.isReplica():
			return s.noteReplicaDeletion(tx, c, rec)
		case rec.MultiRegion != nil:
			return s.syncReplicas(tx, c, rec)
		}
		return nil
	})
}

// KeyPolicy returns the key policy of the key arn as stored; ok is false
// when there is no such key. It is a read amity's explanations make to
// write a fix (the whole new policy), not a caller's KMS call.
func (s *Service) KeyPolicy(ctx context.Context, arn string) (string, bool, error) {
	ref, ok := keyring.ParseARN(arn)
	if !ok {
		return "", false, nil
	}
	e, ok, err := s.key(ctx, ref)
	if err != nil || !ok {
		return "", false, err
	}
	return e.rec.Policy, true, nil
}
