package policy_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/amityhq/amity/internal/policy"
)

func TestParseRefusals(t *testing.T) {
	const allowAll = `{"Effect":"Allow","Action":"*","Resource":"*"}`
	stmt := func(s string) string { return `{"Version":"2012-10-17","Statement":[` + s + `]}` }
	tests := []struct {
		name string
		kind policy.Kind
		doc  string
		want string // "" when the document is valid
	}{
		{"valid identity", policy.Identity, stmt(allowAll), ""},
		{"statement as one object", policy.Identity, `{"Version":"2012-10-17","Statement":` + allowAll + `}`, ""},
		{"not JSON", policy.Identity, `{"Version":`, "Syntax errors in policy."},
		{"trust not JSON", policy.Trust, `{"Version":`, "This policy contains invalid Json"},
		{"not an object", policy.Identity, `[]`, "Syntax errors in policy."},
		{"unknown top-level field", policy.Identity, `{"Version":"2012-10-17","Statement":[` + allowAll + `],"Foo":1}`, "Syntax errors in policy."},
		{"unknown version", policy.Identity, `{"Version":"2013-10-17","Statement":[` + allowAll + `]}`, "Syntax errors in policy."},
		{"managed 2008", policy.Identity, `{"Version":"2008-10-17","Statement":[` + allowAll + `]}`, "Policy document must be version 2012-10-17 or greater."},
		{"managed no version", policy.Identity, `{"Statement":[` + allowAll + `]}`, "Policy document must be version 2012-10-17 or greater."},
		{"inline no version", policy.Inline, `{"Statement":[` + allowAll + `]}`, ""},
		{"key policy 2008", policy.Key, `{"Version":"2008-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"kms:*","Resource":"*"}]}`, ""},
		{"empty Statement", policy.Identity, `{"Version":"2012-10-17","Statement":[]}`, "Syntax errors in policy."},
		{"no Statement", policy.Identity, `{"Version":"2012-10-17"}`, "Syntax errors in policy."},
		{"unknown statement field", policy.Identity, stmt(`{"Effect":"Allow","Action":"*","Resource":"*","Foo":"x"}`), "Syntax errors in policy."},
		{"Effect odd case", policy.Identity, stmt(`{"Effect":"denY","Action":"*","Resource":"*"}`), "The policy failed legacy parsing"},
		{"Effect unknown", policy.Identity, stmt(`{"Effect":"Maybe","Action":"*","Resource":"*"}`), "Syntax errors in policy."},
		{"Effect not a string", policy.Identity, stmt(`{"Effect":true,"Action":"*","Resource":"*"}`), "Syntax errors in policy."},
		{"Effect missing", policy.Identity, stmt(`{"Action":"*","Resource":"*"}`), "Syntax errors in policy."},
		{"principal in identity policy", policy.Identity, stmt(`{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}`), "Policy document should not specify a principal."},
		{"NotPrincipal in identity policy", policy.Inline, stmt(`{"Effect":"Deny","NotPrincipal":{"AWS":"111122223333"},"Action":"*","Resource":"*"}`), "Policy document should not specify a principal."},
		{"no resource", policy.Identity, stmt(`{"Effect":"Allow","Action":"*"}`), "Policy statement must contain resources."},
		{"empty resource list", policy.Identity, stmt(`{"Effect":"Allow","Action":"*","Resource":[]}`), "Policy statement must contain resources."},
		{"no action", policy.Identity, stmt(`{"Effect":"Allow","Resource":"*"}`), "Policy statement must contain actions."},
		{"action without vendor", policy.Identity, stmt(`{"Effect":"Allow","Action":"invalid","Resource":"*"}`), "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc."},
		{"action with two colons", policy.Identity, stmt(`{"Effect":"Allow","Action":"s3:List:Bucket","Resource":"*"}`), "Actions/Condition can contain only one colon."},
		{"unknown but well-formed service", policy.Identity, stmt(`{"Effect":"Allow","Action":"foo:Bar","Resource":"*"}`), ""},
		{"resource not an ARN", policy.Identity, stmt(`{"Effect":"Allow","Action":"s3:*","Resource":"adf"}`), `Resource adf must be in ARN format or "*".`},
		{"duplicate sids", policy.Identity, stmt(`{"Sid":"A","Effect":"Allow","Action":"*","Resource":"*"},{"Sid":"A","Effect":"Deny","Action":"*","Resource":"*"}`), "Statement IDs (SID) in a single policy must be unique."},
		{"sid with spaces in identity policy", policy.Identity, stmt(`{"Sid":"Allow use","Effect":"Allow","Action":"*","Resource":"*"}`), "Statement IDs (SID) must be alpha-numeric. Check that your input satisfies the regular expression [0-9A-Za-z]*"},
		{"sid with spaces in key policy", policy.Key, stmt(`{"Sid":"Enable IAM User Permissions","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"kms:*","Resource":"*"}`), ""},
		{"unknown condition operator", policy.Identity, stmt(`{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"StringEqualz":{"aws:username":"a"}}}`), "Syntax errors in policy."},
		{"Null with IfExists", policy.Identity, stmt(`{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"NullIfExists":{"aws:username":"true"}}}`), "Syntax errors in policy."},
		{"condition key without vendor", policy.Identity, stmt(`{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"StringEquals":{"username":"a"}}}`), "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc."},
		{"malformed date", policy.Identity, stmt(`{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"DateGreaterThan":{"aws:CurrentTime":"yesterday"}}}`), "The policy failed legacy parsing"},
		{"condition value an object", policy.Identity, stmt(`{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"StringEquals":{"aws:username":{"a":1}}}}`), "Syntax errors in policy."},
		{"trust with resource", policy.Trust, stmt(`{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole","Resource":"*"}`), "Has prohibited field Resource"},
		{"trust without principal", policy.Trust, stmt(`{"Effect":"Allow","Action":"sts:AssumeRole"}`), "Missing required field Principal"},
		// access_policies: "If you create a resource-based policy, this
		// element [Resource] is optional"; KMS key policies require it.
		{"resource policy without Resource", policy.Resource, stmt(`{"Effect":"Allow","Principal":{"AWS":"999999999999"},"Action":"sns:*"}`), ""},
		{"key policy without Resource", policy.Key, stmt(`{"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"kms:*"}`), "Policy statement must contain resources."},
		{"valid trust", policy.Trust, stmt(`{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com","AWS":"arn:aws:iam::111122223333:root"},"Action":"sts:AssumeRole"}`), ""},
		{"principal wildcard inside ARN", policy.Trust, stmt(`{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:user/*"},"Action":"sts:AssumeRole"}`), `Invalid principal in policy: "AWS":"arn:aws:iam::111122223333:user/*"`},
		{"principal not an ARN", policy.Key, stmt(`{"Effect":"Allow","Principal":{"AWS":"bob"},"Action":"kms:*","Resource":"*"}`), `Invalid principal in policy: "AWS":"bob"`},
		{"principal group ARN", policy.Key, stmt(`{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:group/admins"},"Action":"kms:*","Resource":"*"}`), `Invalid principal in policy: "AWS":"arn:aws:iam::111122223333:group/admins"`},
		{"bad service principal", policy.Trust, stmt(`{"Effect":"Allow","Principal":{"Service":"ec2 amazonaws"},"Action":"sts:AssumeRole"}`), `Invalid principal in policy: "SERVICE":"ec2 amazonaws"`},
		{"principal unknown type", policy.Trust, stmt(`{"Effect":"Allow","Principal":{"Group":"x"},"Action":"sts:AssumeRole"}`), "Syntax errors in policy."},
		{"principal string other than star", policy.Key, stmt(`{"Effect":"Allow","Principal":"111122223333","Action":"kms:*","Resource":"*"}`), "Syntax errors in policy."},
		{"Action and NotAction", policy.Identity, stmt(`{"Effect":"Allow","Action":"*","NotAction":"s3:*","Resource":"*"}`), "Syntax errors in policy."},
		{"Action a number", policy.Identity, stmt(`{"Effect":"Allow","Action":5,"Resource":"*"}`), "Syntax errors in policy."},
		{"session policy", policy.Session, stmt(allowAll), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { checkParse(t, tt.kind, tt.doc, tt.want) })
	}
}

