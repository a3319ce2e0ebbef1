package policy_test

import (
	"strings"
	"testing"

	"github.com/amityhq/amity/internal/policy"
)

// reference_policies_elements_principal: the forms of the Principal element
// and what each grants.
func TestDocsPrincipal(t *testing.T) {
	const res = "arn:aws:s3:::mybucket/object"
	bucketPolicy := func(principal string) string {
		return resourceDoc("Allow", principal, "s3:GetObject")
	}
	s3Get := []string{allowDoc("s3:GetObject", "*")}
	runCases(t, fill(evalCase{action: "s3:GetObject", resource: res}, []evalCase{
		// "you can use either of the following methods to specify that
		// account ... The account ARN and the shortened account ID behave the
		// same way ... does not limit permissions to only the root user."
		{name: "account ARN delegates to the account's users", principal: user("123456789012", "dev"),
			resPolicy: bucketPolicy(`{"AWS":"arn:aws:iam::123456789012:root"}`), identity: s3Get, want: policy.Allow},
		{name: "account id delegates to the account's users", principal: user("123456789012", "dev"),
			resPolicy: bucketPolicy(`{"AWS":"123456789012"}`), identity: s3Get, want: policy.Allow},
		{name: "account principal: the user still needs an identity policy", principal: user("123456789012", "dev"),
			resPolicy: bucketPolicy(`{"AWS":"123456789012"}`), want: policy.ImplicitDeny,
			reason: " because no identity-based policy allows the s3:GetObject action"},
		// "permissions for the 123456789012 account or the 555555555555
		// account ... This is a logical OR".
		{name: "array of accounts: the second one", principal: user("555555555555", "dev"),
			resPolicy: bucketPolicy(`{"AWS":["123456789012","555555555555"]}`), identity: s3Get, want: policy.Allow},
		{name: "array of accounts: an account not listed", principal: user("999999999999", "dev"),
			resPolicy: bucketPolicy(`{"AWS":["123456789012","555555555555"]}`), identity: s3Get, want: policy.ImplicitDeny,
			reason: " because no resource-based policy allows the s3:GetObject action"},
		// "you can specify a principal in a bucket policy using all three
		// methods" (account ARN, account id, canonical user).
		{name: "account ARN, id and canonical user together", principal: user("999999999999", "dev"),
			resPolicy: bucketPolicy(`{"AWS":["arn:aws:iam::123456789012:root","999999999999"],
				"CanonicalUser":"79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be"}`),
			identity: s3Get, want: policy.Allow},
		// "When you specify a role principal in a resource-based policy, the
		// effective permissions for the principal are limited by any policy
		// types that limit permissions for the role. This includes session
		// policies and permissions boundaries."
		{name: "role principal allows its session", principal: session(acctA, "role-name", "s"), resAcct: acctA,
			resPolicy: bucketPolicy(`{"AWS":"arn:aws:iam::111122223333:role/role-name"}`), want: policy.Allow},
		{name: "role principal is limited by the session policy", principal: session(acctA, "role-name", "s"), resAcct: acctA,
			resPolicy: bucketPolicy(`{"AWS":"arn:aws:iam::111122223333:role/role-name"}`),
			session:   []string{allowDoc("ec2:*", "*")}, want: policy.ImplicitDeny},
		{name: "role principal is limited by the boundary", principal: session(acctA, "role-name", "s"), resAcct: acctA,
			resPolicy: bucketPolicy(`{"AWS":"arn:aws:iam::111122223333:role/role-name"}`),
			boundary:  allowDoc("ec2:*", "*"), want: policy.ImplicitDeny},
		// "arn:aws:sts::AWS-account-ID:assumed-role/role-name/role-session-name"
		// names one session: "Principals must always name a specific session."
		{name: "assumed-role session principal", principal: session(acctA, "role-name", "role-session-name"), resAcct: acctA,
			resPolicy: bucketPolicy(`{"AWS":"arn:aws:sts::111122223333:assumed-role/role-name/role-session-name"}`),
			session:   []string{allowDoc("ec2:*", "*")}, want: policy.Allow},
		{name: "assumed-role session principal: another session", principal: session(acctA, "role-name", "other"), resAcct: acctA,
			resPolicy: bucketPolicy(`{"AWS":"arn:aws:sts::111122223333:assumed-role/role-name/role-session-name"}`),
			want:      policy.ImplicitDeny},
		// "In a Principal element, the user name part of the Amazon Resource
		// Name (ARN) is case sensitive."
		{name: "user principals", principal: user(acctA, "user-name-2"), resAcct: acctA,
			resPolicy: bucketPolicy(`{"AWS":["arn:aws:iam::111122223333:user/user-name-1","arn:aws:iam::111122223333:user/user-name-2"]}`),
			want:      policy.Allow},
		{name: "user principal name is case sensitive", principal: user(acctA, "user-name"), resAcct: acctA,
			resPolicy: bucketPolicy(`{"AWS":"arn:aws:iam::111122223333:user/User-Name"}`), want: policy.ImplicitDeny},
		// "To specify the federated user session ARN in the Principal element
		// ... arn:aws:sts::AWS-account-ID:federated-user/user-name"
		{name: "federated user session principal", principal: federatedUser(acctA, "bob", "user-name"), resAcct: acctA,
			resPolicy: bucketPolicy(`{"AWS":"arn:aws:sts::111122223333:federated-user/user-name"}`), want: policy.Allow},
		{name: "federated user session principal: another session", principal: federatedUser(acctA, "bob", "other"), resAcct: acctA,
			resPolicy: bucketPolicy(`{"AWS":"arn:aws:sts::111122223333:federated-user/user-name"}`), want: policy.ImplicitDeny},
		// "For resource-based policies, using a wildcard (*) with an Allow
		// effect grants access to all users, including anonymous users ... For
		// anonymous users, the following elements are equivalent".
		{name: `Principal "*" admits anonymous callers`, principal: &policy.Principal{Type: policy.Anonymous},
			resPolicy: bucketPolicy(`"*"`), want: policy.Allow},
		{name: `Principal {"AWS":"*"} admits anonymous callers`, principal: &policy.Principal{Type: policy.Anonymous},
			resPolicy: bucketPolicy(`{"AWS":"*"}`), want: policy.Allow},
		// "For IAM users and role principals within your account, no other
		// permissions are required. For principals in other accounts, they
		// must also have identity-based permissions in their account".
		{name: "wildcard: a user of the account needs nothing else", principal: user(acctA, "alice"), resAcct: acctA,
			resPolicy: bucketPolicy(`"*"`), want: policy.Allow},
		{name: "wildcard: a user of another account needs an identity policy", principal: user(acctB, "bob"), resAcct: acctA,
			resPolicy: bucketPolicy(`"*"`), want: policy.ImplicitDeny,
			reason: " because no identity-based policy allows the s3:GetObject action"},
		{name: "wildcard: a user of another account with an identity policy", principal: user(acctB, "bob"), resAcct: acctA,
			resPolicy: bucketPolicy(`"*"`), identity: s3Get, want: policy.Allow},
		// "Identity-based policy types, such as permissions boundaries or
		// session policies, do not limit permissions granted using the
		// aws:PrincipalArn condition key with a wildcard(*) in the Principal
		// element, unless the identity-based policies contain an explicit
		// deny."
		{name: "wildcard with aws:PrincipalArn is not limited by a session policy", principal: session(acctA, "role-name", "s"),
			resAcct: acctA, ctx: ctx("aws:PrincipalArn", "arn:aws:iam::111122223333:role/role-name"),
			resPolicy: stmts(`{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"*",
				"Condition":{"ArnEquals":{"aws:PrincipalArn":"arn:aws:iam::111122223333:role/role-name"}}}`),
			session: []string{allowDoc("ec2:*", "*")}, boundary: allowDoc("ec2:*", "*"), want: policy.Allow},
		{name: "wildcard with aws:PrincipalArn: another role", principal: session(acctA, "other", "s"),
			resAcct: acctA, ctx: ctx("aws:PrincipalArn", "arn:aws:iam::111122223333:role/other"),
			resPolicy: stmts(`{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"*",
				"Condition":{"ArnEquals":{"aws:PrincipalArn":"arn:aws:iam::111122223333:role/role-name"}}}`),
			want: policy.ImplicitDeny},
		{name: "wildcard with aws:PrincipalArn: an identity deny still wins", principal: session(acctA, "role-name", "s"),
			resAcct: acctA, ctx: ctx("aws:PrincipalArn", "arn:aws:iam::111122223333:role/role-name"),
			resPolicy: stmts(`{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"*",
				"Condition":{"ArnEquals":{"aws:PrincipalArn":"arn:aws:iam::111122223333:role/role-name"}}}`),
			identity: []string{denyDoc("s3:*", "*")}, want: policy.ExplicitDeny},
	}))
	// "In IAM roles, use the Principal element in the role trust policy to
	// specify who can assume the role. For cross-account access, you must
	// specify the 12-digit identifier of the trusted account." "After you
	// create the role, you can change the account to "*" to allow everyone
	// to assume the role."
	trust := func(principal string) string {
		return stmts(`{"Effect":"Allow","Principal":{"AWS":` + principal + `},"Action":"sts:AssumeRole"}`)
	}
	assume := []string{allowDoc("sts:AssumeRole", "*")}
	runCases(t, fill(evalCase{action: "sts:AssumeRole", resource: "arn:aws:iam::111122223333:role/shared", resAcct: acctA,
		mode: policy.ResourcePolicyRequired}, []evalCase{
		{name: "trust names the trusted account", principal: user("123456789012", "dev"), resKind: policy.Trust,
			resPolicy: trust(`"123456789012"`), identity: assume, want: policy.Allow},
		{name: "trust names the trusted account: no identity policy", principal: user("123456789012", "dev"), resKind: policy.Trust,
			resPolicy: trust(`"123456789012"`), want: policy.ImplicitDeny,
			reason: " because no identity-based policy allows the sts:AssumeRole action"},
		{name: "trust names another account", principal: user("999999999999", "dev"), resKind: policy.Trust,
			resPolicy: trust(`"123456789012"`), identity: assume, want: policy.ImplicitDeny,
			reason: " because no resource-based policy allows the sts:AssumeRole action"},
		{name: "trust changed to everyone", principal: user("999999999999", "dev"), resKind: policy.Trust,
			resPolicy: trust(`"*"`), identity: assume, want: policy.Allow},
	}))

	// "a resource-based policy that can be used instead of NotPrincipal With
	// Deny to explicitly deny all principals except for the ones specified in
	// the Condition element" (UsePrincipalArnInsteadOfNotPrincipalWithDeny).
	denyOthers := stmts(`{"Sid":"UsePrincipalArnInsteadOfNotPrincipalWithDeny","Effect":"Deny","Action":"s3:*","Principal":"*",
		"Resource":["arn:aws:s3:::BUCKETNAME/*","arn:aws:s3:::BUCKETNAME"],
		"Condition":{"ArnNotEquals":{"aws:PrincipalArn":"arn:aws:iam::444455556666:user/user-name"}}}`)
	runCases(t, []evalCase{
		{name: "PrincipalArn deny spares the named user", principal: user(acctB, "user-name"), resAcct: acctA,
			action: "s3:GetObject", resource: "arn:aws:s3:::BUCKETNAME/x", ctx: ctx("aws:PrincipalArn", "arn:aws:iam::444455556666:user/user-name"),
			resPolicy: denyOthers, identity: s3Get, want: policy.ImplicitDeny,
			reason: " because no resource-based policy allows the s3:GetObject action"},
		{name: "PrincipalArn deny denies everyone else", principal: user(acctB, "other"), resAcct: acctA,
			action: "s3:GetObject", resource: "arn:aws:s3:::BUCKETNAME/x", ctx: ctx("aws:PrincipalArn", "arn:aws:iam::444455556666:user/other"),
			resPolicy: denyOthers, identity: s3Get, want: policy.ExplicitDeny},
	})
}

