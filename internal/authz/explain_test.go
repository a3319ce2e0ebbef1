package authz_test

import (
	"testing"

	"github.com/amityhq/amity/internal/authz"
	"github.com/amityhq/amity/internal/policy"
)

func TestExplain(t *testing.T) {
	on := "kms:Decrypt on arn:aws:kms:us-east-1:111122223333:key/k: "
	for _, tt := range []struct {
		d    policy.Decision
		want string
	}{
		{policy.Decision{Effect: policy.Allow, By: policy.IdentityBasedPolicy}, ""},
		{policy.Decision{Effect: policy.ExplicitDeny, By: policy.ResourceBasedPolicy, Policy: "key policy", Statement: 2, Sid: "NoDecrypt"},
			on + `denied by statement "NoDecrypt" of the resource-based policy key policy`},
		{policy.Decision{Effect: policy.ExplicitDeny, By: policy.IdentityBasedPolicy, Policy: "user/dev inline p", Statement: 2},
			on + "denied by statement #3 of the identity-based policy user/dev inline p"},
		{policy.Decision{Effect: policy.ImplicitDeny, By: policy.ResourceBasedPolicy,
			Lacking: policy.PolicyTypes(0).With(policy.ResourceBasedPolicy).With(policy.IdentityBasedPolicy)},
			on + "no resource-based policy and no identity-based policy allows it"},
		{policy.Decision{Effect: policy.ImplicitDeny, By: policy.PermissionsBoundary}, on + "no permissions boundary allows it"},
		{policy.Decision{Effect: policy.ImplicitDeny}, on + "no policy allows it"},
	} {
		rec := authz.Record{Action: "kms:Decrypt", Resource: "arn:aws:kms:us-east-1:111122223333:key/k", Decision: tt.d}
		if got := rec.Explain(); got != tt.want {
			t.Errorf("%+v:\n got %q\nwant %q", tt.d, got, tt.want)
		}
	}
}
