package authz

import "github.com/amityhq/amity/internal/policy"

// DeniedMessage is AWS's AccessDenied text:
//
//	User: ARN is not authorized to perform: ACTION on resource: RESOURCE
//
// followed, when withReason is set, by the decision's reason ("because no
// identity-based policy allows the ACTION action"). Services choose: KMS,
// IAM and EC2 append the reason today; STS's AssumeRole does not.
func DeniedMessage(principalARN string, check *Check, d policy.Decision, withReason bool) string {
	msg := "User: " + principalARN + " is not authorized to perform: " + check.Action +
		" on resource: " + check.Resource
	if withReason {
		msg += d.Reason(check.Action)
	}
	return msg
}
