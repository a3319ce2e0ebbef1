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

// infraRequest is EBS's identity-only session of an instance.
func infraRequest() *authz.Request {
	return authz.IdentityOnlySession("111122223333", "aws:ec2-infrastructure", "i-0123456789abcdef0", "eu-west-1",
		&authz.Scope{IssuerType: "AWS::EC2::Instance", CredentialsIssuedTo: "arn:aws:ec2:eu-west-1:111122223333:instance/i-0123456789abcdef0"}, time.Now())
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
		// aws:CalledVia lists only the services AWS records there: KMS
		// calling on the user's behalf is, EC2 is not.
		{"aws:CalledVia through KMS", `{"ForAnyValue:StringEquals":{"aws:CalledVia":"kms.amazonaws.com"}}`,
			userRequest().OnBehalf("kms.eu-west-1.amazonaws.com", "kms.amazonaws.com"), nil, nil, true},
		{"aws:CalledViaFirst and Last", `{"StringEquals":{"aws:CalledViaFirst":"dynamodb.amazonaws.com","aws:CalledViaLast":"kms.amazonaws.com"}}`,
			userRequest().OnBehalf("dynamodb.eu-west-1.amazonaws.com", "dynamodb.amazonaws.com").OnBehalf("kms.eu-west-1.amazonaws.com", "kms.amazonaws.com"), nil, nil, true},
		{"aws:CalledVia absent through EC2", `{"Null":{"aws:CalledVia":"true"}}`,
			userRequest().OnBehalf("ec2.eu-west-1.amazonaws.com", "ec2-frontend-api.amazonaws.com"), nil, nil, true},
		{"aws:CalledVia absent on a direct call", `{"Null":{"aws:CalledVia":"true","aws:CalledViaFirst":"true"}}`, userRequest(), nil, nil, true},
		{"aws:PrincipalIsAWSService of a user", `{"Bool":{"aws:PrincipalIsAWSService":"false"}}`, userRequest(), nil, nil, true},
		{"aws:PrincipalIsAWSService of a service", `{"Bool":{"aws:PrincipalIsAWSService":"true"}}`,
			authz.ServiceRequest("imagebuilder.amazonaws.com", "eu-west-1", time.Now()), nil, nil, true},
		{"aws:PrincipalServiceName", `{"StringEquals":{"aws:PrincipalServiceName":"imagebuilder.amazonaws.com"}}`,
			authz.ServiceRequest("imagebuilder.amazonaws.com", "eu-west-1", time.Now()), nil, nil, true},
		{"aws:PrincipalServiceName absent for a user", `{"Null":{"aws:PrincipalServiceName":"true"}}`, userRequest(), nil, nil, true},
		{"aws:SourceArn and aws:SourceAccount", `{"ArnLike":{"aws:SourceArn":"arn:aws:imagebuilder:eu-west-1:111122223333:image/*"},"StringEquals":{"aws:SourceAccount":"111122223333"}}`,
			authz.ServiceRequest("imagebuilder.amazonaws.com", "eu-west-1", time.Now()).ForResource("arn:aws:imagebuilder:eu-west-1:111122223333:image/r/1.0.0/1", "111122223333"), nil, nil, true},
		{"aws:SourceArn absent", `{"Null":{"aws:SourceArn":"true","aws:SourceAccount":"true"}}`, userRequest(), nil, nil, true},
		{"aws:userid absent for an identity-only session", `{"Null":{"aws:userid":"true"}}`, infraRequest(), nil, nil, true},
		{"aws:PrincipalArn of an identity-only session", `{"ArnEquals":{"aws:PrincipalArn":"arn:aws:iam::111122223333:role/aws:ec2-infrastructure"}}`, infraRequest(), nil, nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			az := authz.New(source{policies: []*policy.Policy{allowIf(t, tt.condition)}, tags: tt.tags}, authz.Options{})
			check := &authz.Check{Action: "s3:GetObject", Resource: "arn:aws:s3:::b/k", ResourceAccount: "111122223333", Context: policy.Keys(tt.service)}
			if tt.req.Credential == nil {
				// Services and identity-only sessions have no identity
				// policies: a resource policy open to all asks instead.
				p, err := policy.Parse(policy.Resource, "bucket policy", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"*","Condition":`+tt.condition+`}]}`)
				if err != nil {
					t.Fatal(err)
				}
				check.ResourcePolicy = p
			}
			d, err := az.Authorize(context.Background(), tt.req, check)
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
	az := authz.New(source{policies: []*policy.Policy{all}}, authz.Options{})
	d, err := az.Authorize(context.Background(), req, &authz.Check{Action: "s3:GetObject", Resource: "*", ResourceAccount: "111122223333"})
	if err != nil {
		t.Fatal(err)
	}
	if d.Allowed() || d.By != policy.SessionPolicy {
		t.Errorf("decision = %+v, want a denial by the session policy", d)
	}
}

// grantsOf is a grant source whose one grant allows the infrastructure
// session to decrypt; it counts its reads.
type grantsOf struct{ reads *int }

func (g grantsOf) Grants(context.Context) (policy.Grants, error) {
	*g.reads++
	return infraGrant{}, nil
}

type infraGrant struct{}

func (infraGrant) Allow(req *policy.Request, trace *[]policy.GrantTrace) (string, bool) {
	gt := policy.GrantTrace{ID: "g1", Grantee: "arn:aws:sts::111122223333:assumed-role/aws:ec2-infrastructure/i-0123456789abcdef0",
		Operations: []string{"Decrypt"}, OperationMatched: req.Action == "kms:Decrypt", ConstraintsHeld: true}
	gt.GranteeMatched = gt.Grantee == req.Principal.ARN
	if trace != nil {
		*trace = append(*trace, gt)
	}
	return gt.ID, gt.Allows()
}

// TestDecisionsAreKeptWithTheirTraces: every decision reaches the
// request's Decisions; a denial carries the engine's trace, the grants
// considered and the service's keys; an allow carries the deciding grant
// or statement, and its trace only when the Authorizer traces allows.
// Grants are read only when the policies implicitly deny.
func TestDecisionsAreKeptWithTheirTraces(t *testing.T) {
	keyPolicy, err := policy.Parse(policy.Key, "key policy", `{"Version":"2012-10-17","Statement":[{"Sid":"Root","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"kms:*","Resource":"*"}]}`)
	if err != nil {
		t.Fatal(err)
	}
	const key = "arn:aws:kms:eu-west-1:111122223333:key/k"
	for _, traceAllows := range []bool{false, true} {
		reads := 0
		az := authz.New(source{}, authz.Options{TraceAllows: traceAllows})
		check := func(action string) *authz.Check {
			return &authz.Check{Action: action, Resource: key, ResourceAccount: "111122223333", ResourcePolicy: keyPolicy,
				Mode: policy.ResourcePolicyRequired, Grants: grantsOf{&reads}, Context: policy.Keys{"kms:calleraccount": {"111122223333"}}}
		}
		req := infraRequest()
		req.Decisions = &authz.Decisions{}
		root := &authz.Request{Credential: &identity.Credential{Account: "111122223333", Kind: identity.KindRoot},
			Principal: policy.Principal{Type: policy.Root, Account: "111122223333", ARN: "arn:aws:iam::111122223333:root"},
			Decisions: req.Decisions}
		for _, step := range []struct {
			req     *authz.Request
			action  string
			allowed bool
		}{{req, "kms:Decrypt", true}, {req, "kms:Encrypt", false}, {root, "kms:DescribeKey", true}} {
			d, err := az.Authorize(context.Background(), step.req, check(step.action))
			if err != nil || d.Allowed() != step.allowed {
				t.Fatalf("%s: %+v, %v", step.action, d, err)
			}
		}
		if reads != 2 {
			t.Errorf("grants read %d times, want 2 (never for the root's allowed DescribeKey)", reads)
		}
		recs := req.Decisions.Records()
		if len(recs) != 3 {
			t.Fatalf("%d records", len(recs))
		}
		byGrant, denied, byPolicy := recs[0], recs[1], recs[2]
		if byGrant.By != policy.Grant || byGrant.GrantID != "g1" || byGrant.Principal != req.Principal.ARN || byGrant.Action != "kms:Decrypt" {
			t.Errorf("grant's allow: %+v", byGrant)
		}
		if (byGrant.Trace != nil) != traceAllows || (byPolicy.Trace != nil) != traceAllows {
			t.Errorf("TraceAllows=%v: allow traces %v %v", traceAllows, byGrant.Trace, byPolicy.Trace)
		}
		if denied.Allowed() || denied.Trace == nil || len(denied.Trace.Grants) != 1 || denied.Trace.Grants[0].OperationMatched ||
			len(denied.Trace.Policies) != 1 || denied.Conditions["kms:calleraccount"][0] != "111122223333" ||
			!denied.Lacking.Has(policy.IdentityBasedPolicy) {
			t.Errorf("denial: %+v trace %+v", denied, denied.Trace)
		}
		if got, ok := req.Decisions.Denial(); !ok || got.Action != "kms:Encrypt" {
			t.Errorf("Denial() = %+v, %v", got, ok)
		}
		if res := req.Decisions.Resources(); len(res) != 1 || res[0] != (authz.Resource{ARN: key, Account: "111122223333"}) {
			t.Errorf("resources = %+v", res)
		}
	}
}
