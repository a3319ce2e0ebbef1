package policy_test

import (
	"testing"

	"github.com/amityhq/amity/internal/policy"
)

// evalCase is one request against one set of policy documents. Documents
// are parsed with the kinds their slot implies.
type evalCase struct {
	name      string
	principal *policy.Principal
	action    string
	resource  string
	resAcct   string
	ctx       policy.Keys
	mode      policy.Mode
	scps      []string
	resPolicy string
	resKind   policy.Kind // the resource policy's kind; default Key or Resource by mode
	identity  []string
	boundary  string
	session   []string
	want      policy.Effect
	reason    string // the Reason sentence; checked when set, and empty for Allow
}

func (c evalCase) run(t *testing.T) policy.Decision {
	t.Helper()
	ps := &policy.Policies{Mode: c.mode}
	if c.scps != nil {
		ps.SCPs = []*policy.Policy{}
		for _, d := range c.scps {
			ps.SCPs = append(ps.SCPs, mustParse(t, policy.SCP, d))
		}
	}
	if c.resPolicy != "" {
		kind := c.resKind
		switch {
		case kind != 0:
		case c.mode == policy.ResourcePolicyRequired:
			kind = policy.Key
		default:
			kind = policy.Resource
		}
		ps.Resource = mustParse(t, kind, c.resPolicy)
	}
	for _, d := range c.identity {
		ps.Identity = append(ps.Identity, mustParse(t, policy.Identity, d))
	}
	if c.boundary != "" {
		ps.Boundary = mustParse(t, policy.Identity, c.boundary)
	}
	if c.session != nil {
		ps.Session = []*policy.Policy{}
		for _, d := range c.session {
			ps.Session = append(ps.Session, mustParse(t, policy.Session, d))
		}
	}
	resAcct := c.resAcct
	if resAcct == "" {
		resAcct = acctA
	}
	req := &policy.Request{Principal: c.principal, Action: c.action, Resource: c.resource,
		ResourceAccount: resAcct, Context: c.ctx}
	var trace policy.Trace
	d := policy.Evaluate(req, ps, &trace)
	if plain := policy.Evaluate(req, ps, nil); plain != d {
		t.Errorf("decision without trace %+v differs from decision with trace %+v", plain, d)
	}
	if d.Effect != c.want {
		t.Errorf("Effect = %v (by %v), want %v", d.Effect, d.By, c.want)
	}
	if got := d.Reason(c.action); (c.reason != "" || c.want == policy.Allow) && got != c.reason {
		t.Errorf("Reason = %q, want %q", got, c.reason)
	}
	return d
}

func allowDoc(action, resource string) string {
	return `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"` + action + `","Resource":"` + resource + `"}]}`
}

func denyDoc(action, resource string) string {
	return `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"` + action + `","Resource":"` + resource + `"}]}`
}

func resourceDoc(effect, principal, action string) string {
	return `{"Version":"2012-10-17","Statement":[{"Effect":"` + effect + `","Principal":` + principal +
		`,"Action":"` + action + `","Resource":"*"}]}`
}

const (
	bucket = "arn:aws:s3:::bucket/key"
	keyARN = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
)

