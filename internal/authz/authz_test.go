package authz_test

import (
	"context"
	"testing"
	"time"

	"github.com/amityhq/amity/internal/authz"
	"github.com/amityhq/amity/internal/identity"
	"github.com/amityhq/amity/internal/policy"
)

// source gives every principal the same identity policies and tags.
type source struct {
	policies []*policy.Policy
	tags     map[string]string
}

func (s source) IdentityPolicies(context.Context, *identity.Credential) (*authz.IdentityPolicies, error) {
	return &authz.IdentityPolicies{Policies: s.policies, Tags: s.tags}, nil
}

func allowIf(t *testing.T, condition string) *policy.Policy {
	t.Helper()
	p, err := policy.Parse(policy.Identity, "test", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":`+condition+`}]}`)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func userRequest() *authz.Request {
	c := &identity.Credential{AccessKeyID: "AKIAEXAMPLE", Account: "111122223333", Kind: identity.KindUser,
		UserName: "alice", UserID: "AIDAEXAMPLEALICE", UserPath: "/"}
	return &authz.Request{Credential: c, Principal: c.Principal(), Region: "eu-west-1", SourceIP: "203.0.113.7",
		Time: time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC)}
}

func sessionRequest() *authz.Request {
	c := &identity.Credential{AccessKeyID: "ASIAEXAMPLE", Account: "111122223333", Kind: identity.KindSession,
		Session: &identity.Session{RoleName: "dev", RolePath: "/", RoleID: "AROAEXAMPLEDEV", SessionName: "s1"}}
	return &authz.Request{Credential: c, Principal: c.Principal(), Region: "eu-west-1", Time: time.Now()}
}

// TestGlobalConditionKeys checks each key authz supplies, through the
// engine, by a policy that allows only when the key has the expected value.
func TestGlobalConditionKeys(t *testing.T) {
	tests := []struct {
		name      string
		condition string
		req       *authz.Request
		service   map[string][]string
		tags      map[string]string
		want      bool
	}{
		{"aws:SourceIp", `{"IpAddress":{"aws:SourceIp":"203.0.113.0/24"}}`, userRequest(), nil, nil, true},
		{"aws:SourceIp absent through a service", `{"IpAddress":{"aws:SourceIp":"203.0.113.0/24"}}`,
			userRequest().OnBehalf("ec2.eu-west-1.amazonaws.com", "ec2-frontend-api.amazonaws.com"), nil, nil, false},
		{"aws:ViaAWSService", `{"Bool":{"aws:ViaAWSService":"true"}}`,
			userRequest().OnBehalf("ec2.eu-west-1.amazonaws.com", "ec2-frontend-api.amazonaws.com"), nil, nil, true},
		{"aws:RequestedRegion", `{"StringEquals":{"aws:RequestedRegion":"eu-west-1"}}`, userRequest(), nil, nil, true},
		{"aws:username", `{"StringEquals":{"aws:username":"alice"}}`, userRequest(), nil, nil, true},
		{"aws:userid of a user", `{"StringEquals":{"aws:userid":"AIDAEXAMPLEALICE"}}`, userRequest(), nil, nil, true},
		{"aws:userid of a session", `{"StringEquals":{"aws:userid":"AROAEXAMPLEDEV:s1"}}`, sessionRequest(), nil, nil, true},
		{"aws:username absent for a session", `{"Null":{"aws:username":"true"}}`, sessionRequest(), nil, nil, true},
		{"aws:PrincipalArn of a user", `{"ArnEquals":{"aws:PrincipalArn":"arn:aws:iam::111122223333:user/alice"}}`, userRequest(), nil, nil, true},
		{"aws:PrincipalArn of a session is its role", `{"ArnEquals":{"aws:PrincipalArn":"arn:aws:iam::111122223333:role/dev"}}`, sessionRequest(), nil, nil, true},
		{"aws:PrincipalType", `{"StringEquals":{"aws:PrincipalType":"AssumedRole"}}`, sessionRequest(), nil, nil, true},
		{"aws:PrincipalAccount", `{"StringEquals":{"aws:PrincipalAccount":"111122223333"}}`, userRequest(), nil, nil, true},
		{"aws:CurrentTime", `{"DateGreaterThan":{"aws:CurrentTime":"2026-11-24T09:00:00Z"}}`, userRequest(), nil, nil, true},
		{"aws:EpochTime", `{"NumericLessThan":{"aws:EpochTime":"1700000000"}}`, userRequest(), nil, nil, false},
		{"aws:SecureTransport over HTTP", `{"Bool":{"aws:SecureTransport":"true"}}`, userRequest(), nil, nil, false},
		{"aws:PrincipalTag, key in another case", `{"StringEquals":{"aws:PrincipalTag/Team":"blue"}}`, userRequest(), nil, map[string]string{"team": "blue"}, true},
		{"service key", `{"StringEquals":{"kms:ViaService":"ec2.eu-west-1.amazonaws.com"}}`, userRequest(),
			map[string][]string{"kms:viaservice": {"ec2.eu-west-1.amazonaws.com"}}, nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			az := authz.New(source{policies: []*policy.Policy{allowIf(t, tt.condition)}, tags: tt.tags})
			check := &authz.Check{Action: "s3:GetObject", Resource: "arn:aws:s3:::b/k", ResourceAccount: "111122223333", Context: tt.service}
			d, err := az.Authorize(context.Background(), tt.req, check, nil)
			if err != nil {
				t.Fatal(err)
			}
			if d.Allowed() != tt.want {
				t.Errorf("allowed = %v, want %v (%+v)", d.Allowed(), tt.want, d)
			}
		})
	}
}

func TestDeniedMessage(t *testing.T) {
	check := &authz.Check{Action: "kms:CreateGrant", Resource: "arn:aws:kms:eu-west-1:123456789012:key/k"}
	d := policy.Decision{Effect: policy.ImplicitDeny, By: policy.IdentityBasedPolicy}
	want := "User: arn:aws:iam::123456789012:user/test is not authorized to perform: kms:CreateGrant on resource: arn:aws:kms:eu-west-1:123456789012:key/k"
	if got := authz.DeniedMessage("arn:aws:iam::123456789012:user/test", check, d, false); got != want {
		t.Errorf("without reason: %q", got)
	}
	if got := authz.DeniedMessage("arn:aws:iam::123456789012:user/test", check, d, true); got != want+" because no identity-based policy allows the kms:CreateGrant action" {
		t.Errorf("with reason: %q", got)
	}
}

func TestSessionPoliciesLimit(t *testing.T) {
	req := sessionRequest()
	req.Credential.Session.SessionPolicies = []string{`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:ListBucket","Resource":"*"}]}`}
	all, _ := policy.Parse(policy.Identity, "all", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`)
	az := authz.New(source{policies: []*policy.Policy{all}})
	d, err := az.Authorize(context.Background(), req, &authz.Check{Action: "s3:GetObject", Resource: "*", ResourceAccount: "111122223333"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if d.Allowed() || d.By != policy.SessionPolicy {
		t.Errorf("decision = %+v, want a denial by the session policy", d)
	}
}