// checkParse parses doc as kind and checks it is accepted (want "") or
// refused with the message want.
func checkParse(t *testing.T, kind policy.Kind, doc, want string) {
	t.Helper()
	_, err := policy.Parse(kind, "test", doc)
	if want == "" {
		if err != nil {
			t.Fatalf("Parse: unexpected error %v", err)
		}
		return
	}
	var verr *policy.ValidationError
	if !errors.As(err, &verr) {
		t.Fatalf("Parse: error %v, want ValidationError %q", err, want)
	}
	if verr.Message != want {
		t.Errorf("message %q, want %q", verr.Message, want)
	}
}

// TestParseDocumentedRules checks the validation rules the IAM guide's
// element pages state, each row citing its page.
func TestParseDocumentedRules(t *testing.T) {
	stmt := func(s string) string { return `{"Version":"2012-10-17","Statement":[` + s + `]}` }
	key := func(principal string) string {
		return stmt(`{"Effect":"Allow","Principal":` + principal + `,"Action":"kms:*","Resource":"*"}`)
	}
	const syntax = "Syntax errors in policy."
	tests := []struct {
		name string
		kind policy.Kind
		doc  string
		want string
	}{
		// reference_policies_elements_version: "IAM supports the following
		// Version element values: 2012-10-17 ... 2008-10-17"; the variables
		// page once printed "2015-01-01".
		{"Version 2012-10-17", policy.Identity, stmt(`{"Effect":"Allow","Action":"s3:*","Resource":"*"}`), ""},
		{"Version 2008-10-17 inline", policy.Inline, `{"Version":"2008-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}}`, ""},
		{"Version 2015-01-01", policy.Inline, `{"Version":"2015-01-01","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}}`, syntax},
		{"Version as a number", policy.Inline, `{"Version":2012,"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}}`, syntax},
		// reference_policies_elements_principal: "You cannot use the
		// Principal element in an identity-based policy"; the NotPrincipal
		// page: "You cannot use the NotPrincipal element in an IAM
		// identity-based policy".
		{"Principal in a managed policy", policy.Identity, stmt(`{"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"s3:*","Resource":"*"}`),
			"Policy document should not specify a principal."},
		{"NotPrincipal in a managed policy", policy.Identity, stmt(`{"Effect":"Deny","NotPrincipal":{"AWS":"111122223333"},"Action":"s3:*","Resource":"*"}`),
			"Policy document should not specify a principal."},
		{"NotPrincipal in a session policy", policy.Session, stmt(`{"Effect":"Deny","NotPrincipal":{"AWS":"111122223333"},"Action":"s3:*","Resource":"*"}`),
			"Policy document should not specify a principal."},
		// Principal forms the page shows.
		{"two account ids", policy.Key, key(`{"AWS":["123456789012","555555555555"]}`), ""},
		{"account ARN, id and canonical user", policy.Resource, stmt(`{"Effect":"Allow","Principal":{"AWS":["arn:aws:iam::123456789012:root","999999999999"],
			"CanonicalUser":"79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be"},"Action":"s3:*","Resource":"*"}`), ""},
		{"role, session, user and federated user ARNs", policy.Key, key(`{"AWS":["arn:aws:iam::123456789012:role/role-name",
			"arn:aws:sts::123456789012:assumed-role/role-name/role-session-name","arn:aws:iam::123456789012:user/user-name",
			"arn:aws:sts::123456789012:federated-user/user-name"]}`), ""},
		{"web identity and SAML providers", policy.Trust, stmt(`{"Effect":"Allow","Principal":{"Federated":["cognito-identity.amazonaws.com",
			"www.amazon.com","graph.facebook.com","accounts.google.com","arn:aws:iam::123456789012:saml-provider/provider-name"]},
			"Action":"sts:AssumeRoleWithWebIdentity"}`), ""},
		{"two service principals in one Service element", policy.Trust, stmt(`{"Effect":"Allow",
			"Principal":{"Service":["ecs.amazonaws.com","elasticloadbalancing.amazonaws.com"]},"Action":"sts:AssumeRole"}`), ""},
		{`Principal "*"`, policy.Resource, stmt(`{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"*"}`), ""},
		{`Principal {"AWS":"*"}`, policy.Resource, stmt(`{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"s3:GetObject","Resource":"*"}`), ""},
		// "You cannot identify a user group as a principal"; "You cannot use
		// a wildcard to match part of a principal name or ARN"; "When you
		// specify an assumed-role session in a Principal element, you cannot
		// use a wildcard "*" to mean all sessions"; "When you specify users in
		// a Principal element, you cannot use a wildcard (*) to mean "all
		// users"".
		{"a group", policy.Key, key(`{"AWS":"arn:aws:iam::123456789012:group/admins"}`),
			`Invalid principal in policy: "AWS":"arn:aws:iam::123456789012:group/admins"`},
		{"all sessions of a role", policy.Key, key(`{"AWS":"arn:aws:sts::123456789012:assumed-role/role-name/*"}`),
			`Invalid principal in policy: "AWS":"arn:aws:sts::123456789012:assumed-role/role-name/*"`},
		{"all users", policy.Key, key(`{"AWS":"arn:aws:iam::123456789012:user/*"}`),
			`Invalid principal in policy: "AWS":"arn:aws:iam::123456789012:user/*"`},
		{"part of a role name", policy.Trust, stmt(`{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:role/admin-?"},"Action":"sts:AssumeRole"}`),
			`Invalid principal in policy: "AWS":"arn:aws:iam::123456789012:role/admin-?"`},
		{"every account's root", policy.Key, key(`{"AWS":"arn:aws:iam::*:root"}`), `Invalid principal in policy: "AWS":"arn:aws:iam::*:root"`},
		// reference_policies_elements: "you cannot use both Action and
		// NotAction in the same policy statement. Other pairs that are
		// mutually exclusive include Principal/NotPrincipal and
		// Resource/NotResource."
		{"Principal and NotPrincipal", policy.Resource, stmt(`{"Effect":"Deny","Principal":"*","NotPrincipal":{"AWS":"111122223333"},"Action":"s3:*","Resource":"*"}`), syntax},
		{"Resource and NotResource", policy.Identity, stmt(`{"Effect":"Deny","Action":"s3:*","Resource":"*","NotResource":"arn:aws:s3:::b"}`), syntax},
		// reference_policies_elements_condition_operators: "You can add
		// IfExists to the end of any condition operator name except the Null
		// condition"; "Wildcards are not permitted for date condition
		// operators."
		{"StringLikeIfExists", policy.Identity, stmt(`{"Effect":"Allow","Action":"ec2:RunInstances","Resource":"*",
			"Condition":{"StringLikeIfExists":{"ec2:InstanceType":["t1.*"]}}}`), ""},
		{"NumericLessThanEqualsIfExists", policy.Identity, stmt(`{"Effect":"Allow","Action":"s3:ListBucket","Resource":"*",
			"Condition":{"NumericLessThanEqualsIfExists":{"s3:max-keys":"10"}}}`), ""},
		{"a wildcard in a date", policy.Identity, stmt(`{"Effect":"Allow","Action":"*","Resource":"*",
			"Condition":{"DateGreaterThan":{"aws:CurrentTime":"2020-*"}}}`), "The policy failed legacy parsing"},
		// conditions-kms (KMS guide): "If you create or update a policy that
		// includes a ForAllValues set operator with the
		// kms:EncryptionContext:context-key or aws:RequestTag/tag-key
		// condition keys, AWS KMS returns the following error message".
		{"key policy: ForAllValues with an encryption context key", policy.Key, stmt(`{"Effect":"Allow","Principal":{"AWS":"111122223333"},
			"Action":"kms:Decrypt","Resource":"*","Condition":{"ForAllValues:StringEquals":{"kms:EncryptionContext:AppName":"ExampleApp"}}}`),
			"OverlyPermissiveCondition: Using the ForAllValues set operator with a single-valued condition key matches requests " +
				"without the specified encryption context or with an unspecified encryption context. To fix, remove ForAllValues."},
		{"key policy: ForAllValues with a request tag", policy.Key, stmt(`{"Effect":"Allow","Principal":{"AWS":"111122223333"},
			"Action":"kms:TagResource","Resource":"*","Condition":{"ForAllValues:StringEquals":{"aws:RequestTag/Project":"Alpha"}}}`),
			"OverlyPermissiveCondition: Using the ForAllValues set operator with a single-valued condition key matches requests " +
				"without the specified tag or with an unspecified tag. To fix, remove ForAllValues."},
		{"key policy: ForAllValues with kms:EncryptionContextKeys", policy.Key, stmt(`{"Effect":"Allow","Principal":{"AWS":"111122223333"},
			"Action":"kms:Decrypt","Resource":"*","Condition":{"ForAllValues:StringEquals":{"kms:EncryptionContextKeys":["AppName"]}}}`), ""},
		{"key policy: ForAnyValue with an encryption context key", policy.Key, stmt(`{"Effect":"Allow","Principal":{"AWS":"111122223333"},
			"Action":"kms:Decrypt","Resource":"*","Condition":{"ForAnyValue:StringEquals":{"kms:EncryptionContext:AppName":"ExampleApp"}}}`), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { checkParse(t, tt.kind, tt.doc, tt.want) })
	}
}

func TestPrincipalsLists(t *testing.T) {
	p := mustParse(t, policy.Trust, `{"Version":"2012-10-17","Statement":[{"Effect":"Allow",
		"Principal":{"Service":"ec2.amazonaws.com","AWS":["111122223333","arn:aws:iam::444455556666:role/x"]},"Action":"sts:AssumeRole"}]}`)
	var got []string
	for _, r := range p.Principals() {
		got = append(got, r.Type+"="+r.Value)
	}
	want := "AWS=111122223333 AWS=arn:aws:iam::444455556666:role/x Service=ec2.amazonaws.com"
	if strings.Join(got, " ") != want {
		t.Errorf("Principals() = %v, want %s", got, want)
	}
}

func TestSize(t *testing.T) {
	if n := policy.Size("{ \"a\" :\n\t\"b c\" }"); n != 10 {
		t.Errorf("Size = %d, want 10", n)
	}
}
