package kms_test

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awskms "github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/kms/types"

	"github.com/amityhq/amity/internal/api/kmsapi"
	"github.com/amityhq/amity/internal/awsdata"
)

func TestAWSManagedEBSKey(t *testing.T) {
	e := newEnv(t)
	root := e.root(acctA, regionA)
	// The first reference by alias creates the key, once.
	d, err := root.DescribeKey(ctx(), &awskms.DescribeKeyInput{KeyId: aws.String("alias/aws/ebs")})
	if err != nil {
		t.Fatal(err)
	}
	m := d.KeyMetadata
	if m.KeyManager != types.KeyManagerTypeAws || aws.ToString(m.Description) != "Default key that protects my EBS volumes when no other key is defined" ||
		m.KeyState != types.KeyStateEnabled || aws.ToString(m.AWSAccountId) != acctA {
		t.Fatalf("alias/aws/ebs = %+v", m)
	}
	again, err := root.DescribeKey(ctx(), &awskms.DescribeKeyInput{KeyId: aws.String("alias/aws/ebs")})
	if err != nil || aws.ToString(again.KeyMetadata.KeyId) != aws.ToString(m.KeyId) {
		t.Fatalf("second DescribeKey = %+v, %v", again, err)
	}
	// Each account and Region has its own.
	other, err := e.root(acctA, regionB).DescribeKey(ctx(), &awskms.DescribeKeyInput{KeyId: aws.String("alias/aws/ebs")})
	if err != nil || aws.ToString(other.KeyMetadata.KeyId) == aws.ToString(m.KeyId) {
		t.Fatalf("alias/aws/ebs in another Region = %+v, %v", other, err)
	}
	p, err := root.GetKeyPolicy(ctx(), &awskms.GetKeyPolicyInput{KeyId: m.KeyId})
	if err != nil || aws.ToString(p.Policy) != awsdata.AWSManagedKeyPolicy(acctA, regionA) {
		t.Fatalf("GetKeyPolicy = %v, %v", p, err)
	}
	rot, err := root.GetKeyRotationStatus(ctx(), &awskms.GetKeyRotationStatusInput{KeyId: m.KeyId})
	if err != nil || !rot.KeyRotationEnabled || aws.ToInt32(rot.RotationPeriodInDays) != 365 {
		t.Fatalf("GetKeyRotationStatus = %+v, %v", rot, err)
	}
	list, err := root.ListAliases(ctx(), &awskms.ListAliasesInput{})
	if err != nil || len(list.Aliases) != 1 || aws.ToString(list.Aliases[0].TargetKeyId) != aws.ToString(m.KeyId) {
		t.Fatalf("ListAliases = %+v, %v", list, err)
	}
	// Its policy refuses changes, even to the account's root, and direct
	// use: only EC2 may use it, for principals of the account.
	denied := func(action string) string {
		return "User: arn:aws:iam::" + acctA + ":root is not authorized to perform: kms:" + action + " on resource: " +
			aws.ToString(m.Arn) + " because no resource-based policy allows the kms:" + action + " action"
	}
	_, err = root.PutKeyPolicy(ctx(), &awskms.PutKeyPolicyInput{KeyId: m.KeyId, Policy: aws.String(keyPolicy(rootStatement(acctA)))})
	wantError(t, err, "AccessDeniedException", denied("PutKeyPolicy"))
	_, err = root.ScheduleKeyDeletion(ctx(), &awskms.ScheduleKeyDeletionInput{KeyId: m.KeyId})
	wantError(t, err, "AccessDeniedException", denied("ScheduleKeyDeletion"))
	_, err = root.DisableKey(ctx(), &awskms.DisableKeyInput{KeyId: m.KeyId})
	wantError(t, err, "AccessDeniedException", denied("DisableKey"))
	_, err = root.Encrypt(ctx(), &awskms.EncryptInput{KeyId: aws.String("alias/aws/ebs"), Plaintext: []byte("x")})
	wantError(t, err, "AccessDeniedException", denied("Encrypt"))
	_, err = root.DeleteAlias(ctx(), &awskms.DeleteAliasInput{AliasName: aws.String("alias/aws/ebs")})
	wantError(t, err, "NotAuthorizedException", unmodeledEmpty)

	// Through EC2, any principal of the account may use it, without any
	// KMS permission of its own.
	_, user := e.user(acctA, regionA, "ebs-user", allowAll("ec2:*", "*"))
	ec2 := withRequest(user.OnBehalf("ec2."+regionA+".amazonaws.com", "ec2-frontend-api.amazonaws.com"))
	if _, err := e.svc.GenerateDataKeyWithoutPlaintext(ec2, &kmsapi.GenerateDataKeyWithoutPlaintextInput{KeyId: aws.String("alias/aws/ebs"),
		NumberOfBytes: aws.Int32(64), EncryptionContext: map[string]string{"aws:ebs:id": "vol-1"}}); err != nil {
		t.Fatalf("EC2 on the user's behalf: %v", err)
	}
	// From another account it cannot be used, even through EC2.
	_, outsider := e.user(acctB, regionA, "outsider", allowAll("kms:*", "*"))
	ec2B := withRequest(outsider.OnBehalf("ec2."+regionA+".amazonaws.com", "ec2-frontend-api.amazonaws.com"))
	_, err = e.svc.GenerateDataKeyWithoutPlaintext(ec2B, &kmsapi.GenerateDataKeyWithoutPlaintextInput{KeyId: m.Arn,
		NumberOfBytes: aws.Int32(64), EncryptionContext: map[string]string{"aws:ebs:id": "vol-1"}})
	wantCode(t, err, "AccessDeniedException", "User: arn:aws:iam::"+acctB+":user/outsider is not authorized to perform: kms:GenerateDataKeyWithoutPlaintext on resource: "+
		aws.ToString(m.Arn)+" because no resource-based policy allows the kms:GenerateDataKeyWithoutPlaintext action")
	// An alias of another account is not created by naming it.
	_, err = e.root(acctB, regionA).DescribeKey(ctx(), &awskms.DescribeKeyInput{KeyId: aws.String(aliasARNOf("999988887777", regionA, "alias/aws/ebs"))})
	wantError(t, err, "NotFoundException", "Alias "+aliasARNOf("999988887777", regionA, "alias/aws/ebs")+" is not found.")
}
