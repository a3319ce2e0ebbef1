package iam

import (
	"context"

	"github.com/amityhq/amity/internal/api/iamapi"
	"github.com/amityhq/amity/internal/policy"
	"github.com/amityhq/amity/internal/store"
)

// PutUserPolicy embeds (or replaces) an inline policy in a user.
func (s *Service) PutUserPolicy(ctx context.Context, in *iamapi.PutUserPolicyInput) (*iamapi.PutUserPolicyOutput, error) {
	return nil, s.putInline(ctx, userKind, *in.UserName, *in.PolicyName, *in.PolicyDocument)
}

// PutGroupPolicy embeds (or replaces) an inline policy in a group.
func (s *Service) PutGroupPolicy(ctx context.Context, in *iamapi.PutGroupPolicyInput) (*iamapi.PutGroupPolicyOutput, error) {
	return nil, s.putInline(ctx, groupKind, *in.GroupName, *in.PolicyName, *in.PolicyDocument)
}

// PutRolePolicy embeds (or replaces) an inline policy in a role.
func (s *Service) PutRolePolicy(ctx context.Context, in *iamapi.PutRolePolicyInput) (*iamapi.PutRolePolicyOutput, error) {
	return nil, s.putInline(ctx, roleKind, *in.RoleName, *in.PolicyName, *in.PolicyDocument)
}

// putInline validates doc as an inline identity policy and stores it
// under policyName: MalformedPolicyDocument with the engine's text, and
// LimitExceeded when the entity's inline policies together pass its quota
// (2,048 characters for users, 5,120 for groups, 10,240 for roles).
func (s *Service) putInline(ctx context.Context, k *kind, name, policyName, doc string) error {
	c := callerOf(ctx)
	return s.changePolicies(ctx, c, k, name, "iam:Put"+k.title+"Policy", nil, func(_ store.Tx, r record) error {
		e := r.base()
		if _, err := s.parseDocument(policy.Inline, k.noun+"/"+e.Name+" inline "+policyName, doc); err != nil {
			return err
		}
		size := policy.Size(doc)
		for n, other := range e.Inline {
			if n != policyName {
				size += policy.Size(other)
			}
		}
		if size > k.inlineQuota {
			return inlinePolicySize(k.noun, e.Name, k.inlineQuota)
		}
		if e.Inline == nil {
			e.Inline = map[string]string{}
		}
		e.Inline[policyName] = doc
		return nil
	})
}

// GetUserPolicy returns a user's inline policy, URL-encoded.
func (s *Service) GetUserPolicy(ctx context.Context, in *iamapi.GetUserPolicyInput) (*iamapi.GetUserPolicyOutput, error) {
	e, doc, err := s.getInline(ctx, userKind, *in.UserName, *in.PolicyName)
	if err != nil {
		return nil, err
	}
	return &iamapi.GetUserPolicyOutput{UserName: new(e.Name), PolicyName: in.PolicyName, PolicyDocument: new(doc)}, nil
}

// GetGroupPolicy returns a group's inline policy, URL-encoded.
func (s *Service) GetGroupPolicy(ctx context.Context, in *iamapi.GetGroupPolicyInput) (*iamapi.GetGroupPolicyOutput, error) {
	e, doc, err := s.getInline(ctx, groupKind, *in.GroupName, *in.PolicyName)
	if err != nil {
		return nil, err
	}
	return &iamapi.GetGroupPolicyOutput{GroupName: new(e.Name), PolicyName: in.PolicyName, PolicyDocument: new(doc)}, nil
}

// GetRolePolicy returns a role's inline policy, URL-encoded.
func (s *Service) GetRolePolicy(ctx context.Context, in *iamapi.GetRolePolicyInput) (*iamapi.GetRolePolicyOutput, error) {
	e, doc, err := s.getInline(ctx, roleKind, *in.RoleName, *in.PolicyName)
	if err != nil {
		return nil, err
	}
	return &iamapi.GetRolePolicyOutput{RoleName: new(e.Name), PolicyName: in.PolicyName, PolicyDocument: new(doc)}, nil
}

