package imagebuilder

import (
	"context"

	"github.com/amityhq/amity/internal/api/imagebuilderapi"
	"github.com/amityhq/amity/internal/authz"
	"github.com/amityhq/amity/internal/policy"
)

// authorize decides action on resource (an ARN, or "*") for req, with the
// service's condition keys; a denial is AccessDeniedException (HTTP 403)
// with AWS's text and reason.
func (s *Service) authorize(ctx context.Context, req *authz.Request, action, resource string, conditions map[string][]string) error {
	check := &authz.Check{Action: action, Resource: resource, ResourceAccount: req.Principal.Account, Context: policy.Keys(conditions)}
	d, err := s.authz.Authorize(ctx, req, check)
	if err != nil {
		return err
	}
	if !d.Allowed() {
		return imagebuilderapi.AccessDeniedException(authz.DeniedMessage(req.Principal.ARN, check, d, true))
	}
	return nil
}