func TestEvaluateIdentityPolicies(t *testing.T) {
	alice := user(acctA, "alice")
	tests := []evalCase{
		{name: "no policy", principal: alice, action: "s3:GetObject", resource: bucket,
			want: policy.ImplicitDeny, reason: " because no identity-based policy allows the s3:GetObject action"},
		{name: "allow", principal: alice, action: "s3:GetObject", resource: bucket,
			identity: []string{allowDoc("s3:GetObject", "*")}, want: policy.Allow},
		{name: "action case-insensitive", principal: alice, action: "s3:GetObject", resource: bucket,
			identity: []string{allowDoc("S3:getobject", "*")}, want: policy.Allow},
		{name: "action wildcard", principal: alice, action: "kms:ReEncryptFrom", resource: keyARN,
			identity: []string{allowDoc("kms:ReEncrypt*", "*")}, want: policy.Allow},
		{name: "action question mark", principal: alice, action: "s3:GetObject", resource: bucket,
			identity: []string{allowDoc("s3:?etObject", "*")}, want: policy.Allow},
		{name: "action other service", principal: alice, action: "ec2:RunInstances", resource: "*",
			identity: []string{allowDoc("s3:*", "*")}, want: policy.ImplicitDeny,
			reason: " because no identity-based policy allows the ec2:RunInstances action"},
		{name: "resource case-sensitive", principal: alice, action: "s3:GetObject", resource: bucket,
			identity: []string{allowDoc("s3:*", "arn:aws:s3:::BUCKET/*")}, want: policy.ImplicitDeny,
			reason: " because no identity-based policy allows the s3:GetObject action"},
		{name: "resource wildcard per segment", principal: alice, action: "kms:Decrypt", resource: keyARN,
			identity: []string{allowDoc("kms:Decrypt", "arn:aws:kms:*:111122223333:key/*")}, want: policy.Allow},
		{name: "resource of another account", principal: alice, action: "kms:Decrypt", resource: keyARN,
			identity: []string{allowDoc("kms:Decrypt", "arn:aws:kms:*:444455556666:key/*")}, want: policy.ImplicitDeny,
			reason: " because no identity-based policy allows the kms:Decrypt action"},
		{name: "explicit deny wins", principal: alice, action: "s3:GetObject", resource: bucket,
			identity: []string{allowDoc("*", "*"), denyDoc("s3:*", "*")}, want: policy.ExplicitDeny,
			reason: " with an explicit deny in an identity-based policy"},
		{name: "NotAction with Allow allows others", principal: alice, action: "s3:GetObject", resource: bucket,
			identity: []string{`{"Version":"2012-10-17","Statement":{"Effect":"Allow","NotAction":"iam:*","Resource":"*"}}`}, want: policy.Allow},
		{name: "NotAction with Allow excludes listed", principal: alice, action: "iam:CreateUser", resource: "*",
			identity: []string{`{"Version":"2012-10-17","Statement":{"Effect":"Allow","NotAction":"iam:*","Resource":"*"}}`}, want: policy.ImplicitDeny,
			reason: " because no identity-based policy allows the iam:CreateUser action"},
		{name: "NotResource with Deny", principal: alice, action: "s3:GetObject", resource: bucket,
			identity: []string{allowDoc("*", "*"), `{"Version":"2012-10-17","Statement":{"Effect":"Deny","Action":"s3:*","NotResource":"arn:aws:s3:::other/*"}}`},
			want:     policy.ExplicitDeny, reason: " with an explicit deny in an identity-based policy"},
		{name: "NotResource with Deny spares listed", principal: alice, action: "s3:GetObject", resource: "arn:aws:s3:::other/x",
			identity: []string{allowDoc("*", "*"), `{"Version":"2012-10-17","Statement":{"Effect":"Deny","Action":"s3:*","NotResource":"arn:aws:s3:::other/*"}}`},
			want:     policy.Allow},
		{name: "root needs no policy", principal: root(acctA), action: "iam:CreateUser", resource: "*", want: policy.Allow},
		{name: "root still bound by SCP", principal: root(acctA), action: "iam:CreateUser", resource: "*",
			scps: []string{denyDoc("iam:*", "*"), allowDoc("*", "*")}, want: policy.ExplicitDeny,
			reason: " with an explicit deny in a service control policy"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { tt.run(t) })
	}
}

