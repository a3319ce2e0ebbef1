package sts

import (
	"github.com/amityhq/amity/internal/authz"
	"github.com/amityhq/amity/internal/policy"
)

// refuseFederated refuses a federated user session an STS operation
// other than GetCallerIdentity ("You cannot call any STS operations
// except GetCallerIdentity" [STS API reference, GetFederationToken]),
// whatever its policies allow. UNVERIFIED text: amity words the refusal
// as a denial of action on resource.
func refuseFederated(req *authz.Request, action, resource string) error {
	if req.Principal.Type != policy.FederatedUser {
		return nil
	}
	check := &authz.Check{Action: action, Resource: resource}
	return accessDenied(authz.DeniedMessage(req.Principal.ARN, check, policy.Decision{}, false))
}