// reference_policies_elements_notprincipal: NotPrincipal with Deny spares
// only a caller whose whole chain (account, role, session) is listed.
func TestDocsNotPrincipal(t *testing.T) {
	// "all principals except the user named Bob in AWS account 444455556666
	// are explicitly denied access ... This example by itself does not grant
	// access to Bob".
	bob := func(notPrincipal string) string {
		return stmts(`{"Effect":"Deny","NotPrincipal":{"AWS":`+notPrincipal+`},"Action":"s3:*",
			"Resource":["arn:aws:s3:::BUCKETNAME","arn:aws:s3:::BUCKETNAME/*"]}`,
			`{"Effect":"Allow","Principal":{"AWS":"444455556666"},"Action":"s3:*","Resource":"*"}`)
	}
	// "all principals except the assumed-role user named
	// cross-account-audit-app in AWS account 444455556666 are explicitly
	// denied access".
	audit := func(notPrincipal string) string {
		return stmts(`{"Effect":"Deny","NotPrincipal":{"AWS":`+notPrincipal+`},"Action":"s3:*",
			"Resource":["arn:aws:s3:::Bucket_AccountAudit","arn:aws:s3:::Bucket_AccountAudit/*"]}`,
			`{"Effect":"Allow","Principal":{"AWS":"444455556666"},"Action":"s3:*","Resource":"*"}`)
	}
	const bobAndAccount = `["arn:aws:iam::444455556666:user/Bob","arn:aws:iam::444455556666:root"]`
	const fullChain = `["arn:aws:sts::444455556666:assumed-role/cross-account-read-only-role/cross-account-audit-app",
		"arn:aws:iam::444455556666:role/cross-account-read-only-role","arn:aws:iam::444455556666:root"]`
	s3All := []string{allowDoc("s3:*", "*")}
	app := session(acctB, "cross-account-read-only-role", "cross-account-audit-app")
	runCases(t, fill(evalCase{action: "s3:GetObject"}, []evalCase{
		{name: "Bob is spared", principal: user(acctB, "Bob"), resource: "arn:aws:s3:::BUCKETNAME/x",
			resPolicy: bob(bobAndAccount), identity: s3All, want: policy.Allow},
		{name: "the deny alone does not grant Bob access", principal: user(acctB, "Bob"), resource: "arn:aws:s3:::BUCKETNAME/x",
			resPolicy: stmts(`{"Effect":"Deny","NotPrincipal":{"AWS":` + bobAndAccount + `},"Action":"s3:*","Resource":"arn:aws:s3:::BUCKETNAME/*"}`),
			identity:  s3All, want: policy.ImplicitDeny, reason: " because no resource-based policy allows the s3:GetObject action"},
		{name: "another user of Bob's account is denied", principal: user(acctB, "Alice"), resource: "arn:aws:s3:::BUCKETNAME/x",
			resPolicy: bob(bobAndAccount), identity: s3All, want: policy.ExplicitDeny},
		// "If the NotPrincipal element contained only Bob's ARN, the effect of
		// the policy might be to explicitly deny access to the AWS account
		// that contains the user Bob."
		{name: "Bob's ARN without his account's", principal: user(acctB, "Bob"), resource: "arn:aws:s3:::BUCKETNAME/x",
			resPolicy: bob(`"arn:aws:iam::444455556666:user/Bob"`), identity: s3All, want: policy.ExplicitDeny},
		{name: "the audit session is spared", principal: app, resource: "arn:aws:s3:::Bucket_AccountAudit/x",
			resPolicy: audit(fullChain), identity: s3All, want: policy.Allow},
		{name: "another session of the audit role is denied", principal: session(acctB, "cross-account-read-only-role", "other"),
			resource: "arn:aws:s3:::Bucket_AccountAudit/x", resPolicy: audit(fullChain), identity: s3All, want: policy.ExplicitDeny},
		// "If the NotPrincipal element was missing the ARN of the role, the
		// effect of the policy might be to explicitly deny access to the role."
		{name: "the audit session without its role's ARN", principal: app, resource: "arn:aws:s3:::Bucket_AccountAudit/x",
			resPolicy: audit(`["arn:aws:sts::444455556666:assumed-role/cross-account-read-only-role/cross-account-audit-app","arn:aws:iam::444455556666:root"]`),
			identity:  s3All, want: policy.ExplicitDeny},
		// Current page: "The NotPrincipal element with a Deny effect will
		// always deny any IAM principal that has a permissions boundary
		// policy attached, regardless of the values specified in the
		// NotPrincipal element."
		{name: "Bob with a permissions boundary is denied", principal: user(acctB, "Bob"), resource: "arn:aws:s3:::BUCKETNAME/x",
			resPolicy: bob(bobAndAccount), identity: s3All, boundary: allowDoc("s3:*", "*"), want: policy.ExplicitDeny,
			reason: " with an explicit deny in a resource-based policy"},
		{name: "the audit session of a role with a boundary is denied", principal: app, resource: "arn:aws:s3:::Bucket_AccountAudit/x",
			resPolicy: audit(fullChain), identity: s3All, boundary: allowDoc("*", "*"), want: policy.ExplicitDeny},
	}))
}