func TestEvaluateLimits(t *testing.T) {
	alice := user(acctA, "alice")
	dev := session(acctA, "dev", "s1")
	rootFed := &policy.Principal{Type: policy.FederatedUser, Account: acctA,
		ARN: "arn:aws:sts::" + acctA + ":federated-user/fed", IssuerARN: policy.RootARN(acctA)}
	tests := []evalCase{
		{name: "SCP allows", principal: alice, action: "s3:GetObject", resource: bucket,
			scps: []string{allowDoc("*", "*")}, identity: []string{allowDoc("s3:*", "*")}, want: policy.Allow},
		{name: "SCP silent is reported as explicit deny", principal: alice, action: "s3:GetObject", resource: bucket,
			scps: []string{allowDoc("ec2:*", "*")}, identity: []string{allowDoc("s3:*", "*")}, want: policy.ImplicitDeny,
			reason: " with an explicit deny in a service control policy"},
		{name: "boundary allows", principal: alice, action: "s3:GetObject", resource: bucket,
			identity: []string{allowDoc("*", "*")}, boundary: allowDoc("s3:*", "*"), want: policy.Allow},
		{name: "boundary does not allow", principal: alice, action: "iam:CreateUser", resource: "*",
			identity: []string{allowDoc("*", "*")}, boundary: allowDoc("s3:*", "*"), want: policy.ImplicitDeny,
			reason: " because no permissions boundary allows the iam:CreateUser action"},
		{name: "boundary alone grants nothing", principal: alice, action: "s3:GetObject", resource: bucket,
			boundary: allowDoc("s3:*", "*"), want: policy.ImplicitDeny,
			reason: " because no identity-based policy allows the s3:GetObject action"},
		{name: "boundary deny", principal: alice, action: "s3:GetObject", resource: bucket,
			identity: []string{allowDoc("*", "*")}, boundary: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"},{"Effect":"Deny","Action":"s3:*","Resource":"*"}]}`,
			want: policy.ExplicitDeny, reason: " with an explicit deny in a permissions boundary"},
		{name: "resource policy naming the user is beyond the boundary", principal: alice, action: "s3:GetObject", resource: bucket,
			resPolicy: resourceDoc("Allow", `{"AWS":"arn:aws:iam::111122223333:user/alice"}`, "s3:GetObject"),
			boundary:  allowDoc("ec2:*", "*"), want: policy.Allow},
		{name: "session policy limits", principal: dev, action: "iam:CreateUser", resource: "*",
			identity: []string{allowDoc("*", "*")}, session: []string{allowDoc("s3:*", "*")}, want: policy.ImplicitDeny,
			reason: " because no session policy allows the iam:CreateUser action"},
		{name: "session policy allows", principal: dev, action: "s3:GetObject", resource: bucket,
			identity: []string{allowDoc("*", "*")}, session: []string{allowDoc("s3:*", "*")}, want: policy.Allow},
		{name: "session policy alone grants nothing", principal: dev, action: "s3:GetObject", resource: bucket,
			session: []string{allowDoc("s3:*", "*")}, want: policy.ImplicitDeny,
			reason: " because no identity-based policy allows the s3:GetObject action"},
		{name: "resource policy naming the session is beyond session policies", principal: dev, action: "s3:GetObject", resource: bucket,
			resPolicy: resourceDoc("Allow", `{"AWS":"arn:aws:sts::111122223333:assumed-role/dev/s1"}`, "s3:GetObject"),
			session:   []string{allowDoc("ec2:*", "*")}, want: policy.Allow},
		{name: "resource policy naming the role is limited by session policies", principal: dev, action: "s3:GetObject", resource: bucket,
			resPolicy: resourceDoc("Allow", `{"AWS":"arn:aws:iam::111122223333:role/dev"}`, "s3:GetObject"),
			session:   []string{allowDoc("ec2:*", "*")}, want: policy.ImplicitDeny,
			reason: " because no identity-based policy allows the s3:GetObject action"},
		{name: "resource policy naming the role allows its session", principal: dev, action: "s3:GetObject", resource: bucket,
			resPolicy: resourceDoc("Allow", `{"AWS":"arn:aws:iam::111122223333:role/dev"}`, "s3:GetObject"), want: policy.Allow},
		{name: "resource policy naming everyone and the role is beyond session policies", principal: dev, action: "s3:GetObject", resource: bucket,
			resPolicy: resourceDoc("Allow", `{"AWS":["*","arn:aws:iam::111122223333:role/dev"]}`, "s3:GetObject"),
			session:   []string{allowDoc("ec2:*", "*")}, want: policy.Allow},
		{name: "a federated user of the root user has root's permissions within its session policies", principal: rootFed,
			action: "s3:GetObject", resource: bucket, session: []string{allowDoc("s3:*", "*")}, want: policy.Allow},
		{name: "a federated user of the root user is limited by its session policies", principal: rootFed,
			action: "iam:CreateUser", resource: "*", session: []string{allowDoc("s3:*", "*")}, want: policy.ImplicitDeny,
			reason: " because no session policy allows the iam:CreateUser action"},
		{name: "a federated user of a user needs the user's permissions", principal: federatedUser(acctA, "alice", "fed"),
			action: "s3:GetObject", resource: bucket, session: []string{allowDoc("s3:*", "*")}, want: policy.ImplicitDeny,
			reason: " because no identity-based policy allows the s3:GetObject action"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { tt.run(t) })
	}
}

