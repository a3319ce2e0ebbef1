package policy_test

import (
	"testing"

	"github.com/amityhq/amity/internal/policy"
)

func TestPolicyVariables(t *testing.T) {
	alice := user(acctA, "alice")
	aliceCtx := ctx("aws:username", "alice", "aws:userid", "AIDAEXAMPLEALICE", "aws:PrincipalTag/team", "blue",
		"aws:ResourceTag/team", "blue", "aws:PrincipalAccount", acctA)
	doc := func(resource, condition string) string {
		d := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"` + resource + `"`
		if condition != "" {
			d += `,"Condition":` + condition
		}
		return d + `}]}`
	}
	tests := []evalCase{
		{name: "username in resource", resource: "arn:aws:s3:::home/alice/notes",
			identity: []string{doc("arn:aws:s3:::home/${aws:username}/*", "")}, want: policy.Allow},
		{name: "username in resource, other user's folder", resource: "arn:aws:s3:::home/bob/notes",
			identity: []string{doc("arn:aws:s3:::home/${aws:username}/*", "")}, want: policy.ImplicitDeny},
		{name: "variable name case-insensitive", resource: "arn:aws:s3:::home/alice/notes",
			identity: []string{doc("arn:aws:s3:::home/${AWS:UserName}/*", "")}, want: policy.Allow},
		{name: "userid", resource: "arn:aws:s3:::home/AIDAEXAMPLEALICE",
			identity: []string{doc("arn:aws:s3:::home/${aws:userid}", "")}, want: policy.Allow},
		{name: "principal tag", resource: "arn:aws:s3:::teams/blue/x",
			identity: []string{doc("arn:aws:s3:::teams/${aws:PrincipalTag/team}/*", "")}, want: policy.Allow},
		{name: "unresolvable variable matches nothing", resource: "arn:aws:s3:::teams/blue/x",
			identity: []string{doc("arn:aws:s3:::teams/${aws:PrincipalTag/cost}/*", "")}, want: policy.ImplicitDeny},
		{name: "default value", resource: "arn:aws:s3:::teams/none/x",
			identity: []string{doc("arn:aws:s3:::teams/${aws:PrincipalTag/cost, 'none'}/*", "")}, want: policy.Allow},
		{name: "escaped star is literal", resource: "arn:aws:s3:::bucket/*",
			identity: []string{doc("arn:aws:s3:::bucket/${*}", "")}, want: policy.Allow},
		{name: "escaped star is not a wildcard", resource: "arn:aws:s3:::bucket/x",
			identity: []string{doc("arn:aws:s3:::bucket/${*}", "")}, want: policy.ImplicitDeny},
		{name: "escaped question mark and dollar", resource: "arn:aws:s3:::bucket/?$",
			identity: []string{doc("arn:aws:s3:::bucket/${?}${$}", "")}, want: policy.Allow},
		{name: "variable value is literal, not a wildcard", resource: "arn:aws:s3:::home/x",
			ctx:      ctx("aws:username", "*"),
			identity: []string{doc("arn:aws:s3:::home/${aws:username}", "")}, want: policy.ImplicitDeny},
		{name: "variable in condition value", resource: "arn:aws:s3:::b/x",
			identity: []string{doc("*", `{"StringEquals":{"aws:ResourceTag/team":"${aws:PrincipalTag/team}"}}`)}, want: policy.Allow},
		{name: "variable in condition value, mismatch", resource: "arn:aws:s3:::b/x",
			ctx:      ctx("aws:ResourceTag/team", "red", "aws:PrincipalTag/team", "blue"),
			identity: []string{doc("*", `{"StringEquals":{"aws:ResourceTag/team":"${aws:PrincipalTag/team}"}}`)}, want: policy.ImplicitDeny},
		{name: "unresolvable variable in a negated condition: no match", resource: "arn:aws:s3:::b/x",
			identity: []string{doc("*", `{"StringNotEquals":{"aws:ResourceTag/team":"${aws:PrincipalTag/cost}"}}`)}, want: policy.ImplicitDeny},
		{name: "variable in StringLike", resource: "arn:aws:s3:::b/x", ctx: ctx("s3:prefix", "home/alice/docs", "aws:username", "alice"),
			identity: []string{doc("*", `{"StringLike":{"s3:prefix":["home/${aws:username}/*"]}}`)}, want: policy.Allow},
		{name: "variable in ArnLike", resource: "arn:aws:s3:::b/x", ctx: ctx("aws:SourceArn", "arn:aws:iam::111122223333:user/alice", "aws:username", "alice"),
			identity: []string{doc("*", `{"ArnLike":{"aws:SourceArn":"arn:aws:iam::*:user/${aws:username}"}}`)}, want: policy.Allow},
		{name: "PrincipalAccount in resource", resource: "arn:aws:kms:us-east-1:111122223333:key/k",
			identity: []string{doc("arn:aws:kms:*:${aws:PrincipalAccount}:key/*", "")}, want: policy.Allow},
	}
	for _, tt := range tests {
		tt.principal, tt.action = alice, "s3:GetObject"
		if tt.ctx == nil {
			tt.ctx = aliceCtx
		}
		t.Run(tt.name, func(t *testing.T) { tt.run(t) })
	}

	// In a 2008-10-17 document "${...}" is plain text.
	old := evalCase{principal: alice, action: "s3:GetObject", resource: "arn:aws:s3:::home/${aws:username}", ctx: aliceCtx,
		mode: policy.Standard, want: policy.Allow}
	p := mustParse(t, policy.Inline, `{"Version":"2008-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::home/${aws:username}"}]}`)
	req := &policy.Request{Principal: old.principal, Action: old.action, Resource: old.resource, ResourceAccount: acctA, Context: old.ctx}
	if d := policy.Evaluate(req, &policy.Policies{Identity: []*policy.Policy{p}}, nil); !d.Allowed() {
		t.Errorf("2008 document: literal ${aws:username} not matched: %+v", d)
	}
	req.Resource = "arn:aws:s3:::home/alice"
	if d := policy.Evaluate(req, &policy.Policies{Identity: []*policy.Policy{p}}, nil); d.Allowed() {
		t.Errorf("2008 document: variable was substituted")
	}
}

func TestTraceRecordsWhy(t *testing.T) {
	key := mustParse(t, policy.Key, seedKeyPolicy(`"arn:aws:iam::444455556666:root"`))
	id := mustParse(t, policy.Identity, kmsKeyUsagePolicy(keyARN, "true"))
	req := &policy.Request{Principal: user(acctB, "launcher"), Action: "kms:CreateGrant", Resource: keyARN,
		ResourceAccount: acctA, Context: kmsCtx(acctB, false, false)}
	var tr policy.Trace
	d := policy.Evaluate(req, &policy.Policies{Mode: policy.ResourcePolicyRequired, Resource: key, Identity: []*policy.Policy{id}}, &tr)
	if d.Allowed() {
		t.Fatalf("direct CreateGrant allowed: %+v", d)
	}
	if len(tr.Policies) != 2 || tr.Policies[0].Type != policy.ResourceBasedPolicy || tr.Policies[1].Type != policy.IdentityBasedPolicy {
		t.Fatalf("trace policies = %+v", tr.Policies)
	}
	st := tr.Policies[0].Statements[2] // Allow attachment of persistent resources
	if st.Sid != "Allow attachment of persistent resources" || st.Applies || !st.Action.Matched || !st.Principal.Matched {
		t.Errorf("statement trace = %+v", st)
	}
	if st.Principal.Value != "arn:aws:iam::444455556666:root" {
		t.Errorf("principal matched by %q", st.Principal.Value)
	}
	if len(st.Conditions) != 1 {
		t.Fatalf("conditions = %+v", st.Conditions)
	}
	c := st.Conditions[0]
	if c.Operator != "Bool" || c.Key != "kms:GrantIsForAWSResource" || c.Matched ||
		len(c.Values) != 1 || c.Values[0] != "true" || len(c.RequestValues) != 1 || c.RequestValues[0] != "false" {
		t.Errorf("condition trace = %+v", c)
	}
	if first := tr.Policies[0].Statements[0]; first.Applies || first.Principal.Matched {
		t.Errorf("root statement of account A applies to a user of B: %+v", first)
	}
}
