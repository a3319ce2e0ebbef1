package policy_test

import (
	"testing"

	"github.com/amityhq/amity/internal/policy"
)

// The KMS key policies are evaluated as KMS does: the key policy must allow,
// by naming the caller or by naming its account (which lets IAM policies
// decide).

// key-policy-default (AWS KMS Developer Guide).
func TestDocsKMSDefaultKeyPolicy(t *testing.T) {
	// "The following key policy statement is the entire default key policy
	// for KMS keys created programmatically."
	enableIAM := `{"Sid":"Enable IAM policies","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"kms:*","Resource":"*"}`
	admins := func(actions string) string {
		return `{"Sid":"Allow access for Key Administrators","Effect":"Allow","Principal":{"AWS":[
			"arn:aws:iam::111122223333:user/KMSAdminUser","arn:aws:iam::111122223333:role/KMSAdminRole"]},
			"Action":` + actions + `,"Resource":"*"}`
	}
	const adminActions = `["kms:Create*","kms:Describe*","kms:Enable*","kms:List*","kms:Put*","kms:Update*","kms:Revoke*",
		"kms:Disable*","kms:Get*","kms:Delete*","kms:TagResource","kms:UntagResource","kms:ScheduleKeyDeletion","kms:CancelKeyDeletion"]`
	const adminActionsNoDeletion = `["kms:Create*","kms:Describe*","kms:Enable*","kms:List*","kms:Put*","kms:Update*","kms:Revoke*",
		"kms:Disable*","kms:Get*","kms:Delete*","kms:TagResource","kms:UntagResource"]`
	const users = `["arn:aws:iam::111122223333:user/ExampleUser","arn:aws:iam::111122223333:role/ExampleRole","arn:aws:iam::444455556666:root"]`
	keyUsers := `{"Sid":"Allow use of the key","Effect":"Allow","Principal":{"AWS":` + users + `},
		"Action":["kms:Encrypt","kms:Decrypt","kms:ReEncrypt*","kms:GenerateDataKey*","kms:DescribeKey"],"Resource":"*"}`
	persistent := `{"Sid":"Allow attachment of persistent resources","Effect":"Allow","Principal":{"AWS":` + users + `},
		"Action":["kms:CreateGrant","kms:ListGrants","kms:RevokeGrant"],"Resource":"*",
		"Condition":{"Bool":{"kms:GrantIsForAWSResource":true}}}`
	signing := `{"Sid":"Allow use of the key","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:user/ExampleUser"},
		"Action":["kms:DescribeKey","kms:GetPublicKey","kms:Sign","kms:Verify"],"Resource":"*"}`
	console := stmts(enableIAM, admins(adminActions), keyUsers, persistent)
	kmsAll := []string{allowDoc("kms:*", "*")}
	exampleUser := user(acctA, "ExampleUser")
	runCases(t, fill(evalCase{principal: user(acctA, "dev"), resource: keyARN, mode: policy.ResourcePolicyRequired}, []evalCase{
		// "It allows the account to use IAM policies to allow access to the
		// KMS key, in addition to the key policy."
		{name: "root statement: an IAM policy allows", action: "kms:Decrypt", resPolicy: stmts(enableIAM), identity: kmsAll, want: policy.Allow},
		{name: "root statement: no IAM policy", action: "kms:Decrypt", resPolicy: stmts(enableIAM), want: policy.ImplicitDeny,
			reason: " because no identity-based policy allows the kms:Decrypt action"},
		// "Without this permission, IAM policies that allow access to the key
		// are ineffective, although IAM policies that deny access to the key
		// are still effective."
		{name: "no root statement: the IAM allow is ineffective", action: "kms:Decrypt", resPolicy: stmts(keyUsers), identity: kmsAll,
			want: policy.ImplicitDeny, reason: " because no resource-based policy allows the kms:Decrypt action"},
		{name: "no root statement: an IAM deny is effective", principal: exampleUser, action: "kms:Decrypt", resPolicy: stmts(keyUsers),
			identity: []string{denyDoc("kms:Decrypt", "*")}, want: policy.ExplicitDeny, reason: " with an explicit deny in an identity-based policy"},
		// "Unlike other AWS resource policies, an AWS KMS key policy does not
		// automatically give permission to the account or any of its users."
		{name: "the root user needs the key policy", principal: root(acctA), action: "kms:Decrypt", resPolicy: stmts(keyUsers),
			want: policy.ImplicitDeny, reason: " because no resource-based policy allows the kms:Decrypt action"},
		{name: "the root user with the root statement", principal: root(acctA), action: "kms:ScheduleKeyDeletion", resPolicy: stmts(enableIAM),
			want: policy.Allow},
		// "kms:Create* Allows kms:CreateAlias and kms:CreateGrant" ... "Key
		// administrators have permissions to manage the KMS key, but do not
		// have permissions to use the KMS key in cryptographic operations."
		{name: "key administrator: CreateGrant", principal: user(acctA, "KMSAdminUser"), action: "kms:CreateGrant", resPolicy: console, want: policy.Allow},
		{name: "key administrator role: DisableKeyRotation", principal: session(acctA, "KMSAdminRole", "ops"), action: "kms:DisableKeyRotation",
			resPolicy: console, want: policy.Allow},
		{name: "key administrator: no Decrypt", principal: user(acctA, "KMSAdminUser"), action: "kms:Decrypt", resPolicy: console,
			want: policy.ImplicitDeny, reason: " because no identity-based policy allows the kms:Decrypt action"},
		// "The kms:Delete* permission does not allow key administrators to
		// delete the KMS key (ScheduleKeyDeletion)."
		{name: "kms:Delete* allows DeleteAlias", principal: user(acctA, "KMSAdminUser"), action: "kms:DeleteAlias",
			resPolicy: stmts(admins(adminActionsNoDeletion)), want: policy.Allow},
		{name: "kms:Delete* does not allow ScheduleKeyDeletion", principal: user(acctA, "KMSAdminUser"), action: "kms:ScheduleKeyDeletion",
			resPolicy: stmts(admins(adminActionsNoDeletion)), want: policy.ImplicitDeny},
		// Key users: "The console uses the * wildcard character to represent
		// permission for ... GenerateDataKey, GenerateDataKeyWithoutPlaintext,
		// GenerateDataKeyPair, and GenerateDataKeyPairWithoutPlaintext".
		{name: "key user: Decrypt", principal: exampleUser, action: "kms:Decrypt", resPolicy: console, want: policy.Allow},
		{name: "key user: GenerateDataKeyPairWithoutPlaintext", principal: exampleUser, action: "kms:GenerateDataKeyPairWithoutPlaintext",
			resPolicy: console, want: policy.Allow},
		{name: "key user role: ReEncryptTo", principal: session(acctA, "ExampleRole", "app"), action: "kms:ReEncryptTo", resPolicy: console, want: policy.Allow},
		{name: "key user: no PutKeyPolicy", principal: exampleUser, action: "kms:PutKeyPolicy", resPolicy: console,
			want: policy.ImplicitDeny, reason: " because no identity-based policy allows the kms:PutKeyPolicy action"},
		// External account 444455556666 is a key user: its principals also
		// need an IAM policy (key-policy-modifying-external-accounts).
		{name: "external key user with an IAM policy", principal: user(acctB, "bob"), action: "kms:Encrypt", resPolicy: console,
			identity: kmsAll, want: policy.Allow},
		{name: "external key user without an IAM policy", principal: user(acctB, "bob"), action: "kms:Encrypt", resPolicy: console,
			want: policy.ImplicitDeny, reason: " because no identity-based policy allows the kms:Encrypt action"},
		// "The kms:GrantIsForAWSResource policy condition doesn't allow the
		// user to call these grant operations directly."
		{name: "key user: CreateGrant for an AWS resource", principal: exampleUser, action: "kms:CreateGrant", resPolicy: stmts(keyUsers, persistent),
			ctx: ctx("kms:GrantIsForAWSResource", "true"), want: policy.Allow},
		{name: "key user: CreateGrant called directly", principal: exampleUser, action: "kms:CreateGrant", resPolicy: stmts(keyUsers, persistent),
			ctx: ctx("kms:GrantIsForAWSResource", "false"), want: policy.ImplicitDeny},
		{name: "signing key user: Sign", principal: exampleUser, action: "kms:Sign", resPolicy: stmts(signing), want: policy.Allow},
		{name: "signing key user: no Decrypt", principal: exampleUser, action: "kms:Decrypt", resPolicy: stmts(signing), want: policy.ImplicitDeny},
	}))
}