// reference_policies_elements_notaction.
func TestDocsNotAction(t *testing.T) {
	// "allows users to access all of the Amazon S3 actions that can be
	// performed on any S3 resource except for deleting a bucket. This does
	// not allow users to use the ListAllMyBuckets S3 API operation, because
	// that action requires the "*" resource. This policy also does not allow
	// actions in other services".
	s3ButDelete := stmts(`{"Effect":"Allow","NotAction":"s3:DeleteBucket","Resource":"arn:aws:s3:::*"}`)
	allButIAM := stmts(`{"Effect":"Allow","NotAction":"iam:*","Resource":"*"}`)
	// "denies access to non-IAM actions if the user is not signed in using
	// MFA".
	mfa := stmts(`{"Sid":"DenyAllUsersNotUsingMFA","Effect":"Deny","NotAction":"iam:*","Resource":"*",
		"Condition":{"BoolIfExists":{"aws:MultiFactorAuthPresent":"false"}}}`)
	runCases(t, fill(evalCase{principal: user(acctA, "alice")}, []evalCase{
		{name: "NotAction Allow: an S3 action on an S3 resource", action: "s3:GetObject", resource: "arn:aws:s3:::bucket/key",
			identity: []string{s3ButDelete}, want: policy.Allow},
		{name: "NotAction Allow: the excluded action", action: "s3:DeleteBucket", resource: "arn:aws:s3:::bucket",
			identity: []string{s3ButDelete}, want: policy.ImplicitDeny},
		{name: "NotAction Allow: ListAllMyBuckets needs the * resource", action: "s3:ListAllMyBuckets", resource: "*",
			identity: []string{s3ButDelete}, want: policy.ImplicitDeny},
		{name: "NotAction Allow: another service's resource", action: "ec2:RunInstances",
			resource: "arn:aws:ec2:us-east-1:111122223333:instance/i-1", identity: []string{s3ButDelete}, want: policy.ImplicitDeny},
		// "allows users to access every action in every AWS service except
		// for IAM".
		{name: "everything but IAM: EC2", action: "ec2:RunInstances", resource: "*", identity: []string{allButIAM}, want: policy.Allow},
		{name: "everything but IAM: IAM", action: "iam:CreateUser", resource: "*", identity: []string{allButIAM}, want: policy.ImplicitDeny},
		{name: "MFA deny: no MFA key at all", action: "s3:GetObject", resource: "*",
			identity: []string{allowAll, mfa}, want: policy.ExplicitDeny},
		{name: "MFA deny: signed in without MFA", action: "s3:GetObject", resource: "*", ctx: ctx("aws:MultiFactorAuthPresent", "false"),
			identity: []string{allowAll, mfa}, want: policy.ExplicitDeny},
		// "If the user is signed in with MFA, then the "Condition" test fails
		// and the final "Deny" statement has no effect."
		{name: "MFA deny: signed in with MFA", action: "s3:GetObject", resource: "*", ctx: ctx("aws:MultiFactorAuthPresent", "true"),
			identity: []string{allowAll, mfa}, want: policy.Allow},
		{name: "MFA deny: IAM actions are not denied", action: "iam:ChangePassword", resource: "*",
			identity: []string{allowAll, mfa}, want: policy.Allow},
		// "this would not grant the user access to any actions".
		{name: "MFA deny grants nothing", action: "iam:ChangePassword", resource: "*", ctx: ctx("aws:MultiFactorAuthPresent", "true"),
			identity: []string{mfa}, want: policy.ImplicitDeny},
	}))
}

