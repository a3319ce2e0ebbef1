package policy_test

import (
	"testing"

	"github.com/amityhq/amity/internal/policy"
)

// reference_policies_evaluation-logic: the Carlos example, explicit and
// implicit denies, and how a resource-based policy combines with the other
// policy types for each kind of principal.
func TestDocsEvaluationLogic(t *testing.T) {
	// "Assume that Carlos has the user name carlossalazar and he tries to
	// save a file to the carlossalazar-logs Amazon S3 bucket."
	carlosPolicy := stmts(`{"Sid":"AllowS3ListRead","Effect":"Allow","Action":["s3:GetBucketLocation","s3:GetAccountPublicAccessBlock",
		"s3:ListAccessPoints","s3:ListAllMyBuckets"],"Resource":"arn:aws:s3:::*"}`,
		`{"Sid":"AllowS3Self","Effect":"Allow","Action":"s3:*","Resource":["arn:aws:s3:::carlossalazar/*","arn:aws:s3:::carlossalazar"]}`,
		`{"Sid":"DenyS3Logs","Effect":"Deny","Action":"s3:*","Resource":"arn:aws:s3:::*log*"}`)
	carlosBucket := stmts(`{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:user/carlossalazar"},"Action":"s3:*",
		"Resource":["arn:aws:s3:::carlossalazar/*","arn:aws:s3:::carlossalazar"]}`)
	// "The AllowGetList statement allows read-only access to IAM actions that
	// begin with the prefixes Get and List. All other actions in IAM, such as
	// iam:CreatePolicy are implicitly denied. The DenyReports statement
	// explicitly denies access to IAM reports ... If someone adds another
	// policy ... such as iam:GenerateCredentialReport, report-related
	// requests are still denied".
	getList := stmts(`{"Sid":"AllowGetList","Effect":"Allow","Action":["iam:Get*","iam:List*"],"Resource":"*"}`,
		`{"Sid":"DenyReports","Effect":"Deny","Action":"iam:*Report","Resource":"*"}`)
	carlos := user("123456789012", "carlossalazar")
	runCases(t, fill(evalCase{principal: carlos, resAcct: "123456789012", action: "s3:PutObject"}, []evalCase{
		{name: "Carlos saves to carlossalazar-logs", resource: "arn:aws:s3:::carlossalazar-logs",
			identity: []string{carlosPolicy}, want: policy.ExplicitDeny, reason: " with an explicit deny in an identity-based policy"},
		{name: "Carlos saves to carlossalazar", resource: "arn:aws:s3:::carlossalazar/file.txt",
			identity: []string{carlosPolicy}, resPolicy: carlosBucket, want: policy.Allow},
		// "If either the identity-based policy or the resource-based policy
		// within the same acccount allows the request and the other doesn't,
		// the request is still allowed."
		{name: "the bucket policy alone", resource: "arn:aws:s3:::carlossalazar/file.txt", resPolicy: carlosBucket, want: policy.Allow},
		{name: "the identity policy alone", resource: "arn:aws:s3:::carlossalazar/file.txt", identity: []string{carlosPolicy}, want: policy.Allow},
		{name: "another user and the bucket policy", principal: user("123456789012", "someone"), resource: "arn:aws:s3:::carlossalazar/file.txt",
			resPolicy: carlosBucket, want: policy.ImplicitDeny},
		{name: "Carlos lists his buckets", action: "s3:ListAllMyBuckets", resource: "arn:aws:s3:::anything",
			identity: []string{carlosPolicy}, want: policy.Allow},
		{name: "AllowGetList: iam:GetUser", action: "iam:GetUser", resource: "*", identity: []string{getList}, want: policy.Allow},
		{name: "AllowGetList: iam:CreatePolicy is implicitly denied", action: "iam:CreatePolicy", resource: "*",
			identity: []string{getList}, want: policy.ImplicitDeny},
		{name: "DenyReports: iam:GetOrganizationsAccessReport", action: "iam:GetOrganizationsAccessReport", resource: "*",
			identity: []string{getList}, want: policy.ExplicitDeny},
		{name: "DenyReports: another policy allows iam:GenerateCredentialReport", action: "iam:GenerateCredentialReport", resource: "*",
			identity: []string{getList, allowDoc("iam:GenerateCredentialReport", "*")}, want: policy.ExplicitDeny},
	}))

	// "For most resources, you only need an explicit allow for the principal
	// in either an identity-based policy or a resource-based policy to grant
	// access. IAM role trust policies and KMS key policies are exceptions to
	// this logic, because they must explicitly allow access for principals."
	runCases(t, fill(evalCase{principal: user(acctA, "dev"), action: "sts:AssumeRole", resource: "arn:aws:iam::111122223333:role/r",
		resAcct: acctA, mode: policy.ResourcePolicyRequired, resKind: policy.Trust}, []evalCase{
		{name: "trust policy names another principal; the identity policy allows", identity: []string{allowDoc("sts:AssumeRole", "*")},
			resPolicy: stmts(`{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}`),
			want:      policy.ImplicitDeny, reason: " because no resource-based policy allows the sts:AssumeRole action"},
		{name: "trust policy names the user", resPolicy: stmts(`{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:user/dev"},"Action":"sts:AssumeRole"}`),
			want: policy.Allow},
	}))

	// "Resource-based policies and implicit denies in other policy types
	// (same account)", principal by principal.
	rbp := func(principal string) string { return resourceDoc("Allow", `{"AWS":"`+principal+`"}`, "s3:GetObject") }
	role := session(acctA, "examplerole", "examplerolesessionname")
	fed := federatedUser(acctA, "exampleuser", "exampleuser")
	ec2Only := allowDoc("ec2:*", "*")
	runCases(t, fill(evalCase{action: "s3:GetObject", resource: "arn:aws:s3:::bucket/key", resAcct: acctA}, []evalCase{
		// "IAM role – Resource-based policies that grant permissions to an
		// IAM role ARN are limited by an implicit deny in a permissions
		// boundary or session policy."
		{name: "role ARN: no limits", principal: role, resPolicy: rbp("arn:aws:iam::111122223333:role/examplerole"), want: policy.Allow},
		{name: "role ARN: limited by a boundary", principal: role, resPolicy: rbp("arn:aws:iam::111122223333:role/examplerole"),
			boundary: ec2Only, want: policy.ImplicitDeny},
		{name: "role ARN: limited by a session policy", principal: role, resPolicy: rbp("arn:aws:iam::111122223333:role/examplerole"),
			session: []string{ec2Only}, want: policy.ImplicitDeny},
		// "IAM role session – ... Permissions granted directly to a session
		// are not limited by an implicit deny in an identity-based policy, a
		// permissions boundary, or session policy."
		{name: "role session ARN: beyond boundary and session policy", principal: role,
			resPolicy: rbp("arn:aws:sts::111122223333:assumed-role/examplerole/examplerolesessionname"),
			boundary:  ec2Only, session: []string{ec2Only}, want: policy.Allow},
		// "IAM user – Within the same account, resource-based policies that
		// grant permissions to an IAM user ARN ... are not limited by an
		// implicit deny in an identity-based policy or permissions boundary."
		{name: "IAM user ARN: beyond the boundary", principal: user(acctA, "exampleuser"),
			resPolicy: rbp("arn:aws:iam::111122223333:user/exampleuser"), boundary: ec2Only, want: policy.Allow},
		// "IAM federated user sessions – ... resource-based policies that
		// grant permissions to a federated user ARN grant permissions directly
		// to the session. Permissions granted directly to a session are not
		// limited by an implicit deny in an identity-based policy, a
		// permissions boundary, or session policy."
		{name: "federated user session ARN: beyond boundary and session policy", principal: fed,
			resPolicy: rbp("arn:aws:sts::111122223333:federated-user/exampleuser"),
			boundary:  ec2Only, session: []string{ec2Only}, want: policy.Allow},
		// "However, if a resource-based policy grants permission to the ARN
		// of the IAM user who federated, then requests made by the federated
		// user during the session are limited by an implicit deny in a
		// permission boundary or session policy."
		{name: "the IAM user who federated: within the session policy", principal: fed,
			resPolicy: rbp("arn:aws:iam::111122223333:user/exampleuser"), session: []string{allowDoc("s3:*", "*")}, want: policy.Allow},
		{name: "the IAM user who federated: limited by the session policy", principal: fed,
			resPolicy: rbp("arn:aws:iam::111122223333:user/exampleuser"), session: []string{ec2Only}, want: policy.ImplicitDeny},
		{name: "the IAM user who federated: limited by the boundary", principal: fed,
			resPolicy: rbp("arn:aws:iam::111122223333:user/exampleuser"), session: []string{allowDoc("s3:*", "*")},
			boundary: ec2Only, want: policy.ImplicitDeny},
		// "If there is no session policy, the code checks whether the
		// principal is a role session. If the principal is a role session,
		// then the request is Allowed. Otherwise, the request is implicitly
		// denied".
		{name: "role session without a session policy", principal: role, identity: []string{allowDoc("s3:*", "*")}, want: policy.Allow},
		{name: "federated user session without a session policy", principal: fed, identity: []string{allowDoc("s3:*", "*")},
			want: policy.ImplicitDeny, reason: " because no session policy allows the s3:GetObject action"},
		{name: "federated user session with a session policy", principal: fed, identity: []string{allowDoc("s3:*", "*")},
			session: []string{allowDoc("s3:Get*", "*")}, want: policy.Allow},
		{name: "a session policy that does not allow", principal: role, identity: []string{allowDoc("s3:*", "*")},
			session: []string{ec2Only}, want: policy.ImplicitDeny, reason: " because no session policy allows the s3:GetObject action"},
		// "By default, all requests are implicitly denied with the exception
		// of the AWS account root user, which has full access." "The SCP
		// maximum applies to principals in member accounts, including each AWS
		// account root user."
		{name: "the root user", principal: root(acctA), want: policy.Allow},
		{name: "the root user under an SCP that does not allow", principal: root(acctA), scps: []string{ec2Only},
			want: policy.ImplicitDeny, reason: " with an explicit deny in a service control policy"},
		// "If both a permissions boundary and an SCP are present, then the
		// boundary, the SCP, and the identity-based policy must all allow the
		// action."
		{name: "SCP, boundary and identity policy all allow", principal: user(acctA, "u"), scps: []string{allowAll},
			boundary: allowDoc("s3:*", "*"), identity: []string{allowDoc("s3:GetObject", "*")}, want: policy.Allow},
		{name: "the SCP does not allow", principal: user(acctA, "u"), scps: []string{ec2Only},
			boundary: allowDoc("s3:*", "*"), identity: []string{allowDoc("s3:GetObject", "*")}, want: policy.ImplicitDeny},
		// "Remember, an explicit deny in any of these policies overrides the
		// allow."
		{name: "an explicit deny in a session policy", principal: role, identity: []string{allowAll},
			session: []string{allowAll, denyDoc("s3:*", "*")}, want: policy.ExplicitDeny, reason: " with an explicit deny in a session policy"},
	}))
}

