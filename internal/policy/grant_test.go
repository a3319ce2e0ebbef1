package policy_test

import (
	"slices"
	"testing"

	"github.com/amityhq/amity/internal/policy"
)

// grantsOf is a Grants that allows the callers its grants name for their
// operations; constraints hold when the request's context has ok=true.
type grantsOf []policy.GrantTrace

func (gs grantsOf) Allow(req *policy.Request, trace *[]policy.GrantTrace) (string, bool) {
	for _, g := range gs {
		g.GranteeMatched = g.Grantee == req.Principal.ARN || g.Grantee == req.Principal.IssuerARN
		g.OperationMatched = slices.Contains(g.Operations, req.Action)
		g.ConstraintsHeld = slices.Equal(req.Context.Values("ok"), []string{"true"})
		if trace != nil {
			*trace = append(*trace, g)
		}
		if g.Allows() {
			return g.ID, true
		}
	}
	return "", false
}

// TestGrantsAllowOnlyWhatThePoliciesImplicitlyDeny: grants are part of
// the engine's decision and trace; they never lift an explicit deny or an
// SCP's denial (AWS_TEXTS.md §9 and correction 12: grants "allow access,
// but not deny it").
func TestGrantsAllowOnlyWhatThePoliciesImplicitlyDeny(t *testing.T) {
	infra := session(acctA, "aws:ec2-infrastructure", "i-0123456789abcdef0")
	keyARN := "arn:aws:kms:us-east-1:" + acctA + ":key/1234abcd-12ab-34cd-56ef-1234567890ab"
	grants := grantsOf{
		{ID: "g-other", Grantee: "arn:aws:iam::" + acctA + ":user/someone", Operations: []string{"kms:Decrypt"}},
		{ID: "g-infra", Grantee: infra.ARN, Operations: []string{"kms:Decrypt"}},
	}
	delegating := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::` + acctA + `:root"},"Action":"kms:*","Resource":"*"}]}`
	denyingInfra := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::` + acctA + `:root"},"Action":"kms:*","Resource":"*"},
		{"Sid":"NoInfra","Effect":"Deny","Principal":"*","Action":"kms:Decrypt","Resource":"*","Condition":{"StringLike":{"aws:PrincipalArn":"*ec2-infrastructure*"}}}]}`
	denyAllSCP := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ec2:*","Resource":"*"}]}`
	tests := []struct {
		name       string
		keyPolicy  string
		scps       []string
		ok         string
		action     string
		want       policy.Decision
		considered []string
	}{
		{name: "grant allows", keyPolicy: delegating, ok: "true", action: "kms:Decrypt",
			want: policy.Decision{Effect: policy.Allow, By: policy.Grant, GrantID: "g-infra"}, considered: []string{"g-other", "g-infra"}},
		{name: "constraints fail", keyPolicy: delegating, ok: "false", action: "kms:Decrypt",
			want:       policy.Decision{Effect: policy.ImplicitDeny, By: policy.IdentityBasedPolicy, Lacking: policy.PolicyTypes(0).With(policy.IdentityBasedPolicy)},
			considered: []string{"g-other", "g-infra"}},
		{name: "operation not granted", keyPolicy: delegating, ok: "true", action: "kms:Encrypt",
			want:       policy.Decision{Effect: policy.ImplicitDeny, By: policy.IdentityBasedPolicy, Lacking: policy.PolicyTypes(0).With(policy.IdentityBasedPolicy)},
			considered: []string{"g-other", "g-infra"}},
		{name: "explicit deny beats the grant", keyPolicy: denyingInfra, ok: "true", action: "kms:Decrypt",
			want: policy.Decision{Effect: policy.ExplicitDeny, By: policy.ResourceBasedPolicy, Policy: "test", Statement: 1, Sid: "NoInfra"}},
		{name: "an SCP beats the grant", keyPolicy: delegating, scps: []string{denyAllSCP}, ok: "true", action: "kms:Decrypt",
			want: policy.Decision{Effect: policy.ImplicitDeny, By: policy.ServiceControlPolicy, Lacking: policy.PolicyTypes(0).With(policy.ServiceControlPolicy)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ps := &policy.Policies{Mode: policy.ResourcePolicyRequired, Resource: mustParse(t, policy.Key, tt.keyPolicy), Grants: grants}
			for _, d := range tt.scps {
				ps.SCPs = append(ps.SCPs, mustParse(t, policy.SCP, d))
			}
			req := &policy.Request{Principal: infra, Action: tt.action, Resource: keyARN, ResourceAccount: acctA,
				Context: ctx("aws:PrincipalArn", infra.IssuerARN, "ok", tt.ok)}
			var trace policy.Trace
			d := policy.Evaluate(req, ps, &trace)
			if d != tt.want {
				t.Errorf("decision = %+v, want %+v", d, tt.want)
			}
			if plain := policy.Evaluate(req, ps, nil); plain != d {
				t.Errorf("without a trace: %+v", plain)
			}
			var ids []string
			for _, g := range trace.Grants {
				ids = append(ids, g.ID)
			}
			if !slices.Equal(ids, tt.considered) {
				t.Errorf("grants considered = %v, want %v", ids, tt.considered)
			}
		})
	}
}