// reference_policies_elements_notresource.
func TestDocsNotResource(t *testing.T) {
	// "Members of HRPayroll should not be allowed to access any Amazon S3
	// resources except the Payroll folder in the HRBucket bucket ... this
	// policy does not grant the user access to any resources".
	payroll := func(actions string) string {
		return stmts(`{"Effect":"Deny","Action":` + actions + `,"NotResource":["arn:aws:s3:::HRBucket/Payroll","arn:aws:s3:::HRBucket/Payroll/*"]}`)
	}
	// "You should never use the "Effect": "Allow", "Action": "*", and
	// "NotResource": "arn:aws:s3:::HRBucket" elements together ... it allows
	// all actions in AWS on all resources except the HRBucket S3 bucket. This
	// would even allow the user to add a policy to themselves".
	dangerous := stmts(`{"Effect":"Allow","Action":"*","NotResource":"arn:aws:s3:::HRBucket"}`)
	runCases(t, fill(evalCase{principal: user(acctA, "payroll-clerk")}, []evalCase{
		{name: "inside the Payroll folder", action: "s3:GetObject", resource: "arn:aws:s3:::HRBucket/Payroll/march.csv",
			identity: []string{allowAll, payroll(`"s3:*"`)}, want: policy.Allow},
		{name: "the Payroll folder itself", action: "s3:GetObject", resource: "arn:aws:s3:::HRBucket/Payroll",
			identity: []string{allowAll, payroll(`"s3:*"`)}, want: policy.Allow},
		{name: "a new folder is denied automatically", action: "s3:GetObject", resource: "arn:aws:s3:::HRBucket/Bonuses/x",
			identity: []string{allowAll, payroll(`"s3:*"`)}, want: policy.ExplicitDeny},
		{name: "another bucket", action: "s3:PutObject", resource: "arn:aws:s3:::other/x",
			identity: []string{allowAll, payroll(`"s3:*"`)}, want: policy.ExplicitDeny},
		{name: "the deny grants nothing", action: "s3:GetObject", resource: "arn:aws:s3:::HRBucket/Payroll/march.csv",
			identity: []string{payroll(`"s3:*"`)}, want: policy.ImplicitDeny},
		// "the policy affects only Amazon S3 actions".
		{name: "an EC2 action is not denied", action: "ec2:RunInstances", resource: "arn:aws:ec2:us-east-1:111122223333:instance/i-1",
			identity: []string{allowAll, payroll(`"s3:*"`)}, want: policy.Allow},
		// Current page: "If the Action element also included Amazon EC2
		// actions, then the policy would deny access to any EC2 resources not
		// specified in the NotResource element."
		{name: "with EC2 actions, EC2 resources are denied", action: "ec2:RunInstances", resource: "arn:aws:ec2:us-east-1:111122223333:instance/i-1",
			identity: []string{allowAll, payroll(`["s3:*","ec2:*"]`)}, want: policy.ExplicitDeny},
		{name: "NotResource Allow: a policy on oneself", action: "iam:PutUserPolicy", resource: "arn:aws:iam::111122223333:user/payroll-clerk",
			identity: []string{dangerous}, want: policy.Allow},
		{name: "NotResource Allow: the excluded bucket", action: "s3:PutBucketPolicy", resource: "arn:aws:s3:::HRBucket",
			identity: []string{dangerous}, want: policy.ImplicitDeny},
	}))
}

