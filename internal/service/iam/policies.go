package iam

import (
	"context"
	"errors"
	"slices"
	"strings"

	"github.com/amityhq/amity/internal/api/iamapi"
	"github.com/amityhq/amity/internal/authz"
	"github.com/amityhq/amity/internal/awsdata"
	"github.com/amityhq/amity/internal/identity"
	"github.com/amityhq/amity/internal/store"
)

// CreatePolicy creates a customer managed policy whose document is its
// default version v1. MalformedPolicyDocument for a document that is not
// an identity policy (Version 2012-10-17 required), LimitExceeded beyond
// 6,144 characters, EntityAlreadyExists for a name taken at any path.
func (s *Service) CreatePolicy(ctx context.Context, in *iamapi.CreatePolicyInput) (*iamapi.CreatePolicyOutput, error) {
	c := callerOf(ctx)
	path := pathOr(in.Path)
	arn := policyARN(c.account, path, *in.PolicyName)
	tags, err := requestTags(in.Tags)
	if err != nil {
		return nil, err
	}
	if err := s.allowAs(ctx, c, "iam:CreatePolicy", arn, "policy "+*in.PolicyName, c.account, tagConditions(tags, nil)); err != nil {
		return nil, err
	}
	if _, err := s.parseManaged(arn, *in.PolicyDocument); err != nil {
		return nil, err
	}
	now := s.now()
	p := &ManagedPolicy{Account: c.account, Name: *in.PolicyName, Path: path, ID: s.ids.UniqueID(identity.PrefixPolicy),
		Description: deref(in.Description), Created: now, Updated: now, DefaultVersion: "v1", NextVersion: 2,
		Versions: []PolicyVersion{{ID: "v1", Document: *in.PolicyDocument, Created: now}}, Tags: tags}
	err = s.update(ctx, func(tx store.Tx) error {
		if _, err := getPolicy(tx, c.account, p.Name); !errors.Is(err, errNotFound) {
			return existsOr(err, policyExists(p.Name))
		}
		return put(tx, policiesTable, c.account, p.Name, p)
	})
	if err != nil {
		return nil, err
	}
	out := policyShape(p, 0, 0)
	out.Description = optional(p.Description)
	out.Tags = tagShapes(p.Tags, false)
	return &iamapi.CreatePolicyOutput{Policy: &out}, nil
}

// GetPolicy describes a managed policy, AWS's or the account's, with how
// often the account uses it.
func (s *Service) GetPolicy(ctx context.Context, in *iamapi.GetPolicyInput) (*iamapi.GetPolicyOutput, error) {
	c := callerOf(ctx)
	if err := s.allowPolicy(ctx, c, "iam:GetPolicy", *in.PolicyArn, false); err != nil {
		return nil, err
	}
	var out iamapi.Policy
	err := s.store.View(ctx, func(tx store.Tx) error {
		p, err := findPolicy(tx, *in.PolicyArn)
		if err != nil {
			return err
		}
		u, err := policyUsage(tx, c.account, p.ARN())
		out = policyShape(p, u.attachments(), u.boundaries())
		out.Description = optional(p.Description)
		out.Tags = tagShapes(p.Tags, true)
		return err
	})
	if err != nil {
		return nil, err
	}
	return &iamapi.GetPolicyOutput{Policy: &out}, nil
}

// allowPolicy authorizes action on the managed policy at arn. Everyone
// may read AWS's policies; writing one, or touching another account's, is
// a request on someone else's resource, which no identity policy opens.
func (s *Service) allowPolicy(ctx context.Context, c *caller, action, arn string, write bool) error {
	owner, _, _, ok := splitPolicyARN(arn)
	if !ok {
		return invalidARN(arn)
	}
	if owner == awsAccount && !write {
		owner = c.account
	}
	return s.allowAs(ctx, c, action, arn, "policy "+arn, owner, nil)
}

// ListPolicies lists AWS's managed policies and the account's (Scope),
// optionally only those attached or used as boundaries, by name. Denials
// name the resource "policy path /" as AWS does.
func (s *Service) ListPolicies(ctx context.Context, in *iamapi.ListPoliciesInput) (*iamapi.ListPoliciesOutput, error) {
	c := callerOf(ctx)
	prefix := pathOr(in.PathPrefix)
	check := &authz.Check{Action: "iam:ListPolicies", Resource: "*", ResourceAccount: c.account}
	if err := s.decide(ctx, c, check, "policy path "+prefix); err != nil {
		return nil, err
	}
	scope := deref(in.Scope)
	var out []iamapi.Policy
	err := s.store.View(ctx, func(tx store.Tx) error {
		var candidates []*ManagedPolicy
		if scope != iamapi.PolicyScopeTypeLocal {
			for _, mp := range awsdata.ManagedPolicies() {
				candidates = append(candidates, awsManaged(&mp))
			}
		}
		if scope != iamapi.PolicyScopeTypeAws {
			local, err := list[ManagedPolicy](tx, policiesTable, c.account)
			if err != nil {
				return err
			}
			candidates = append(candidates, local...)
		}
		slices.SortStableFunc(candidates, func(a, b *ManagedPolicy) int { return strings.Compare(a.Name, b.Name) })
		uses, err := accountUsage(tx, c.account)
		if err != nil {
			return err
		}
		for _, p := range candidates {
			u := uses[p.ARN()]
			if u == nil {
				u = &usage{}
			}
			if strings.HasPrefix(p.Path, prefix) && listed(u, in) {
				out = append(out, policyShape(p, u.attachments(), u.boundaries()))
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	pg, err := paginate(out, in.Marker, in.MaxItems)
	if err != nil {
		return nil, err
	}
	return &iamapi.ListPoliciesOutput{Policies: pg.items, IsTruncated: pg.truncated, Marker: pg.marker}, nil
}

// listed applies ListPolicies' OnlyAttached and PolicyUsageFilter.
func listed(u *usage, in *iamapi.ListPoliciesInput) bool {
	switch deref(in.PolicyUsageFilter) {
	case iamapi.PolicyUsageTypePermissionsPolicy:
		if in.OnlyAttached != nil && *in.OnlyAttached {
			return u.attachments() > 0
		}
	case iamapi.PolicyUsageTypePermissionsBoundary:
		if in.OnlyAttached != nil && *in.OnlyAttached {
			return u.boundaries() > 0
		}
	}
	return in.OnlyAttached == nil || !*in.OnlyAttached || u.attachments()+u.boundaries() > 0
}

// DeletePolicy deletes a customer managed policy that nothing uses and
// that has only its default version left (DeleteConflict otherwise).
func (s *Service) DeletePolicy(ctx context.Context, in *iamapi.DeletePolicyInput) (*iamapi.DeletePolicyOutput, error) {
	c := callerOf(ctx)
	if err := s.allowPolicy(ctx, c, "iam:DeletePolicy", *in.PolicyArn, true); err != nil {
		return nil, err
	}
	return nil, s.update(ctx, func(tx store.Tx) error {
		p, err := findPolicy(tx, *in.PolicyArn)
		if err != nil {
			return err
		}
		u, err := policyUsage(tx, c.account, p.ARN())
		switch {
		case err != nil:
			return err
		// A boundary still naming the policy counts as an attachment:
		// UNVERIFIED, but the alternative would silently lift the
		// boundary.
		case u.attachments()+u.boundaries() > 0:
			return errPolicyAttached
		case len(p.Versions) > 1:
			return errPolicyHasVersions
		}
		return del(tx, policiesTable, p.Account, p.Name)
	})
}
