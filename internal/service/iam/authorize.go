package iam

import (
	"context"

	"github.com/amityhq/amity/internal/api/iamapi"
	"github.com/amityhq/amity/internal/authz"
	"github.com/amityhq/amity/internal/policy"
)

// caller is who an IAM operation runs for. IAM resources always live in
// the caller's own account.
type caller struct {
	req     *authz.Request
	account string
}

func callerOf(ctx context.Context) *caller {
	req := authz.FromContext(ctx)
	return &caller{req: req, account: req.Principal.Account}
}

// allow authorizes action on resource, owned by the caller's account. A
// denial is AccessDenied with AWS's text and reason, naming resource.
func (s *Service) allow(ctx context.Context, c *caller, action, resource string, conditions map[string][]string) error {
	return s.allowAs(ctx, c, action, resource, resource, c.account, conditions)
}

// allowAs authorizes action on resource owned by account; a denial names
// the resource as shown. AWS names an existing-kind entity by kind and
// name ("role x", "instance profile p", "policy ARN") and a new one by
// ARN [public captures of IAM AccessDenied messages, 2023-2026]. A managed
// policy of AWS's or of another account is someone else's resource, which
// no policy of the caller's can open to writes.
func (s *Service) allowAs(ctx context.Context, c *caller, action, resource, shown, account string, conditions map[string][]string) error {
	check := &authz.Check{Action: action, Resource: resource, ResourceAccount: account, Context: policy.Keys(conditions)}
	return s.decide(ctx, c, check, shown)
}

// allowEntity authorizes action on the entity of kind k named name, at
// its path when it exists (AWS decides access before it reveals whether
// the entity exists), naming it "user name" in a denial.
func (s *Service) allowEntity(ctx context.Context, c *caller, k *kind, name, action string, conditions map[string][]string) error {
	arn, err := s.entityARN(ctx, k, c.account, name)
	if err != nil {
		return err
	}
	return s.allowAs(ctx, c, action, arn, k.display+" "+name, c.account, conditions)
}

// decide runs check; shown is the resource the denial names, which for a
// few operations is not an ARN ("policy path /" for ListPolicies).
func (s *Service) decide(ctx context.Context, c *caller, check *authz.Check, shown string) error {
	d, err := s.authz.Authorize(ctx, c.req, check)
	if err != nil {
		return err
	}
	if d.Allowed() {
		return nil
	}
	named := *check
	named.Resource = shown
	return accessDenied(authz.DeniedMessage(c.req.Principal.ARN, &named, d, true))
}

// accessDenied is IAM's refusal: AccessDenied, HTTP 403.
func accessDenied(message string) error {
	return iamapi.AccessDenied(message)
}