// reference_policies_elements_resource.
func TestDocsResource(t *testing.T) {
	allowOn := func(action string, resources ...string) string {
		return stmts(`{"Effect":"Allow","Action":"` + action + `","Resource":["` + strings.Join(resources, `","`) + `"]}`)
	}
	tables := allowOn("dynamodb:*", "arn:aws:dynamodb:us-east-2:111122223333:table/books_table",
		"arn:aws:dynamodb:us-east-2:111122223333:table/magazines_table")
	// "You can use the {aws:username} key in a Resource element ... allows
	// access to a Amazon DynamoDB table that matches the current user's
	// name."
	ownTable := allowOn("dynamodb:*", "arn:aws:dynamodb:us-east-2:111122223333:table/${aws:username}")
	// Current page: "arn:aws:s3:::amzn-s3-demo-bucket/*/test/*" and the
	// objects it applies to, and does not.
	nested := allowOn("s3:GetObject", "arn:aws:s3:::amzn-s3-demo-bucket/*/test/*")
	runCases(t, fill(evalCase{principal: user(acctA, "Bob")}, []evalCase{
		{name: "one SQS queue", action: "sqs:SendMessage", resource: "arn:aws:sqs:us-east-2:111122223333:queue1",
			identity: []string{allowOn("sqs:*", "arn:aws:sqs:us-east-2:111122223333:queue1")}, want: policy.Allow},
		{name: "one SQS queue: another queue", action: "sqs:SendMessage", resource: "arn:aws:sqs:us-east-2:111122223333:queue2",
			identity: []string{allowOn("sqs:*", "arn:aws:sqs:us-east-2:111122223333:queue1")}, want: policy.ImplicitDeny},
		// Current page: "In the Resource element, the IAM user name is case
		// sensitive."
		{name: "the user Bob", action: "iam:GetUser", resource: "arn:aws:iam::111122223333:user/Bob",
			identity: []string{allowOn("iam:*", "arn:aws:iam::111122223333:user/Bob")}, want: policy.Allow},
		{name: "the user bob is another user", action: "iam:GetUser", resource: "arn:aws:iam::111122223333:user/bob",
			identity: []string{allowOn("iam:*", "arn:aws:iam::111122223333:user/Bob")}, want: policy.ImplicitDeny},
		{name: "users whose path is /accounting", action: "iam:GetUser", resource: "arn:aws:iam::111122223333:user/accounting/carol",
			identity: []string{allowOn("iam:*", "arn:aws:iam::111122223333:user/accounting/*")}, want: policy.Allow},
		{name: "users on another path", action: "iam:GetUser", resource: "arn:aws:iam::111122223333:user/sales/carol",
			identity: []string{allowOn("iam:*", "arn:aws:iam::111122223333:user/accounting/*")}, want: policy.ImplicitDeny},
		{name: "all items of a bucket", action: "s3:GetObject", resource: "arn:aws:s3:::my_corporate_bucket/a/b.txt",
			identity: []string{allowOn("s3:*", "arn:aws:s3:::my_corporate_bucket/*")}, want: policy.Allow},
		{name: "two tables: the second", action: "dynamodb:GetItem", resource: "arn:aws:dynamodb:us-east-2:111122223333:table/magazines_table",
			identity: []string{tables}, want: policy.Allow},
		{name: "two tables: a third", action: "dynamodb:GetItem", resource: "arn:aws:dynamodb:us-east-2:111122223333:table/comics_table",
			identity: []string{tables}, want: policy.ImplicitDeny},
		{name: "the user's own table", action: "dynamodb:GetItem", resource: "arn:aws:dynamodb:us-east-2:111122223333:table/Bob",
			ctx: ctx("aws:username", "Bob"), identity: []string{ownTable}, want: policy.Allow},
		{name: "another user's table", action: "dynamodb:GetItem", resource: "arn:aws:dynamodb:us-east-2:111122223333:table/Alice",
			ctx: ctx("aws:username", "Bob"), identity: []string{ownTable}, want: policy.ImplicitDeny},
		{name: "*/test/*: 1/test/object.jpg", action: "s3:GetObject", resource: "arn:aws:s3:::amzn-s3-demo-bucket/1/test/object.jpg",
			identity: []string{nested}, want: policy.Allow},
		{name: "*/test/*: 1/2/3/test/4/object.jpg", action: "s3:GetObject", resource: "arn:aws:s3:::amzn-s3-demo-bucket/1/2/3/test/4/object.jpg",
			identity: []string{nested}, want: policy.Allow},
		{name: "*/test/*: 1///test///object.jpg", action: "s3:GetObject", resource: "arn:aws:s3:::amzn-s3-demo-bucket/1///test///object.jpg",
			identity: []string{nested}, want: policy.Allow},
		{name: "*/test/*: //test/object.jpg", action: "s3:GetObject", resource: "arn:aws:s3:::amzn-s3-demo-bucket//test/object.jpg",
			identity: []string{nested}, want: policy.Allow},
		{name: "*/test/*: 1/test/", action: "s3:GetObject", resource: "arn:aws:s3:::amzn-s3-demo-bucket/1/test/",
			identity: []string{nested}, want: policy.Allow},
		{name: "*/test/*: not 1-test/object.jpg", action: "s3:GetObject", resource: "arn:aws:s3:::amzn-s3-demo-bucket/1-test/object.jpg",
			identity: []string{nested}, want: policy.ImplicitDeny},
		{name: "*/test/*: not test/object.jpg", action: "s3:GetObject", resource: "arn:aws:s3:::amzn-s3-demo-bucket/test/object.jpg",
			identity: []string{nested}, want: policy.ImplicitDeny},
		// Current page: "If the * wildcard is the last character of a
		// resource ARN segment, it can expand to match beyond the colon
		// boundaries" — as the log group's trailing * covers the colons of
		// its log streams.
		{name: "a trailing * matches beyond colons", action: "logs:PutLogEvents",
			resource: "arn:aws:logs:us-east-1:111122223333:log-group:/aws/lambda/fn:log-stream:2024/01/01/abc",
			identity: []string{allowOn("logs:*", "arn:aws:logs:*:*:log-group:/aws/lambda/*")}, want: policy.Allow},
		{name: "a trailing * of another log group", action: "logs:PutLogEvents",
			resource: "arn:aws:logs:us-east-1:111122223333:log-group:/aws/lambda/fn:log-stream:2024/01/01/abc",
			identity: []string{allowOn("logs:*", "arn:aws:logs:*:*:log-group:/aws/ecs/*")}, want: policy.ImplicitDeny},
		// "You can use wildcard characters (* and ?) within any ARN segment
		// ... a question mark (?) represents any single character."
		{name: "? in the region segment", action: "ec2:StartInstances", resource: "arn:aws:ec2:us-east-1:111122223333:instance/i-1",
			identity: []string{allowOn("ec2:*", "arn:aws:ec2:us-????-1:111122223333:instance/*")}, want: policy.Allow},
		{name: "? is one character", action: "ec2:StartInstances", resource: "arn:aws:ec2:us-west-2:111122223333:instance/i-1",
			identity: []string{allowOn("ec2:*", "arn:aws:ec2:us-????-1:111122223333:instance/*")}, want: policy.ImplicitDeny},
	}))
}