// getInline returns the entity and its URL-encoded inline policy;
// NoSuchEntity "The user policy with name x cannot be found." when it has
// none of that name.
func (s *Service) getInline(ctx context.Context, k *kind, name, policyName string) (*Entity, string, error) {
	r, err := s.readEntity(ctx, callerOf(ctx), k, name, "iam:Get"+k.title+"Policy")
	if err != nil {
		return nil, "", err
	}
	e := r.base()
	doc, ok := e.Inline[policyName]
	if !ok {
		return nil, "", noSuchInlinePolicy(k.noun, policyName)
	}
	return e, urlEncode(doc), nil
}

// ListUserPolicies lists the names of a user's inline policies.
func (s *Service) ListUserPolicies(ctx context.Context, in *iamapi.ListUserPoliciesInput) (*iamapi.ListUserPoliciesOutput, error) {
	p, err := s.listInline(ctx, userKind, *in.UserName, in.Marker, in.MaxItems)
	if err != nil {
		return nil, err
	}
	return &iamapi.ListUserPoliciesOutput{PolicyNames: p.items, IsTruncated: p.truncated, Marker: p.marker}, nil
}

// ListGroupPolicies lists the names of a group's inline policies.
func (s *Service) ListGroupPolicies(ctx context.Context, in *iamapi.ListGroupPoliciesInput) (*iamapi.ListGroupPoliciesOutput, error) {
	p, err := s.listInline(ctx, groupKind, *in.GroupName, in.Marker, in.MaxItems)
	if err != nil {
		return nil, err
	}
	return &iamapi.ListGroupPoliciesOutput{PolicyNames: p.items, IsTruncated: p.truncated, Marker: p.marker}, nil
}

// ListRolePolicies lists the names of a role's inline policies.
func (s *Service) ListRolePolicies(ctx context.Context, in *iamapi.ListRolePoliciesInput) (*iamapi.ListRolePoliciesOutput, error) {
	p, err := s.listInline(ctx, roleKind, *in.RoleName, in.Marker, in.MaxItems)
	if err != nil {
		return nil, err
	}
	return &iamapi.ListRolePoliciesOutput{PolicyNames: p.items, IsTruncated: p.truncated, Marker: p.marker}, nil
}

func (s *Service) listInline(ctx context.Context, k *kind, name string, marker *string, maxItems *int32) (page[string], error) {
	r, err := s.readEntity(ctx, callerOf(ctx), k, name, "iam:List"+k.title+"Policies")
	if err != nil {
		return page[string]{}, err
	}
	return paginate(sortedNames(r.base().Inline), marker, maxItems)
}

// DeleteUserPolicy deletes a user's inline policy.
func (s *Service) DeleteUserPolicy(ctx context.Context, in *iamapi.DeleteUserPolicyInput) (*iamapi.DeleteUserPolicyOutput, error) {
	return nil, s.deleteInline(ctx, userKind, *in.UserName, *in.PolicyName)
}

// DeleteGroupPolicy deletes a group's inline policy.
func (s *Service) DeleteGroupPolicy(ctx context.Context, in *iamapi.DeleteGroupPolicyInput) (*iamapi.DeleteGroupPolicyOutput, error) {
	return nil, s.deleteInline(ctx, groupKind, *in.GroupName, *in.PolicyName)
}

// DeleteRolePolicy deletes a role's inline policy.
func (s *Service) DeleteRolePolicy(ctx context.Context, in *iamapi.DeleteRolePolicyInput) (*iamapi.DeleteRolePolicyOutput, error) {
	return nil, s.deleteInline(ctx, roleKind, *in.RoleName, *in.PolicyName)
}

func (s *Service) deleteInline(ctx context.Context, k *kind, name, policyName string) error {
	return s.changePolicies(ctx, callerOf(ctx), k, name, "iam:Delete"+k.title+"Policy", nil,
		func(_ store.Tx, r record) error {
			e := r.base()
			if _, ok := e.Inline[policyName]; !ok {
				return noSuchInlinePolicy(k.noun, policyName)
			}
			delete(e.Inline, policyName)
			return nil
		})
}
