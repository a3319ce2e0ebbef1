package iam

import (
	"context"
	"errors"
	"slices"
	"strings"

	"github.com/amityhq/amity/internal/api/iamapi"
	"github.com/amityhq/amity/internal/store"
)

// maxAttached is IAM's default quota of managed policies per entity.
const maxAttached = 10

// AttachUserPolicy attaches a managed policy to a user.
func (s *Service) AttachUserPolicy(ctx context.Context, in *iamapi.AttachUserPolicyInput) (*iamapi.AttachUserPolicyOutput, error) {
	return nil, s.attach(ctx, userKind, *in.UserName, *in.PolicyArn)
}

// AttachGroupPolicy attaches a managed policy to a group.
func (s *Service) AttachGroupPolicy(ctx context.Context, in *iamapi.AttachGroupPolicyInput) (*iamapi.AttachGroupPolicyOutput, error) {
	return nil, s.attach(ctx, groupKind, *in.GroupName, *in.PolicyArn)
}

// AttachRolePolicy attaches a managed policy to a role.
func (s *Service) AttachRolePolicy(ctx context.Context, in *iamapi.AttachRolePolicyInput) (*iamapi.AttachRolePolicyOutput, error) {
	return nil, s.attach(ctx, roleKind, *in.RoleName, *in.PolicyArn)
}

// attach attaches the managed policy at arn (AWS's or the account's) to
// an entity: ValidationError for what is no policy ARN, NoSuchEntity for a
// policy that does not exist, PolicyNotAttachable for AWS's service-role
// policies, LimitExceeded beyond ten. Attaching twice changes nothing.
func (s *Service) attach(ctx context.Context, k *kind, name, arn string) error {
	c := callerOf(ctx)
	if err := checkAttachARN(arn); err != nil {
		return err
	}
	return s.changePolicies(ctx, c, k, name, "iam:Attach"+k.title+"Policy", policyCondition(arn),
		func(tx store.Tx, r record) error {
			p, err := lookupPolicy(tx, arn)
			switch {
			case errors.Is(err, errNotFound) || err == nil && p.Account != awsAccount && p.Account != c.account:
				return unattachablePolicy(arn)
			case err != nil:
				return err
			case serviceRolePolicy(p):
				return errServiceRolePolicy
			}
			e := r.base()
			if slices.Contains(e.Attached, arn) {
				return nil
			}
			if len(e.Attached) >= maxAttached {
				return attachQuota(k.attachQuota)
			}
			e.Attached = append(e.Attached, arn)
			return nil
		})
}

// DetachUserPolicy detaches a managed policy from a user.
func (s *Service) DetachUserPolicy(ctx context.Context, in *iamapi.DetachUserPolicyInput) (*iamapi.DetachUserPolicyOutput, error) {
	return nil, s.detach(ctx, userKind, *in.UserName, *in.PolicyArn)
}

// DetachGroupPolicy detaches a managed policy from a group.
func (s *Service) DetachGroupPolicy(ctx context.Context, in *iamapi.DetachGroupPolicyInput) (*iamapi.DetachGroupPolicyOutput, error) {
	return nil, s.detach(ctx, groupKind, *in.GroupName, *in.PolicyArn)
}

// DetachRolePolicy detaches a managed policy from a role.
func (s *Service) DetachRolePolicy(ctx context.Context, in *iamapi.DetachRolePolicyInput) (*iamapi.DetachRolePolicyOutput, error) {
	return nil, s.detach(ctx, roleKind, *in.RoleName, *in.PolicyArn)
}

// detach detaches the policy at arn; NoSuchEntity ("Policy ARN was not
// found.") when the entity does not have it.
func (s *Service) detach(ctx context.Context, k *kind, name, arn string) error {
	c := callerOf(ctx)
	if err := checkAttachARN(arn); err != nil {
		return err
	}
	return s.changePolicies(ctx, c, k, name, "iam:Detach"+k.title+"Policy", policyCondition(arn),
		func(_ store.Tx, r record) error {
			e := r.base()
			i := slices.Index(e.Attached, arn)
			if i < 0 {
				return policyNotAttached(arn)
			}
			e.Attached = slices.Delete(e.Attached, i, i+1)
			return nil
		})
}

// policyCondition is the iam:PolicyARN condition key of attach and detach.
func policyCondition(arn string) map[string][]string {
	return map[string][]string{"iam:policyarn": {arn}}
}

// ListAttachedUserPolicies lists the managed policies attached to a user.
func (s *Service) ListAttachedUserPolicies(ctx context.Context, in *iamapi.ListAttachedUserPoliciesInput) (*iamapi.ListAttachedUserPoliciesOutput, error) {
	p, err := s.listAttached(ctx, userKind, *in.UserName, in.PathPrefix, in.Marker, in.MaxItems)
	if err != nil {
		return nil, err
	}
	return &iamapi.ListAttachedUserPoliciesOutput{AttachedPolicies: p.items, IsTruncated: p.truncated, Marker: p.marker}, nil
}

// ListAttachedGroupPolicies lists the managed policies attached to a group.
func (s *Service) ListAttachedGroupPolicies(ctx context.Context, in *iamapi.ListAttachedGroupPoliciesInput) (*iamapi.ListAttachedGroupPoliciesOutput, error) {
	p, err := s.listAttached(ctx, groupKind, *in.GroupName, in.PathPrefix, in.Marker, in.MaxItems)
	if err != nil {
		return nil, err
	}
	return &iamapi.ListAttachedGroupPoliciesOutput{AttachedPolicies: p.items, IsTruncated: p.truncated, Marker: p.marker}, nil
}

// ListAttachedRolePolicies lists the managed policies attached to a role.
func (s *Service) ListAttachedRolePolicies(ctx context.Context, in *iamapi.ListAttachedRolePoliciesInput) (*iamapi.ListAttachedRolePoliciesOutput, error) {
	p, err := s.listAttached(ctx, roleKind, *in.RoleName, in.PathPrefix, in.Marker, in.MaxItems)
	if err != nil {
		return nil, err
	}
	return &iamapi.ListAttachedRolePoliciesOutput{AttachedPolicies: p.items, IsTruncated: p.truncated, Marker: p.marker}, nil
}

// listAttached pages an entity's attached policies whose path starts
// with prefix, in attachment order.
func (s *Service) listAttached(ctx context.Context, k *kind, name string, prefix, marker *string, maxItems *int32) (page[iamapi.AttachedPolicy], error) {
	r, err := s.readEntity(ctx, callerOf(ctx), k, name, "iam:ListAttached"+k.title+"Policies")
	if err != nil {
		return page[iamapi.AttachedPolicy]{}, err
	}
	arns := slices.DeleteFunc(slices.Clone(r.base().Attached), func(arn string) bool {
		_, path, _, _ := splitPolicyARN(arn)
		return !strings.HasPrefix(path, pathOr(prefix))
	})
	return paginate(attachedShapes(arns), marker, maxItems)
}
