package policy_test

import (
	"strings"
	"testing"

	"github.com/amityhq/amity/internal/awsdata"
	"github.com/amityhq/amity/internal/policy"
)

// The policies of the seed articles (shared/spec/SCENARIOS.md), evaluated
// for the principals they name and for principals they do not.

// seedKeyPolicy is the key policy of seeds 002/003 ("Allow use of the key",
// "Allow attachment of persistent resources"), with the account root
// statement of the default policy, naming account A's root, account B's root
// and UserA. extra statements may be appended.
func seedKeyPolicy(principals string) string {
	return `{"Version":"2012-10-17","Id":"key-consolepolicy-3","Statement":[
	{"Sid":"Enable IAM User Permissions","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"kms:*","Resource":"*"},
	{"Sid":"Allow use of the key","Effect":"Allow","Principal":{"AWS":[` + principals + `]},
	 "Action":["kms:Encrypt","kms:Decrypt","kms:ReEncrypt*","kms:GenerateDataKey*","kms:DescribeKey"],"Resource":"*"},
	{"Sid":"Allow attachment of persistent resources","Effect":"Allow","Principal":{"AWS":[` + principals + `]},
	 "Action":["kms:CreateGrant","kms:ListGrants","kms:RevokeGrant"],"Resource":"*",
	 "Condition":{"Bool":{"kms:GrantIsForAWSResource":"true"}}}]}`
}

// kmsKeyUsagePolicy is the seeds' identity policy, with the boolean true
// (seed 002) or the string "true".
func kmsKeyUsagePolicy(key, boolean string) string {
	return `{"Version":"2012-10-17","Statement":[{"Sid":"AllowUseOfTheKey","Effect":"Allow",
	"Action":["kms:Encrypt","kms:Decrypt","kms:ReEncrypt*","kms:GenerateDataKey*","kms:DescribeKey"],"Resource":["` + key + `"]},
	{"Sid":"AllowAttachmentOfPersistentResources","Effect":"Allow","Action":["kms:CreateGrant","kms:ListGrants","kms:RevokeGrant"],
	"Resource":["` + key + `"],"Condition":{"Bool":{"kms:GrantIsForAWSResource":` + boolean + `}}}]}`
}

func kmsCtx(callerAccount string, viaEC2, forAWSResource bool) policy.Keys {
	c := ctx("kms:CallerAccount", callerAccount)
	if viaEC2 {
		c.Set("kms:ViaService", "ec2.us-east-1.amazonaws.com")
		c.Set("kms:EncryptionContextKeys", "aws:ebs:id")
		c.Set("kms:EncryptionContext:aws:ebs:id", "vol-0123456789abcdef0")
	}
	if forAWSResource {
		c.Set("kms:GrantIsForAWSResource", "true")
	} else {
		c.Set("kms:GrantIsForAWSResource", "false")
	}
	return c
}

func TestSeedS5CopiedAMIAcrossAccounts(t *testing.T) {
	launcher := user(acctB, "launcher")
	both := `"arn:aws:iam::111122223333:root","arn:aws:iam::444455556666:root","arn:aws:iam::111122223333:user/UserA"`
	onlyA := `"arn:aws:iam::111122223333:root","arn:aws:iam::111122223333:user/UserA"`
	for _, boolean := range []string{`true`, `"true"`} {
		identity := []string{kmsKeyUsagePolicy(keyARN, boolean)}
		tests := []evalCase{
			{name: "key policy and identity policy: Decrypt", action: "kms:Decrypt", resPolicy: seedKeyPolicy(both), identity: identity, want: policy.Allow},
			{name: "key policy and identity policy: CreateGrant for an AWS resource", action: "kms:CreateGrant",
				ctx: kmsCtx(acctB, true, true), resPolicy: seedKeyPolicy(both), identity: identity, want: policy.Allow},
			{name: "CreateGrant called directly", action: "kms:CreateGrant", ctx: kmsCtx(acctB, false, false),
				resPolicy: seedKeyPolicy(both), identity: identity, want: policy.ImplicitDeny,
				reason: " because no resource-based policy allows the kms:CreateGrant action"},
			{name: "key policy alone", action: "kms:Decrypt", resPolicy: seedKeyPolicy(both), want: policy.ImplicitDeny,
				reason: " because no identity-based policy allows the kms:Decrypt action"},
			{name: "identity policy alone", action: "kms:Decrypt", resPolicy: seedKeyPolicy(onlyA), identity: identity,
				want: policy.ImplicitDeny, reason: " because no resource-based policy allows the kms:Decrypt action"},
			{name: "identity policy for another key", action: "kms:Decrypt", resPolicy: seedKeyPolicy(both),
				identity: []string{kmsKeyUsagePolicy(strings.Replace(keyARN, "1234abcd", "99999999", 1), boolean)},
				want:     policy.ImplicitDeny, reason: " because no identity-based policy allows the kms:Decrypt action"},
		}
		for _, tt := range tests {
			tt.principal, tt.resource, tt.mode = launcher, keyARN, policy.ResourcePolicyRequired
			if tt.ctx == nil {
				tt.ctx = kmsCtx(acctB, true, false)
			}
			t.Run(tt.name+" "+boolean, func(t *testing.T) { tt.run(t) })
		}
	}
	// UserA is named in the key policy itself: in its own account it needs
	// no identity policy.
	userA := evalCase{principal: user(acctA, "UserA"), action: "kms:Decrypt", resource: keyARN, ctx: kmsCtx(acctA, false, false),
		mode: policy.ResourcePolicyRequired, resPolicy: seedKeyPolicy(both), want: policy.Allow}
	t.Run("UserA named in the key policy", func(t *testing.T) { userA.run(t) })
}

