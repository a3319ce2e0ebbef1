package ec2_test

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsec2 "github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"
	awskms "github.com/aws/aws-sdk-go-v2/service/kms"
)

// TestEncryptionByDefault: with encryption by default on, a new volume is
// encrypted with aws/ebs, then with the default key the account chose;
// reset goes back to aws/ebs.
func TestEncryptionByDefault(t *testing.T) {
	e := newEnv(t)
	c := e.ec2(acctA, regionA)
	if got := must(c.GetEbsEncryptionByDefault(ctx(), &awsec2.GetEbsEncryptionByDefaultInput{}))(t); *got.EbsEncryptionByDefault {
		t.Fatal("encryption by default is on in a new account")
	}
	plain := must(c.CreateVolume(ctx(), &awsec2.CreateVolumeInput{AvailabilityZone: aws.String(zoneA), Size: aws.Int32(1)}))(t)
	if *plain.Encrypted {
		t.Fatal("a volume was encrypted without asking")
	}
	must(c.EnableEbsEncryptionByDefault(ctx(), &awsec2.EnableEbsEncryptionByDefaultInput{}))(t)
	if got := must(c.GetEbsDefaultKmsKeyId(ctx(), &awsec2.GetEbsDefaultKmsKeyIdInput{}))(t); *got.KmsKeyId != "alias/aws/ebs" {
		t.Errorf("default key = %s", *got.KmsKeyId)
	}
	v := must(c.CreateVolume(ctx(), &awsec2.CreateVolumeInput{AvailabilityZone: aws.String(zoneA), Size: aws.Int32(1)}))(t)
	managed := must(e.kms(acctA, regionA).DescribeKey(ctx(), &awskms.DescribeKeyInput{KeyId: aws.String("alias/aws/ebs")}))(t)
	if !*v.Encrypted || *v.KmsKeyId != *managed.KeyMetadata.Arn {
		t.Errorf("volume under encryption by default: %v %s", *v.Encrypted, aws.ToString(v.KmsKeyId))
	}
	key := e.createKey(t, acctA, regionA, "")
	set := must(c.ModifyEbsDefaultKmsKeyId(ctx(), &awsec2.ModifyEbsDefaultKmsKeyIdInput{KmsKeyId: aws.String(key)}))(t)
	if *set.KmsKeyId != key {
		t.Errorf("ModifyEbsDefaultKmsKeyId = %s", *set.KmsKeyId)
	}
	v = must(c.CreateVolume(ctx(), &awsec2.CreateVolumeInput{AvailabilityZone: aws.String(zoneA), Size: aws.Int32(1)}))(t)
	if *v.KmsKeyId != key {
		t.Errorf("volume under the chosen default key: %s", aws.ToString(v.KmsKeyId))
	}
	must(c.ResetEbsDefaultKmsKeyId(ctx(), &awsec2.ResetEbsDefaultKmsKeyIdInput{}))(t)
	if got := must(c.GetEbsDefaultKmsKeyId(ctx(), &awsec2.GetEbsDefaultKmsKeyIdInput{}))(t); *got.KmsKeyId != "alias/aws/ebs" {
		t.Errorf("after reset: %s", *got.KmsKeyId)
	}
	_, err := c.CreateVolume(ctx(), &awsec2.CreateVolumeInput{AvailabilityZone: aws.String(zoneA), Size: aws.Int32(1), KmsKeyId: aws.String(key)})
	must(c.DisableEbsEncryptionByDefault(ctx(), &awsec2.DisableEbsEncryptionByDefaultInput{}))(t)
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.CreateVolume(ctx(), &awsec2.CreateVolumeInput{AvailabilityZone: aws.String(zoneA), Size: aws.Int32(1), KmsKeyId: aws.String(key)})
	wantError(t, err, "InvalidParameterDependency", "The parameter KmsKeyId requires the parameter Encrypted to be set.")
}

// TestExplicitDenyBeatsTheGrant: a key policy denying the instance's EBS
// session decryption stops the launch although EC2 made its grant; a
// disabled key gives Client.InvalidKMSKey.InvalidState [AWS_TEXTS.md §9,
// §6h]. Termination retires the instance's grants.
func TestExplicitDenyBeatsTheGrant(t *testing.T) {
	e := newEnv(t)
	key := e.createKey(t, acctA, regionA, "")
	image := e.encryptedImage(t, acctA, regionA, key)
	c := e.ec2(acctA, regionA)
	ok := runOne(t, c, image)
	if ok.State.Name != types.InstanceStateNameRunning {
		t.Fatalf("before the deny: %s %+v", ok.State.Name, ok.StateReason)
	}
	grants := must(e.kms(acctA, regionA).ListGrants(ctx(), &awskms.ListGrantsInput{KeyId: aws.String(key)}))(t)
	if len(grants.Grants) != 1 || *grants.Grants[0].GranteePrincipal != "arn:aws:sts::"+acctA+":assumed-role/aws:ec2-infrastructure/"+*ok.InstanceId ||
		*grants.Grants[0].RetiringPrincipal != "ec2."+regionA+".amazonaws.com" || grants.Grants[0].Constraints.EncryptionContextSubset["aws:ebs:id"] == "" {
		t.Fatalf("grants = %+v", grants.Grants)
	}
	must(c.TerminateInstances(ctx(), &awsec2.TerminateInstancesInput{InstanceIds: []string{*ok.InstanceId}}))(t)
	if gs := must(e.kms(acctA, regionA).ListGrants(ctx(), &awskms.ListGrantsInput{KeyId: aws.String(key)}))(t); len(gs.Grants) != 0 {
		t.Errorf("grants after termination: %+v", gs.Grants)
	}

	deny := `{"Version":"2012-10-17","Statement":[
		{"Sid":"Enable IAM User Permissions","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::` + acctA + `:root"},"Action":"kms:*","Resource":"*"},
		{"Sid":"NoInstanceSessions","Effect":"Deny","Principal":"*","Action":"kms:Decrypt","Resource":"*",
		 "Condition":{"StringLike":{"aws:PrincipalArn":"arn:aws:iam::*:role/aws:ec2-infrastructure"}}}]}`
	must(e.kms(acctA, regionA).PutKeyPolicy(ctx(), &awskms.PutKeyPolicyInput{KeyId: aws.String(key), Policy: aws.String(deny)}))(t)
	if inst := runOne(t, c, image); inst.State.Name != types.InstanceStateNameTerminated || *inst.StateReason.Code != "Client.InternalError" {
		t.Errorf("with the deny: %s %+v", inst.State.Name, inst.StateReason)
	}
	must(e.kms(acctA, regionA).PutKeyPolicy(ctx(), &awskms.PutKeyPolicyInput{KeyId: aws.String(key),
		Policy: aws.String(`{"Version":"2012-10-17","Statement":[{"Sid":"Enable IAM User Permissions","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::` + acctA + `:root"},"Action":"kms:*","Resource":"*"}]}`)}))(t)
	must(e.kms(acctA, regionA).DisableKey(ctx(), &awskms.DisableKeyInput{KeyId: aws.String(key)}))(t)
	if inst := runOne(t, c, image); inst.State.Name != types.InstanceStateNameTerminated ||
		*inst.StateReason.Code != "Client.InvalidKMSKey.InvalidState" ||
		*inst.StateReason.Message != "Client.InvalidKMSKey.InvalidState: The KMS key provided is in an incorrect state" {
		t.Errorf("with the key disabled: %s %+v", inst.State.Name, inst.StateReason)
	}
}
