package cloudtrail

import (
	"context"

	"github.com/amityhq/amity/internal/api/cloudtrailapi"
	"github.com/amityhq/amity/internal/authz"
)

// caller is who a CloudTrail operation runs for: CloudTrail's resources
// are the caller's account's, in the Region of the request.
type caller struct {
	req             *authz.Request
	account, region string
}

func callerOf(ctx context.Context) *caller {
	req := authz.FromContext(ctx)
	return &caller{req: req, account: req.Principal.Account, region: req.Region}
}

// allow authorizes action on resource (a trail's ARN, or "*" for the
// operations that name none). A denial is AccessDeniedException with
// IAM's text and reason; without a resource the text names none ("User:
// arn:aws:iam::ACCT:user/test is not authorized to perform:
// cloudtrail:LookupEvents because no identity-based policy allows the
// cloudtrail:LookupEvents action", a user's botocore log).
func (s *Service) allow(ctx context.Context, c *caller, action, resource string) error {
	check := &authz.Check{Action: action, Resource: resource, ResourceAccount: c.account}
	d, err := s.authz.Authorize(ctx, c.req, check)
	if err != nil || d.Allowed() {
		return err
	}
	msg := "User: " + c.req.Principal.ARN + " is not authorized to perform: " + action + d.Reason(action)
	if resource != "*" {
		msg = authz.DeniedMessage(c.req.Principal.ARN, check, d, true)
	}
	return cloudtrailapi.AccessDeniedException(msg)
}