// conditions-kms (AWS KMS Developer Guide): kms:CallerAccount,
// kms:ViaService, kms:GrantIsForAWSResource, kms:EncryptionContextKeys and
// the encryption context keys they pair with.
func TestDocsKMSConditionKeys(t *testing.T) {
	// "This policy statement is in the key policy for the AWS managed key for
	// Amazon EBS ... effectively allow access to all identities in AWS
	// account 111122223333 ... only allowing requests that come through
	// Amazon EBS."
	ebs := stmts(`{"Sid":"Allow access through EBS for all principals in the account that are authorized to use EBS","Effect":"Allow",
		"Principal":{"AWS":"*"},"Condition":{"StringEquals":{"kms:CallerAccount":"111122223333","kms:ViaService":"ec2.us-west-2.amazonaws.com"}},
		"Action":["kms:Encrypt","kms:Decrypt","kms:ReEncrypt*","kms:GenerateDataKey*","kms:CreateGrant","kms:DescribeKey"],"Resource":"*"}`)
	// "allow a customer managed key to be used for the specified actions
	// only when the request comes from Amazon EC2 or Amazon RDS in the US
	// West (Oregon) region on behalf of ExampleUser", and "prevent a customer
	// managed key from being used for Encrypt operations when the request
	// comes from AWS Lambda".
	viaService := `{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:user/ExampleUser"},
		"Action":["kms:Encrypt","kms:Decrypt","kms:ReEncrypt*","kms:GenerateDataKey*","kms:CreateGrant","kms:ListGrants","kms:DescribeKey"],
		"Resource":"*","Condition":{"StringEquals":{"kms:ViaService":["ec2.us-west-2.amazonaws.com","rds.us-west-2.amazonaws.com"]}}}`
	notLambda := `{"Effect":"Deny","Principal":{"AWS":"arn:aws:iam::111122223333:user/ExampleUser"},"Action":["kms:Encrypt"],"Resource":"*",
		"Condition":{"StringEquals":{"kms:ViaService":["lambda.us-west-2.amazonaws.com"]}}}`
	// "allows AWS services that are integrated with AWS KMS, such as Amazon
	// EBS, to create grants on this KMS key on behalf of the specified
	// principal".
	grants := stmts(`{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:user/ExampleUser"},"Action":"kms:CreateGrant",
		"Resource":"*","Condition":{"Bool":{"kms:GrantIsForAWSResource":true}}}`)
	// "allows a GenerateDataKey request with two encryption context pairs,
	// AppName=Helper and Project=Alpha ... A request with only Project=Alpha
	// or with no encryption context would fail."
	appName := stmts(`{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:role/RoleForExampleApp"},
		"Action":["kms:Encrypt","kms:GenerateDataKey*"],"Resource":"*","Condition":{"ForAnyValue:StringEquals":{"kms:EncryptionContextKeys":"AppName"}}}`)
	// "allow access to a KMS key only when encryption context in the API
	// request is not null".
	anyContext := stmts(`{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:role/RoleForExampleApp"},
		"Action":["kms:Encrypt","kms:GenerateDataKey*"],"Resource":"*","Condition":{"Null":{"kms:EncryptionContextKeys":false}}}`)
	// "allows the operation when the encryption context includes an Appname
	// key, regardless of its capitalization. The StringEquals condition
	// requires that ExampleApp be capitalized as it is specified."
	appname := stmts(`{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:role/RoleForExampleApp"},"Action":"kms:Decrypt",
		"Resource":"*","Condition":{"StringEquals":{"kms:EncryptionContext:Appname":"ExampleApp"}}}`)
	// "because the StringEquals operator is case sensitive, both the
	// encryption context key and the encryption context value are case
	// sensitive".
	strict := stmts(`{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:role/RoleForExampleApp"},"Action":"kms:GenerateDataKey",
		"Resource":"*","Condition":{"ForAnyValue:StringEquals":{"kms:EncryptionContextKeys":"AppName"},
		"StringEquals":{"kms:EncryptionContext:AppName":"ExampleApp"}}}`)
	// "the condition requires an encryption context of "user": "bob" for
	// "bob" and "user": "alice" for "alice."".
	perUser := stmts(`{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:role/TestTeam"},"Action":["kms:Decrypt","kms:Encrypt"],
		"Resource":"*","Condition":{"StringEquals":{"kms:EncryptionContext:user":"${aws:username}"}}}`)
	app := session(acctA, "RoleForExampleApp", "app")
	exampleUser := user(acctA, "ExampleUser")
	ec := func(pairs ...string) policy.Keys {
		c := ctx()
		var keys []string
		for i := 0; i < len(pairs); i += 2 {
			keys = append(keys, pairs[i])
			c.Set("kms:EncryptionContext:"+pairs[i], pairs[i+1])
		}
		if keys != nil {
			c.Set("kms:EncryptionContextKeys", keys...)
		}
		return c
	}
	runCases(t, fill(evalCase{resource: keyARN, mode: policy.ResourcePolicyRequired}, []evalCase{
		{name: "CallerAccount: a user of the account through EBS", principal: user(acctA, "any"), action: "kms:GenerateDataKeyWithoutPlaintext",
			ctx: ctx("kms:CallerAccount", acctA, "kms:ViaService", "ec2.us-west-2.amazonaws.com"), resPolicy: ebs, want: policy.Allow},
		{name: "CallerAccount: another account through EBS", principal: user(acctB, "any"), action: "kms:Decrypt", identity: []string{allowDoc("kms:*", "*")},
			ctx: ctx("kms:CallerAccount", acctB, "kms:ViaService", "ec2.us-west-2.amazonaws.com"), resPolicy: ebs, want: policy.ImplicitDeny},
		{name: "CallerAccount: EBS in another region", principal: user(acctA, "any"), action: "kms:Decrypt",
			ctx: ctx("kms:CallerAccount", acctA, "kms:ViaService", "ec2.us-east-1.amazonaws.com"), resPolicy: ebs, want: policy.ImplicitDeny},
		{name: "CallerAccount: a direct call", principal: user(acctA, "any"), action: "kms:Decrypt",
			ctx: ctx("kms:CallerAccount", acctA), resPolicy: ebs, want: policy.ImplicitDeny},
		{name: "ViaService: through RDS", principal: exampleUser, action: "kms:Decrypt",
			ctx: ctx("kms:ViaService", "rds.us-west-2.amazonaws.com"), resPolicy: stmts(viaService), want: policy.Allow},
		{name: "ViaService: through EC2", principal: exampleUser, action: "kms:CreateGrant",
			ctx: ctx("kms:ViaService", "ec2.us-west-2.amazonaws.com"), resPolicy: stmts(viaService), want: policy.Allow},
		{name: "ViaService: through Lambda", principal: exampleUser, action: "kms:Decrypt",
			ctx: ctx("kms:ViaService", "lambda.us-west-2.amazonaws.com"), resPolicy: stmts(viaService), want: policy.ImplicitDeny},
		{name: "ViaService: a direct call", principal: exampleUser, action: "kms:Decrypt", resPolicy: stmts(viaService), want: policy.ImplicitDeny},
		{name: "ViaService deny: Encrypt through Lambda", principal: exampleUser, action: "kms:Encrypt",
			ctx: ctx("kms:ViaService", "lambda.us-west-2.amazonaws.com"), resPolicy: stmts(viaService, notLambda, allowStatementFor(exampleUser.ARN)),
			want: policy.ExplicitDeny, reason: " with an explicit deny in a resource-based policy"},
		{name: "ViaService deny: Encrypt through EC2", principal: exampleUser, action: "kms:Encrypt",
			ctx: ctx("kms:ViaService", "ec2.us-west-2.amazonaws.com"), resPolicy: stmts(viaService, notLambda), want: policy.Allow},
		{name: "GrantIsForAWSResource: EBS creates the grant", principal: exampleUser, action: "kms:CreateGrant",
			ctx: ctx("kms:GrantIsForAWSResource", "true"), resPolicy: grants, want: policy.Allow},
		{name: "GrantIsForAWSResource: the user calls CreateGrant", principal: exampleUser, action: "kms:CreateGrant",
			ctx: ctx("kms:GrantIsForAWSResource", "false"), resPolicy: grants, want: policy.ImplicitDeny},
		{name: "EncryptionContextKeys: AppName=Helper and Project=Alpha", principal: app, action: "kms:GenerateDataKey",
			ctx: ec("AppName", "Helper", "Project", "Alpha"), resPolicy: appName, want: policy.Allow},
		{name: "EncryptionContextKeys: only Project=Alpha", principal: app, action: "kms:GenerateDataKey",
			ctx: ec("Project", "Alpha"), resPolicy: appName, want: policy.ImplicitDeny},
		{name: "EncryptionContextKeys: no encryption context", principal: app, action: "kms:GenerateDataKey",
			resPolicy: appName, want: policy.ImplicitDeny},
		{name: "EncryptionContextKeys: appname in another case", principal: app, action: "kms:GenerateDataKey",
			ctx: ec("appname", "Helper"), resPolicy: appName, want: policy.ImplicitDeny},
		{name: "Null EncryptionContextKeys: some context", principal: app, action: "kms:Encrypt",
			ctx: ec("Project", "Alpha"), resPolicy: anyContext, want: policy.Allow},
		{name: "Null EncryptionContextKeys: no context", principal: app, action: "kms:Encrypt", resPolicy: anyContext, want: policy.ImplicitDeny},
		{name: "EncryptionContext:Appname: key Appname", principal: app, action: "kms:Decrypt",
			ctx: ec("Appname", "ExampleApp"), resPolicy: appname, want: policy.Allow},
		{name: "EncryptionContext:Appname: key APPNAME", principal: app, action: "kms:Decrypt",
			ctx: ec("APPNAME", "ExampleApp"), resPolicy: appname, want: policy.Allow},
		{name: "EncryptionContext:Appname: value exampleapp", principal: app, action: "kms:Decrypt",
			ctx: ec("Appname", "exampleapp"), resPolicy: appname, want: policy.ImplicitDeny},
		{name: "key and value case sensitive: AppName=ExampleApp", principal: app, action: "kms:GenerateDataKey",
			ctx: ec("AppName", "ExampleApp"), resPolicy: strict, want: policy.Allow},
		{name: "key and value case sensitive: appName=ExampleApp", principal: app, action: "kms:GenerateDataKey",
			ctx: ec("appName", "ExampleApp"), resPolicy: strict, want: policy.ImplicitDeny},
		{name: "per-user context: bob", principal: session(acctA, "TestTeam", "bob"), action: "kms:Decrypt",
			ctx: withKey(ec("user", "bob"), "aws:username", "bob"), resPolicy: perUser, want: policy.Allow},
		{name: "per-user context: bob with alice's data", principal: session(acctA, "TestTeam", "bob"), action: "kms:Decrypt",
			ctx: withKey(ec("user", "alice"), "aws:username", "bob"), resPolicy: perUser, want: policy.ImplicitDeny},
	}))
}

// allowStatementFor allows everything on the key to one principal, for
// examples that show only a Deny.
func allowStatementFor(arn string) string {
	return `{"Effect":"Allow","Principal":{"AWS":"` + arn + `"},"Action":"kms:*","Resource":"*"}`
}

// withKey returns c with key set to values.
func withKey(c policy.Keys, key string, values ...string) policy.Keys {
	c.Set(key, values...)
	return c
}