// reference_policies_elements_condition.
func TestDocsConditionElement(t *testing.T) {
	holds := func(condition string, c policy.Keys) bool {
		t.Helper()
		return conditionHolds(t, condition, c)
	}
	tests := []struct {
		name      string
		condition string
		ctx       policy.Keys
		want      bool
	}{
		// "the following condition includes the StringEquals operator to
		// ensure that only requests made by johndoe will match. Users named
		// JohnDoe are denied access."
		{"StringEquals johndoe", `{"StringEquals":{"aws:username":"johndoe"}}`, ctx("aws:username", "johndoe"), true},
		{"StringEquals JohnDoe", `{"StringEquals":{"aws:username":"johndoe"}}`, ctx("aws:username", "JohnDoe"), false},
		{"StringEqualsIgnoreCase johndoe", `{"StringEqualsIgnoreCase":{"aws:username":"johndoe"}}`, ctx("aws:username", "johndoe"), true},
		{"StringEqualsIgnoreCase JohnDoe", `{"StringEqualsIgnoreCase":{"aws:username":"johndoe"}}`, ctx("aws:username", "JohnDoe"), true},
		// "including the aws:SourceIP condition key is equivalent to testing
		// for AWS:SourceIp".
		{"key name aws:SourceIP", `{"IpAddress":{"aws:SourceIP":"203.0.113.0/24"}}`, ctx("AWS:SourceIp", "203.0.113.5"), true},
		// "if you specify "ec2:ResourceTag:TagKey1": "Value1" ... the
		// condition matches a resource tag key named either TagKey1 or
		// tagkey1".
		{"tag key TagKey1", `{"StringEquals":{"ec2:ResourceTag/TagKey1":"Value1"}}`, ctx("ec2:ResourceTag/TagKey1", "Value1"), true},
		{"tag key tagkey1", `{"StringEquals":{"ec2:ResourceTag/TagKey1":"Value1"}}`, ctx("ec2:ResourceTag/tagkey1", "Value1"), true},
		{"tag value is case sensitive", `{"StringEquals":{"ec2:ResourceTag/TagKey1":"Value1"}}`, ctx("ec2:ResourceTag/TagKey1", "value1"), false},
		{"DateGreaterThan 2013-12-15T12:00:00Z", `{"DateGreaterThan":{"aws:CurrentTime":"2013-12-15T12:00:00Z"}}`,
			ctx("aws:CurrentTime", "2013-12-15T12:00:01Z"), true},
		{"DateGreaterThan: the instant itself", `{"DateGreaterThan":{"aws:CurrentTime":"2013-12-15T12:00:00Z"}}`,
			ctx("aws:CurrentTime", "2013-12-15T12:00:00Z"), false},
		// "{"StringLike": {"s3:prefix": ["${aws:username}/*"]}}"
		{"s3:prefix under the user's name", `{"StringLike":{"s3:prefix":["${aws:username}/*"]}}`,
			ctx("s3:prefix", "janedoe/notes", "aws:username", "janedoe"), true},
		{"s3:prefix under another name", `{"StringLike":{"s3:prefix":["${aws:username}/*"]}}`,
			ctx("s3:prefix", "johndoe/notes", "aws:username", "janedoe"), false},
		// "it is possible to include an empty string. In this case, the value
		// in the request context is null ... if you use the multivalued
		// ForAllValues condition operator with the aws:TagKeys condition key,
		// you can experience unexpected results if the request context
		// returns null."
		{"ForAllValues with a null (empty string) aws:TagKeys", `{"ForAllValues:StringEquals":{"aws:TagKeys":["env"]}}`,
			ctx("aws:TagKeys", ""), true},
	}
	for _, tt := range tests {
		if got := holds(tt.condition, tt.ctx); got != tt.want {
			t.Errorf("%s: condition %s with %v = %v, want %v", tt.name, tt.condition, tt.ctx, got, tt.want)
		}
	}

	// "the following policy allows removing your own multifactor
	// authentication (MFA) device, but only if you have signed in using MFA
	// in the last hour (3,600 seconds)": true, false, and not present.
	removeMFA := stmts(`{"Sid":"AllowRemoveMfaOnlyIfRecentMfa","Effect":"Allow",
		"Action":["iam:DeactivateMFADevice","iam:DeleteVirtualMFADevice"],
		"Resource":"arn:aws:iam::*:user/${aws:username}",
		"Condition":{"NumericLessThanEquals":{"aws:MultiFactorAuthAge":"3600"}}}`)
	runCases(t, fill(evalCase{principal: user(acctA, "janedoe"), action: "iam:DeactivateMFADevice",
		resource: "arn:aws:iam::111122223333:user/janedoe"}, []evalCase{
		{name: "MFA 20 minutes ago", ctx: ctx("aws:username", "janedoe", "aws:MultiFactorAuthAge", "1200"),
			identity: []string{removeMFA}, want: policy.Allow},
		{name: "MFA two hours ago", ctx: ctx("aws:username", "janedoe", "aws:MultiFactorAuthAge", "7200"),
			identity: []string{removeMFA}, want: policy.ImplicitDeny},
		{name: "access keys: the key is not present", ctx: ctx("aws:username", "janedoe"),
			identity: []string{removeMFA}, want: policy.ImplicitDeny},
		{name: "another user's device", resource: "arn:aws:iam::111122223333:user/johndoe",
			ctx: ctx("aws:username", "janedoe", "aws:MultiFactorAuthAge", "1200"), identity: []string{removeMFA}, want: policy.ImplicitDeny},
	}))
}