// reference_policies_evaluation-logic-cross-account: Carlos in 111111111111
// and the Production buckets of 222222222222.
func TestDocsCrossAccount(t *testing.T) {
	carlosPolicy := stmts(`{"Sid":"AllowS3ListRead","Effect":"Allow","Action":"s3:ListAllMyBuckets","Resource":"*"}`,
		`{"Sid":"AllowS3ProductionObjectActions","Effect":"Allow","Action":"s3:*Object*","Resource":"arn:aws:s3:::Production/*"}`,
		`{"Sid":"DenyS3Logs","Effect":"Deny","Action":"s3:*","Resource":["arn:aws:s3:::*log*","arn:aws:s3:::*log*/*"]}`)
	// "This policy allows the carlossalazar user to access objects in the
	// Production bucket. He can create and edit, but not delete the objects
	// in the bucket. He can't manage the bucket itself."
	production := stmts(`{"Effect":"Allow","Action":["s3:GetObject*","s3:PutObject*","s3:ReplicateObject","s3:RestoreObject"],
		"Principal":{"AWS":"arn:aws:iam::111111111111:user/carlossalazar"},"Resource":"arn:aws:s3:::Production/*"}`)
	runCases(t, fill(evalCase{principal: user("111111111111", "carlossalazar"), resAcct: "222222222222",
		identity: []string{carlosPolicy}}, []evalCase{
		// "When AWS evaluates account 111111111111, it returns a decision of
		// Deny ... Because the request is explicitly denied within one of the
		// accounts, the final decision is to deny the request."
		{name: "save to Production-logs", action: "s3:PutObject", resource: "arn:aws:s3:::Production-logs/file",
			want: policy.ExplicitDeny, reason: " with an explicit deny in an identity-based policy"},
		{name: "save to Production", action: "s3:PutObject", resource: "arn:aws:s3:::Production/file",
			resPolicy: production, want: policy.Allow},
		{name: "delete from Production", action: "s3:DeleteObject", resource: "arn:aws:s3:::Production/file",
			resPolicy: production, want: policy.ImplicitDeny, reason: " because no resource-based policy allows the s3:DeleteObject action"},
		{name: "manage the Production bucket", action: "s3:PutBucketPolicy", resource: "arn:aws:s3:::Production",
			resPolicy: production, want: policy.ImplicitDeny},
		// "the requester in the trusted AccountA must have an identity-based
		// policy".
		{name: "save to Production without the identity policy", action: "s3:PutObject", resource: "arn:aws:s3:::Production/file",
			identity: []string{}, resPolicy: production, want: policy.ImplicitDeny,
			reason: " because no identity-based policy allows the s3:PutObject action"},
	}))
}