func TestSeedS6StartInstancesCreateGrant(t *testing.T) {
	test := user(acctA, "test")
	ec2All := allowDoc("ec2:*", "*")
	defaultKey := awsdata.DefaultKeyPolicy(acctA)
	noRoot := `{"Version":"2012-10-17","Statement":[{"Sid":"Admins","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:user/admin"},"Action":"kms:*","Resource":"*"}]}`
	grantPolicy := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"kms:CreateGrant","Resource":"` + keyARN + `",
		"Condition":{"Bool":{"kms:GrantIsForAWSResource":true}}}]}`
	namesUser := `{"Version":"2012-10-17","Statement":[{"Sid":"Admins","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:user/admin"},"Action":"kms:*","Resource":"*"},
		{"Sid":"Allow attachment of persistent resources","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:user/test"},
		 "Action":["kms:CreateGrant","kms:ListGrants","kms:RevokeGrant"],"Resource":"*","Condition":{"Bool":{"kms:GrantIsForAWSResource":"true"}}}]}`
	tests := []evalCase{
		{name: "ec2:* only, key policy delegates to IAM", resPolicy: defaultKey, identity: []string{ec2All},
			want: policy.ImplicitDeny, reason: " because no identity-based policy allows the kms:CreateGrant action"},
		{name: "ec2:* only, key policy does not delegate", resPolicy: noRoot, identity: []string{ec2All},
			want: policy.ImplicitDeny, reason: " because no resource-based policy allows the kms:CreateGrant action"},
		{name: "fix (a): identity policy with GrantIsForAWSResource, delegation present", resPolicy: defaultKey,
			identity: []string{ec2All, grantPolicy}, want: policy.Allow},
		{name: "fix (a) without delegation does nothing", resPolicy: noRoot,
			identity: []string{ec2All, grantPolicy}, want: policy.ImplicitDeny,
			reason: " because no resource-based policy allows the kms:CreateGrant action"},
		{name: "fix (b): key policy names the user", resPolicy: namesUser, identity: []string{ec2All}, want: policy.Allow},
		{name: "fix (a) does not let the user call CreateGrant directly", resPolicy: defaultKey,
			identity: []string{ec2All, grantPolicy}, ctx: kmsCtx(acctA, false, false), want: policy.ImplicitDeny,
			reason: " because no identity-based policy allows the kms:CreateGrant action"},
	}
	for _, tt := range tests {
		tt.principal, tt.action, tt.resource, tt.mode = test, "kms:CreateGrant", keyARN, policy.ResourcePolicyRequired
		if tt.ctx == nil {
			tt.ctx = kmsCtx(acctA, true, true)
		}
		t.Run(tt.name, func(t *testing.T) { tt.run(t) })
	}
}

// slr is Image Builder's service-linked role session in the source account.
func slr(account string) *policy.Principal {
	return &policy.Principal{Type: policy.AssumedRole, Account: account,
		ARN:       "arn:aws:sts::" + account + ":assumed-role/AWSServiceRoleForImageBuilder/Ec2ImageBuilderIntegrationService",
		IssuerARN: "arn:aws:iam::" + account + ":role/aws-service-role/imagebuilder.amazonaws.com/AWSServiceRoleForImageBuilder"}
}

func managedPolicy(t *testing.T, name string) string {
	t.Helper()
	mp, ok := awsdata.ManagedPolicy(name)
	if !ok {
		t.Fatalf("managed policy %s not embedded", name)
	}
	return mp.Document
}

func TestSeedS2ServiceLinkedRoleUsesKey(t *testing.T) {
	slrPolicy := managedPolicy(t, "AWSServiceRoleForImageBuilder")
	namesSLR := `{"Version":"2012-10-17","Statement":[{"Sid":"Admins","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:user/admin"},"Action":"kms:*","Resource":"*"},
		{"Sid":"ImageBuilder","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:role/aws-service-role/imagebuilder.amazonaws.com/AWSServiceRoleForImageBuilder"},
		 "Action":["kms:Decrypt","kms:Encrypt","kms:GenerateDataKeyWithoutPlaintext","kms:DescribeKey","kms:CreateGrant","kms:ReEncryptFrom","kms:ReEncryptTo"],"Resource":"*"}]}`
	noRoot := `{"Version":"2012-10-17","Statement":[{"Sid":"Admins","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:user/admin"},"Action":"kms:*","Resource":"*"}]}`
	viaEC2 := kmsCtx(acctA, true, true)
	tests := []evalCase{
		{name: "root delegation: Decrypt via EC2 with the EBS context", action: "kms:Decrypt", ctx: viaEC2,
			resPolicy: awsdata.DefaultKeyPolicy(acctA), want: policy.Allow},
		{name: "root delegation: CreateGrant via EC2", action: "kms:CreateGrant", ctx: viaEC2,
			resPolicy: awsdata.DefaultKeyPolicy(acctA), want: policy.Allow},
		{name: "root delegation: Decrypt not via EC2", action: "kms:Decrypt", ctx: kmsCtx(acctA, false, false),
			resPolicy: awsdata.DefaultKeyPolicy(acctA), want: policy.ImplicitDeny,
			reason: " because no identity-based policy allows the kms:Decrypt action"},
		{name: "root delegation: Decrypt via EC2 with another context key", action: "kms:Decrypt",
			ctx:       ctx("kms:ViaService", "ec2.us-east-1.amazonaws.com", "kms:EncryptionContextKeys", []string{"aws:ebs:id", "other"}),
			resPolicy: awsdata.DefaultKeyPolicy(acctA), want: policy.ImplicitDeny,
			reason: " because no identity-based policy allows the kms:Decrypt action"},
		{name: "no delegation and role not named", action: "kms:Decrypt", ctx: viaEC2, resPolicy: noRoot,
			want: policy.ImplicitDeny, reason: " because no resource-based policy allows the kms:Decrypt action"},
		{name: "key policy names the service-linked role", action: "kms:ReEncryptTo", ctx: viaEC2, resPolicy: namesSLR, want: policy.Allow},
	}
	for _, tt := range tests {
		tt.principal, tt.resource, tt.mode = slr(acctA), keyARN, policy.ResourcePolicyRequired
		tt.identity = []string{slrPolicy}
		t.Run(tt.name, func(t *testing.T) { tt.run(t) })
	}
}

func TestSeedS4CrossAccountRoleUsesKey(t *testing.T) {
	role := session(acctB, "EC2ImageBuilderDistributionCrossAccountRole", "ImageBuilder")
	distribution := managedPolicy(t, "Ec2ImageBuilderCrossAccountDistributionAccess")
	sevenActions := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["kms:Decrypt","kms:Encrypt","kms:GenerateDataKeyWithoutPlaintext",
		"kms:DescribeKey","kms:CreateGrant","kms:ReEncryptFrom","kms:ReEncryptTo"],"Resource":"*"}]}`
	sharedWithB := `{"Version":"2012-10-17","Statement":[{"Sid":"Enable IAM User Permissions","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"kms:*","Resource":"*"},
		{"Sid":"Share","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::444455556666:root"},"Action":["kms:Decrypt","kms:Encrypt","kms:GenerateDataKeyWithoutPlaintext","kms:DescribeKey","kms:CreateGrant","kms:ReEncryptFrom","kms:ReEncryptTo"],"Resource":"*"}]}`
	tests := []evalCase{
		{name: "managed policy only: no KMS permission", identity: []string{distribution}, resPolicy: sharedWithB,
			want: policy.ImplicitDeny, reason: " because no identity-based policy allows the kms:ReEncryptFrom action"},
		{name: "key not shared", identity: []string{distribution, sevenActions}, resPolicy: awsdata.DefaultKeyPolicy(acctA),
			want: policy.ImplicitDeny, reason: " because no resource-based policy allows the kms:ReEncryptFrom action"},
		{name: "both fixed", identity: []string{distribution, sevenActions}, resPolicy: sharedWithB, want: policy.Allow},
	}
	for _, tt := range tests {
		tt.principal, tt.action, tt.resource, tt.mode = role, "kms:ReEncryptFrom", keyARN, policy.ResourcePolicyRequired
		tt.ctx = kmsCtx(acctB, true, false)
		t.Run(tt.name, func(t *testing.T) { tt.run(t) })
	}
}