// reference_policies_elements_version: "variables such as ${aws:username}
// aren't recognized as variables and are instead treated as literal strings"
// in 2008-10-17 documents, and (the page's earlier text) "If you do not
// include a Version element, the value defaults to 2008-10-17".
func TestDocsVersion(t *testing.T) {
	doc := func(version string) string {
		v := ""
		if version != "" {
			v = `"Version":"` + version + `",`
		}
		return `{` + v + `"Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::home/${aws:username}"}]}`
	}
	for _, tt := range []struct {
		version  string
		resource string
		want     bool
	}{
		{policy.Version2012, "arn:aws:s3:::home/alice", true},
		{policy.Version2012, "arn:aws:s3:::home/${aws:username}", false},
		{policy.Version2008, "arn:aws:s3:::home/alice", false},
		{policy.Version2008, "arn:aws:s3:::home/${aws:username}", true},
		{"", "arn:aws:s3:::home/alice", false},
		{"", "arn:aws:s3:::home/${aws:username}", true},
	} {
		p := mustParse(t, policy.Inline, doc(tt.version))
		req := &policy.Request{Principal: user(acctA, "alice"), Action: "s3:GetObject", Resource: tt.resource,
			ResourceAccount: acctA, Context: ctx("aws:username", "alice")}
		if got := policy.Evaluate(req, &policy.Policies{Identity: []*policy.Policy{p}}, nil).Allowed(); got != tt.want {
			t.Errorf("Version %q, resource %s: allowed = %v, want %v", tt.version, tt.resource, got, tt.want)
		}
	}
}