func TestEvaluateResourcePolicies(t *testing.T) {
	alice := user(acctA, "alice")
	bob := user(acctB, "bob")
	tests := []evalCase{
		{name: "same account: resource policy naming the user allows alone", principal: alice, action: "s3:GetObject", resource: bucket,
			resPolicy: resourceDoc("Allow", `{"AWS":"arn:aws:iam::111122223333:user/alice"}`, "s3:GetObject"), want: policy.Allow},
		{name: "same account: naming the account delegates to IAM", principal: alice, action: "s3:GetObject", resource: bucket,
			resPolicy: resourceDoc("Allow", `{"AWS":"111122223333"}`, "s3:GetObject"), want: policy.ImplicitDeny,
			reason: " because no identity-based policy allows the s3:GetObject action"},
		{name: "same account: identity alone suffices", principal: alice, action: "s3:GetObject", resource: bucket,
			resPolicy: resourceDoc("Allow", `{"AWS":"arn:aws:iam::444455556666:root"}`, "s3:GetObject"),
			identity:  []string{allowDoc("s3:*", "*")}, want: policy.Allow},
		{name: "same account: Principal star", principal: alice, action: "s3:GetObject", resource: bucket,
			resPolicy: resourceDoc("Allow", `"*"`, "s3:GetObject"), want: policy.Allow},
		{name: "explicit deny in resource policy", principal: alice, action: "s3:GetObject", resource: bucket,
			resPolicy: resourceDoc("Deny", `{"AWS":"*"}`, "s3:*"), identity: []string{allowDoc("*", "*")},
			want: policy.ExplicitDeny, reason: " with an explicit deny in a resource-based policy"},
		{name: "cross account: resource only", principal: bob, action: "s3:GetObject", resource: bucket,
			resPolicy: resourceDoc("Allow", `{"AWS":"arn:aws:iam::444455556666:user/bob"}`, "s3:GetObject"), want: policy.ImplicitDeny,
			reason: " because no identity-based policy allows the s3:GetObject action"},
		{name: "cross account: identity only", principal: bob, action: "s3:GetObject", resource: bucket,
			identity: []string{allowDoc("s3:*", "*")}, want: policy.ImplicitDeny,
			reason: " because no resource-based policy allows the s3:GetObject action"},
		{name: "cross account: both", principal: bob, action: "s3:GetObject", resource: bucket,
			resPolicy: resourceDoc("Allow", `{"AWS":"444455556666"}`, "s3:GetObject"),
			identity:  []string{allowDoc("s3:*", "*")}, want: policy.Allow},
		{name: "cross account: boundary still limits", principal: bob, action: "s3:GetObject", resource: bucket,
			resPolicy: resourceDoc("Allow", `{"AWS":"arn:aws:iam::444455556666:user/bob"}`, "s3:GetObject"),
			identity:  []string{allowDoc("s3:*", "*")}, boundary: allowDoc("ec2:*", "*"), want: policy.ImplicitDeny,
			reason: " because no permissions boundary allows the s3:GetObject action"},
		{name: "service principal named", principal: service("ec2.amazonaws.com"), action: "sts:AssumeRole", resource: "arn:aws:iam::111122223333:role/r",
			mode: policy.ResourcePolicyRequired, resPolicy: resourceDoc("Allow", `{"Service":"ec2.amazonaws.com"}`, "sts:AssumeRole"), want: policy.Allow},
		{name: "service principal not named", principal: service("lambda.amazonaws.com"), action: "sts:AssumeRole", resource: "arn:aws:iam::111122223333:role/r",
			mode: policy.ResourcePolicyRequired, resPolicy: resourceDoc("Allow", `{"Service":"ec2.amazonaws.com"}`, "sts:AssumeRole"), want: policy.ImplicitDeny,
			reason: " because no resource-based policy allows the sts:AssumeRole action"},
		// NotPrincipal with Deny: only a list naming the whole chain spares
		// a caller (reference_policies_elements_notprincipal).
		{name: "NotPrincipal Deny naming user and account spares the user", principal: bob, action: "s3:GetObject", resource: bucket,
			resPolicy: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"444455556666"},"Action":"s3:*","Resource":"*"},
				{"Effect":"Deny","NotPrincipal":{"AWS":["arn:aws:iam::444455556666:user/bob","arn:aws:iam::444455556666:root"]},"Action":"s3:*","Resource":"*"}]}`,
			identity: []string{allowDoc("s3:*", "*")}, want: policy.Allow},
		{name: "NotPrincipal Deny naming only the user denies the user", principal: bob, action: "s3:GetObject", resource: bucket,
			resPolicy: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"444455556666"},"Action":"s3:*","Resource":"*"},
				{"Effect":"Deny","NotPrincipal":{"AWS":"arn:aws:iam::444455556666:user/bob"},"Action":"s3:*","Resource":"*"}]}`,
			identity: []string{allowDoc("s3:*", "*")}, want: policy.ExplicitDeny, reason: " with an explicit deny in a resource-based policy"},
		{name: "NotPrincipal Deny session needs role and account too", principal: session(acctB, "audit", "app"), action: "s3:GetObject", resource: bucket,
			resPolicy: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"444455556666"},"Action":"s3:*","Resource":"*"},
				{"Effect":"Deny","NotPrincipal":{"AWS":["arn:aws:sts::444455556666:assumed-role/audit/app","arn:aws:iam::444455556666:root"]},"Action":"s3:*","Resource":"*"}]}`,
			identity: []string{allowDoc("s3:*", "*")}, want: policy.ExplicitDeny, reason: " with an explicit deny in a resource-based policy"},
		{name: "NotPrincipal Deny session fully named", principal: session(acctB, "audit", "app"), action: "s3:GetObject", resource: bucket,
			resPolicy: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"444455556666"},"Action":"s3:*","Resource":"*"},
				{"Effect":"Deny","NotPrincipal":{"AWS":["arn:aws:sts::444455556666:assumed-role/audit/app","arn:aws:iam::444455556666:role/audit","arn:aws:iam::444455556666:root"]},"Action":"s3:*","Resource":"*"}]}`,
			identity: []string{allowDoc("s3:*", "*")}, want: policy.Allow},
		{name: "NotPrincipal Deny denies others", principal: user(acctB, "mallory"), action: "s3:GetObject", resource: bucket,
			resPolicy: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"444455556666"},"Action":"s3:*","Resource":"*"},
				{"Effect":"Deny","NotPrincipal":{"AWS":["arn:aws:iam::444455556666:user/bob","arn:aws:iam::444455556666:root"]},"Action":"s3:*","Resource":"*"}]}`,
			identity: []string{allowDoc("s3:*", "*")}, want: policy.ExplicitDeny, reason: " with an explicit deny in a resource-based policy"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { tt.run(t) })
	}
}

func TestDecisionReasons(t *testing.T) {
	tests := []struct {
		d    policy.Decision
		want string
	}{
		{policy.Decision{Effect: policy.Allow, By: policy.IdentityBasedPolicy}, ""},
		{policy.Decision{Effect: policy.Allow, By: policy.Grant, GrantID: "g1"}, ""},
		{policy.Decision{Effect: policy.ImplicitDeny, By: policy.IdentityBasedPolicy}, " because no identity-based policy allows the kms:CreateGrant action"},
		{policy.Decision{Effect: policy.ImplicitDeny, By: policy.ResourceBasedPolicy}, " because no resource-based policy allows the kms:CreateGrant action"},
		{policy.Decision{Effect: policy.ImplicitDeny, By: policy.PermissionsBoundary}, " because no permissions boundary allows the kms:CreateGrant action"},
		{policy.Decision{Effect: policy.ImplicitDeny, By: policy.SessionPolicy}, " because no session policy allows the kms:CreateGrant action"},
		{policy.Decision{Effect: policy.ImplicitDeny, By: policy.ServiceControlPolicy}, " with an explicit deny in a service control policy"},
		{policy.Decision{Effect: policy.ExplicitDeny, By: policy.IdentityBasedPolicy}, " with an explicit deny in an identity-based policy"},
		{policy.Decision{Effect: policy.ExplicitDeny, By: policy.ResourceBasedPolicy}, " with an explicit deny in a resource-based policy"},
		{policy.Decision{Effect: policy.ExplicitDeny, By: policy.PermissionsBoundary}, " with an explicit deny in a permissions boundary"},
		{policy.Decision{Effect: policy.ExplicitDeny, By: policy.SessionPolicy}, " with an explicit deny in a session policy"},
	}
	for _, tt := range tests {
		if got := tt.d.Reason("kms:CreateGrant"); got != tt.want {
			t.Errorf("%+v: Reason = %q, want %q", tt.d, got, tt.want)
		}
	}
}