// access_policies_boundaries: Shirley, then María, Zhang and Nikhil.
func TestDocsPermissionsBoundaries(t *testing.T) {
	// "the IAM user named ShirleyRodriguez should be allowed to manage only
	// Amazon S3, Amazon CloudWatch, and Amazon EC2 ... If you attach this
	// policy to the ShirleyRodriguez user, and Shirley tries to create a
	// user, the operation fails."
	shirley := stmts(`{"Effect":"Allow","Action":["s3:*","cloudwatch:*","ec2:*"],"Resource":"*"}`)
	createUser := stmts(`{"Effect":"Allow","Action":"iam:CreateUser","Resource":"*"}`)
	runCases(t, fill(evalCase{principal: user(acctA, "ShirleyRodriguez"), boundary: shirley}, []evalCase{
		{name: "Shirley creates a user", action: "iam:CreateUser", resource: "*", identity: []string{createUser},
			want: policy.ImplicitDeny, reason: " because no permissions boundary allows the iam:CreateUser action"},
		{name: "the boundary alone grants nothing", action: "s3:ListAllMyBuckets", resource: "*", identity: []string{createUser},
			want: policy.ImplicitDeny, reason: " because no identity-based policy allows the s3:ListAllMyBuckets action"},
		{name: "a permissions policy for S3", action: "s3:ListAllMyBuckets", resource: "*", identity: []string{allowDoc("s3:*", "*")},
			want: policy.Allow},
	}))

	xCompany := stmts(`{"Sid":"ServiceBoundaries","Effect":"Allow","Action":["s3:*","cloudwatch:*","ec2:*","dynamodb:*"],"Resource":"*"}`,
		`{"Sid":"AllowIAMConsoleForCredentials","Effect":"Allow","Action":["iam:ListUsers","iam:GetAccountPasswordPolicy"],"Resource":"*"}`,
		`{"Sid":"AllowManageOwnPasswordAndAccessKeys","Effect":"Allow","Action":["iam:*AccessKey*","iam:ChangePassword","iam:GetUser",
		  "iam:*ServiceSpecificCredential*","iam:*SigningCertificate*"],"Resource":["arn:aws:iam::*:user/${aws:username}"]}`,
		`{"Sid":"DenyS3Logs","Effect":"Deny","Action":"s3:*","Resource":["arn:aws:s3:::logs","arn:aws:s3:::logs/*"]}`,
		`{"Sid":"DenyEC2Production","Effect":"Deny","Action":"ec2:*","Resource":"arn:aws:ec2:*:*:instance/i-1234567890abcdef0"}`)
	delegatedBoundary := stmts(`{"Sid":"CreateOrChangeOnlyWithBoundary","Effect":"Allow","Action":["iam:CreateUser","iam:DeleteUserPolicy",
		  "iam:AttachUserPolicy","iam:DetachUserPolicy","iam:PutUserPermissionsBoundary","iam:PutUserPolicy"],"Resource":"*",
		  "Condition":{"StringEquals":{"iam:PermissionsBoundary":"arn:aws:iam::123456789012:policy/XCompanyBoundaries"}}}`,
		`{"Sid":"CloudWatchAndOtherIAMTasks","Effect":"Allow","Action":["cloudwatch:*","iam:GetUser","iam:ListUsers","iam:DeleteUser",
		  "iam:UpdateUser","iam:CreateAccessKey","iam:CreateLoginProfile","iam:GetAccountPasswordPolicy","iam:GetLoginProfile",
		  "iam:ListGroups","iam:ListGroupsForUser","iam:CreateGroup","iam:GetGroup","iam:DeleteGroup","iam:UpdateGroup",
		  "iam:CreatePolicy","iam:DeletePolicy","iam:DeletePolicyVersion","iam:GetPolicy","iam:GetPolicyVersion","iam:GetUserPolicy",
		  "iam:GetRolePolicy","iam:ListPolicies","iam:ListPolicyVersions","iam:ListEntitiesForPolicy","iam:ListUserPolicies",
		  "iam:ListAttachedUserPolicies","iam:ListRolePolicies","iam:ListAttachedRolePolicies","iam:SetDefaultPolicyVersion",
		  "iam:SimulatePrincipalPolicy","iam:SimulateCustomPolicy"],"NotResource":"arn:aws:iam::123456789012:user/Maria"}`,
		`{"Sid":"NoBoundaryPolicyEdit","Effect":"Deny","Action":["iam:CreatePolicyVersion","iam:DeletePolicy","iam:DeletePolicyVersion",
		  "iam:SetDefaultPolicyVersion"],"Resource":["arn:aws:iam::123456789012:policy/XCompanyBoundaries",
		  "arn:aws:iam::123456789012:policy/DelegatedUserBoundary"]}`,
		`{"Sid":"NoBoundaryUserDelete","Effect":"Deny","Action":"iam:DeleteUserPermissionsBoundary","Resource":"*"}`)
	delegatedPermissions := stmts(`{"Sid":"IAM","Effect":"Allow","Action":"iam:*","Resource":"*"}`,
		`{"Sid":"CloudWatchLimited","Effect":"Allow","Action":["cloudwatch:GetDashboard","cloudwatch:GetMetricData",
		  "cloudwatch:ListDashboards","cloudwatch:GetMetricStatistics","cloudwatch:ListMetrics"],"Resource":"*"}`,
		`{"Sid":"S3BucketContents","Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::ZhangBucket"}`)
	withBoundary := ctx("iam:PermissionsBoundary", "arn:aws:iam::123456789012:policy/XCompanyBoundaries")
	runCases(t, fill(evalCase{principal: user("123456789012", "Zhang"), resAcct: "123456789012", boundary: delegatedBoundary,
		identity: []string{delegatedPermissions}}, []evalCase{
		// "The operation fails and access is denied. Zhang's
		// DelegatedUserBoundary permissions boundary requires that any user he
		// creates have the XCompanyBoundaries policy used as a permissions
		// boundary." Then, with it: "The user is created."
		{name: "Zhang creates Nikhil without a boundary", action: "iam:CreateUser", resource: "arn:aws:iam::123456789012:user/Nikhil",
			want: policy.ImplicitDeny, reason: " because no permissions boundary allows the iam:CreateUser action"},
		{name: "Zhang creates Nikhil with XCompanyBoundaries", action: "iam:CreateUser", resource: "arn:aws:iam::123456789012:user/Nikhil",
			ctx: withBoundary, want: policy.Allow},
		{name: "Zhang creates Nikhil with another boundary", action: "iam:CreateUser", resource: "arn:aws:iam::123456789012:user/Nikhil",
			ctx: ctx("iam:PermissionsBoundary", "arn:aws:iam::aws:policy/AdministratorAccess"), want: policy.ImplicitDeny},
		// "He has permissions to reset passwords and create access keys for
		// any IAM user not listed in the condition key."
		{name: "Zhang creates an access key for Nikhil", action: "iam:CreateAccessKey", resource: "arn:aws:iam::123456789012:user/Nikhil",
			want: policy.Allow},
		{name: "Zhang creates an access key for Maria", action: "iam:CreateAccessKey", resource: "arn:aws:iam::123456789012:user/Maria",
			want: policy.ImplicitDeny},
		// "The NoBoundaryPolicyEdit statement denies Zhang access to update
		// the XCompanyBoundaries policy." "The NoBoundaryUserDelete statement
		// denies Zhang access to delete the permissions boundary".
		{name: "Zhang edits XCompanyBoundaries", action: "iam:CreatePolicyVersion",
			resource: "arn:aws:iam::123456789012:policy/XCompanyBoundaries", want: policy.ExplicitDeny},
		{name: "Zhang removes a boundary", action: "iam:DeleteUserPermissionsBoundary",
			resource: "arn:aws:iam::123456789012:user/Nikhil", want: policy.ExplicitDeny},
		// "His permissions boundary allows all actions in CloudWatch, so his
		// effective CloudWatch permissions are limited only by his permissions
		// policy." "his permissions boundary does not allow any Amazon S3
		// action, so he cannot perform any S3 operations".
		{name: "Zhang reads a dashboard", action: "cloudwatch:GetDashboard", resource: "*", want: policy.Allow},
		{name: "Zhang writes a dashboard", action: "cloudwatch:PutDashboard", resource: "*", want: policy.ImplicitDeny,
			reason: " because no identity-based policy allows the cloudwatch:PutDashboard action"},
		{name: "Zhang lists ZhangBucket", action: "s3:ListBucket", resource: "arn:aws:s3:::ZhangBucket", want: policy.ImplicitDeny,
			reason: " because no permissions boundary allows the s3:ListBucket action"},
	}))

	// "When Nikhil signs in, he has access to IAM and Amazon S3, except those
	// operations that are denied by the permissions boundary. For example, he
	// can change his own password in IAM but can't create another user or
	// edit his policies."
	nikhilCtx := ctx("aws:username", "Nikhil")
	iamFull := allowDoc("iam:*", "*")
	s3Read := stmts(`{"Effect":"Allow","Action":["s3:Get*","s3:List*"],"Resource":"*"}`)
	runCases(t, fill(evalCase{principal: user("123456789012", "Nikhil"), resAcct: "123456789012", boundary: xCompany,
		identity: []string{iamFull, s3Read}}, []evalCase{
		{name: "Nikhil changes his password", action: "iam:ChangePassword", resource: "arn:aws:iam::123456789012:user/Nikhil",
			ctx: nikhilCtx, want: policy.Allow},
		{name: "Nikhil changes another's password", action: "iam:ChangePassword", resource: "arn:aws:iam::123456789012:user/Zhang",
			ctx: nikhilCtx, want: policy.ImplicitDeny},
		{name: "Nikhil creates a user", action: "iam:CreateUser", resource: "arn:aws:iam::123456789012:user/Other",
			ctx: nikhilCtx, want: policy.ImplicitDeny},
		{name: "Nikhil reads S3", action: "s3:GetObject", resource: "arn:aws:s3:::reports/q1", ctx: nikhilCtx, want: policy.Allow},
		{name: "Nikhil writes S3", action: "s3:PutObject", resource: "arn:aws:s3:::reports/q1", ctx: nikhilCtx, want: policy.ImplicitDeny},
		// "If someone adds a resource-based policy to the logs bucket that
		// allows Nikhil to put an object in the bucket, he still cannot access
		// the bucket."
		{name: "the logs bucket allows Nikhil", action: "s3:PutObject", resource: "arn:aws:s3:::logs/x", ctx: nikhilCtx,
			resPolicy: resourceDoc("Allow", `{"AWS":"arn:aws:iam::123456789012:user/Nikhil"}`, "s3:PutObject"),
			want:      policy.ExplicitDeny, reason: " with an explicit deny in a permissions boundary"},
		// "if a resource-based policy attached to a Secrets Manager secret
		// allows Nikhil to perform the secretsmanager:GetSecretValue action,
		// then Nikhil can retrieve and decrypt the secret."
		{name: "a secret allows Nikhil", action: "secretsmanager:GetSecretValue",
			resource: "arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf", ctx: nikhilCtx,
			resPolicy: resourceDoc("Allow", `{"AWS":"arn:aws:iam::123456789012:user/Nikhil"}`, "secretsmanager:GetSecretValue"),
			want:      policy.Allow},
		{name: "a secret that does not name Nikhil", action: "secretsmanager:GetSecretValue",
			resource: "arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf", ctx: nikhilCtx,
			resPolicy: resourceDoc("Allow", `{"AWS":"arn:aws:iam::123456789012:user/Zhang"}`, "secretsmanager:GetSecretValue"),
			want:      policy.ImplicitDeny},
	}))
}