// TestLackingNamesEveryPolicyTypeThatDidNotAllow: the decision names the
// one type AWS's message names (By) and lists every type whose allow was
// needed, which is what an explanation of the denial must show.
func TestLackingNamesEveryPolicyTypeThatDidNotAllow(t *testing.T) {
	keyARN := "arn:aws:kms:us-east-1:" + acctA + ":key/k"
	allowKMS := allowDoc("kms:Decrypt", "*")
	allowS3 := allowDoc("s3:GetObject", "*")
	namingNobody := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::` + acctA + `:user/other"},"Action":"kms:*","Resource":"*"}]}`
	delegating := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::` + acctB + `:root"},"Action":"kms:*","Resource":"*"}]}`
	types := func(ts ...policy.PolicyType) []policy.PolicyType { return ts }
	tests := []struct {
		name      string
		principal *policy.Principal
		keyPolicy string
		identity  []string
		boundary  string
		by        policy.PolicyType
		lacking   []policy.PolicyType
	}{
		{"key policy names nobody, identity would allow", user(acctA, "u"), namingNobody, []string{allowKMS}, "",
			policy.ResourceBasedPolicy, types(policy.ResourceBasedPolicy)},
		{"key policy names nobody, identity would not allow either", user(acctA, "u"), namingNobody, []string{allowS3}, "",
			policy.ResourceBasedPolicy, types(policy.ResourceBasedPolicy, policy.IdentityBasedPolicy)},
		{"cross-account: shared, identity lacking", user(acctB, "u"), delegating, []string{allowS3}, "",
			policy.IdentityBasedPolicy, types(policy.IdentityBasedPolicy)},
		{"cross-account: shared, boundary lacking", user(acctB, "u"), delegating, []string{allowKMS}, allowS3,
			policy.PermissionsBoundary, types(policy.PermissionsBoundary)},
		{"cross-account: identity and boundary lacking", user(acctB, "u"), delegating, nil, allowS3,
			policy.IdentityBasedPolicy, types(policy.IdentityBasedPolicy, policy.PermissionsBoundary)},
		{"a service names no policies of its own", service("ec2.amazonaws.com"), namingNobody, nil, "",
			policy.ResourceBasedPolicy, types(policy.ResourceBasedPolicy)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ps := &policy.Policies{Mode: policy.ResourcePolicyRequired, Resource: mustParse(t, policy.Key, tt.keyPolicy)}
			for _, d := range tt.identity {
				ps.Identity = append(ps.Identity, mustParse(t, policy.Identity, d))
			}
			if tt.boundary != "" {
				ps.Boundary = mustParse(t, policy.Identity, tt.boundary)
			}
			d := policy.Evaluate(&policy.Request{Principal: tt.principal, Action: "kms:Decrypt", Resource: keyARN, ResourceAccount: acctA}, ps, nil)
			if d.Effect != policy.ImplicitDeny || d.By != tt.by || !slices.Equal(d.Lacking.List(), tt.lacking) {
				t.Errorf("decision = %+v (lacking %v), want by %v lacking %v", d, d.Lacking.List(), tt.by, tt.lacking)
			}
		})
	}
}