func TestAWSManagedEBSKeyPolicy(t *testing.T) {
	ebs := awsdata.AWSManagedKeyPolicy(acctA, "us-east-1")
	alice := user(acctA, "alice")
	tests := []evalCase{
		{name: "any principal of the account through EC2", principal: alice, action: "kms:GenerateDataKeyWithoutPlaintext",
			ctx: kmsCtx(acctA, true, false), want: policy.Allow},
		{name: "not through EC2", principal: alice, action: "kms:Encrypt", ctx: kmsCtx(acctA, false, false),
			want: policy.ImplicitDeny, reason: " because no resource-based policy allows the kms:Encrypt action"},
		{name: "DescribeKey delegated to IAM", principal: alice, action: "kms:DescribeKey", ctx: kmsCtx(acctA, false, false),
			want: policy.ImplicitDeny, reason: " because no identity-based policy allows the kms:DescribeKey action"},
		{name: "DescribeKey with an identity policy", principal: alice, action: "kms:DescribeKey", ctx: kmsCtx(acctA, false, false),
			identity: []string{allowDoc("kms:DescribeKey", "*")}, want: policy.Allow},
		{name: "another account through EC2", principal: user(acctB, "bob"), action: "kms:Decrypt", ctx: kmsCtx(acctB, true, false),
			identity: []string{allowDoc("kms:*", "*")}, want: policy.ImplicitDeny,
			reason: " because no resource-based policy allows the kms:Decrypt action"},
		{name: "through EC2 in another region", principal: alice, action: "kms:Decrypt",
			ctx:  ctx("kms:CallerAccount", acctA, "kms:ViaService", "ec2.eu-west-1.amazonaws.com"),
			want: policy.ImplicitDeny, reason: " because no resource-based policy allows the kms:Decrypt action"},
	}
	for _, tt := range tests {
		tt.resource, tt.mode, tt.resPolicy = keyARN, policy.ResourcePolicyRequired, ebs
		t.Run(tt.name, func(t *testing.T) { tt.run(t) })
	}
}

func TestSeedS3TrustPolicy(t *testing.T) {
	roleARN := "arn:aws:iam::444455556666:role/EC2ImageBuilderDistributionCrossAccountRole"
	trust := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow",
		"Principal":{"Service":"ec2.amazonaws.com","AWS":"arn:aws:iam::111122223333:root"},"Action":"sts:AssumeRole"}]}`
	otherTrust := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::999999999999:root"},"Action":"sts:AssumeRole"}]}`
	slrPolicy := managedPolicy(t, "AWSServiceRoleForImageBuilder")
	tests := []evalCase{
		{name: "trust names the source account", resPolicy: trust, want: policy.Allow},
		{name: "trust names another account", resPolicy: otherTrust, want: policy.ImplicitDeny,
			reason: " because no resource-based policy allows the sts:AssumeRole action"},
	}
	for _, tt := range tests {
		tt.principal, tt.action, tt.resource, tt.resAcct = slr(acctA), "sts:AssumeRole", roleARN, acctB
		tt.mode, tt.resKind, tt.identity = policy.ResourcePolicyRequired, policy.Trust, []string{slrPolicy}
		t.Run(tt.name, func(t *testing.T) { tt.run(t) })
	}
}