// access_policies, "Session policies" and the JSON examples of the same page.
func TestDocsSessionPolicies(t *testing.T) {
	dev := session(acctA, "dev", "s1")
	ec2Only := allowDoc("ec2:*", "*")
	rbp := func(principal string) string { return resourceDoc("Allow", `{"AWS":"`+principal+`"}`, "s3:GetObject") }
	runCases(t, fill(evalCase{principal: dev, action: "s3:GetObject", resource: "arn:aws:s3:::bucket/key", resAcct: acctA}, []evalCase{
		// "The permissions for a session are the intersection of the
		// identity-based policies for the IAM entity ... and the session
		// policies."
		{name: "identity and session policy both allow", identity: []string{allowDoc("s3:*", "*")},
			session: []string{allowDoc("s3:GetObject", "*")}, want: policy.Allow},
		{name: "the session policy alone", session: []string{allowDoc("s3:GetObject", "*")}, want: policy.ImplicitDeny,
			reason: " because no identity-based policy allows the s3:GetObject action"},
		// "A resource-based policy can specify the ARN of the user or role as
		// a principal ... The session policy limits the total permissions
		// granted by the resource-based policy and the identity-based policy."
		{name: "RBP names the role: within the session policy", resPolicy: rbp("arn:aws:iam::111122223333:role/dev"),
			session: []string{allowDoc("s3:*", "*")}, want: policy.Allow},
		{name: "RBP names the role: beyond the session policy", resPolicy: rbp("arn:aws:iam::111122223333:role/dev"),
			session: []string{ec2Only}, want: policy.ImplicitDeny},
		// "A resource-based policy can specify the ARN of the session as a
		// principal ... The resource-based policy permissions are not limited
		// by the session policy."
		{name: "RBP names the session", resPolicy: rbp("arn:aws:sts::111122223333:assumed-role/dev/s1"),
			session: []string{ec2Only}, want: policy.Allow},
		// "a permissions boundary does not limit permissions granted by a
		// resource-based policy that specifies the ARN of the resulting
		// session."
		{name: "RBP names the session, beyond the boundary", resPolicy: rbp("arn:aws:sts::111122223333:assumed-role/dev/s1"),
			boundary: ec2Only, session: []string{ec2Only}, want: policy.Allow},
		{name: "boundary, session policy and identity policy", identity: []string{allowDoc("s3:*", "*")},
			boundary: ec2Only, session: []string{allowDoc("s3:*", "*")}, want: policy.ImplicitDeny,
			reason: " because no permissions boundary allows the s3:GetObject action"},
	}))

	// "the following policy has three statements ... the Condition evaluates
	// to true when the user is MFA-authenticated".
	three := stmts(`{"Sid":"FirstStatement","Effect":"Allow","Action":["iam:ChangePassword"],"Resource":"*"}`,
		`{"Sid":"SecondStatement","Effect":"Allow","Action":"s3:ListAllMyBuckets","Resource":"*"}`,
		`{"Sid":"ThirdStatement","Effect":"Allow","Action":["s3:List*","s3:Get*"],
		  "Resource":["arn:aws:s3:::confidential-data","arn:aws:s3:::confidential-data/*"],
		  "Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"}}}`)
	// "allows members of a specific AWS account to perform any Amazon S3
	// actions in the bucket named mybucket ... individual users in the
	// account must still be granted permissions".
	accountBucket := `{"Version":"2012-10-17","Id":"S3-Account-Permissions","Statement":[{"Sid":"1","Effect":"Allow",
		"Principal":{"AWS":["arn:aws:iam::111122223333:root"]},"Action":"s3:*","Resource":["arn:aws:s3:::mybucket","arn:aws:s3:::mybucket/*"]}]}`
	runCases(t, fill(evalCase{principal: user(acctA, "alice"), resAcct: acctA}, []evalCase{
		{name: "change one's password", action: "iam:ChangePassword", resource: "*", identity: []string{three}, want: policy.Allow},
		{name: "list all buckets", action: "s3:ListAllMyBuckets", resource: "*", identity: []string{three}, want: policy.Allow},
		{name: "confidential-data with MFA", action: "s3:GetObject", resource: "arn:aws:s3:::confidential-data/plan.txt",
			ctx: ctx("aws:MultiFactorAuthPresent", "true"), identity: []string{three}, want: policy.Allow},
		{name: "confidential-data without MFA", action: "s3:GetObject", resource: "arn:aws:s3:::confidential-data/plan.txt",
			ctx: ctx("aws:MultiFactorAuthPresent", "false"), identity: []string{three}, want: policy.ImplicitDeny},
		{name: "confidential-data: no write", action: "s3:PutObject", resource: "arn:aws:s3:::confidential-data/plan.txt",
			ctx: ctx("aws:MultiFactorAuthPresent", "true"), identity: []string{three}, want: policy.ImplicitDeny},
		{name: "example_bucket", action: "s3:ListBucket", resource: "arn:aws:s3:::example_bucket",
			identity: []string{allowDoc("s3:ListBucket", "arn:aws:s3:::example_bucket")}, want: policy.Allow},
		{name: "another bucket", action: "s3:ListBucket", resource: "arn:aws:s3:::other_bucket",
			identity: []string{allowDoc("s3:ListBucket", "arn:aws:s3:::example_bucket")}, want: policy.ImplicitDeny},
		{name: "account bucket policy without an identity policy", action: "s3:GetObject", resource: "arn:aws:s3:::mybucket/x",
			resPolicy: accountBucket, want: policy.ImplicitDeny},
		{name: "account bucket policy with an identity policy", action: "s3:GetObject", resource: "arn:aws:s3:::mybucket/x",
			resPolicy: accountBucket, identity: []string{allowDoc("s3:*", "*")}, want: policy.Allow},
	}))
}
