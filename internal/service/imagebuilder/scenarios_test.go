package imagebuilder_test

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsec2 "github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	awsiam "github.com/aws/aws-sdk-go-v2/service/iam"
	awskms "github.com/aws/aws-sdk-go-v2/service/kms"

	"github.com/amityhq/amity/internal/api/imagebuilderapi"
)

const s1Job = "EC2 Client Error: 'Snapshots encrypted with the AWS Managed CMK can't be shared. Specify another snapshot.'"

// distributionRole gives a target account the distribution role S3's fix
// makes: trusting the source account, with AWS's managed policy.
func (e *env) distributionRole(t testing.TB, target string) {
	tiam := awsiam.NewFromConfig(e.RootConfig(target, regionA))
	trust := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::` + source + `:root"},"Action":"sts:AssumeRole"}]}`
	must(tiam.CreateRole(ctx(), &awsiam.CreateRoleInput{RoleName: aws.String("EC2ImageBuilderDistributionCrossAccountRole"), AssumeRolePolicyDocument: aws.String(trust)}))(t)
	must(tiam.AttachRolePolicy(ctx(), &awsiam.AttachRolePolicyInput{RoleName: aws.String("EC2ImageBuilderDistributionCrossAccountRole"),
		PolicyArn: aws.String("arn:aws:iam::aws:policy/Ec2ImageBuilderCrossAccountDistributionAccess")}))(t)
}

// roleUsesKeys gives a target's distribution role S4's identity policy
// for KMS, the fix on the target's side.
func (e *env) roleUsesKeys(t testing.TB, target string) {
	must(awsiam.NewFromConfig(e.RootConfig(target, regionA)).PutRolePolicy(ctx(), &awsiam.PutRolePolicyInput{RoleName: aws.String("EC2ImageBuilderDistributionCrossAccountRole"),
		PolicyName: aws.String("kms"), PolicyDocument: aws.String(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["kms:Decrypt","kms:Encrypt","kms:GenerateDataKeyWithoutPlaintext","kms:DescribeKey","kms:CreateGrant","kms:ReEncryptFrom","kms:ReEncryptTo"],"Resource":"*"}]}`)}))(t)
}

// keySharedWith is a source key policy letting the source's IAM decide
// and sharing the key with the target accounts, S4's fix on the source's
// side.
func keySharedWith(targets ...string) string {
	roots := make([]string, len(targets))
	for i, a := range targets {
		roots[i] = `"arn:aws:iam::` + a + `:root"`
	}
	return `{"Version":"2012-10-17","Statement":[
	{"Sid":"Enable IAM User Permissions","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::` + source + `:root"},"Action":"kms:*","Resource":"*"},
	{"Sid":"Target","Effect":"Allow","Principal":{"AWS":[` + strings.Join(roots, ",") + `]},
	 "Action":["kms:Decrypt","kms:Encrypt","kms:GenerateDataKeyWithoutPlaintext","kms:DescribeKey","kms:CreateGrant","kms:ReEncryptFrom","kms:ReEncryptTo"],"Resource":"*"}]}`
}

// sharedKey creates a customer managed key of the source in region,
// shared with the target accounts.
func (e *env) sharedKey(t testing.TB, region string, targets ...string) string {
	return *must(awskms.NewFromConfig(e.RootConfig(source, region)).CreateKey(ctx(), &awskms.CreateKeyInput{Policy: aws.String(keySharedWith(targets...))}))(t).KeyMetadata.Arn
}

// parentWith registers, in the source account, a parent image of one
// volume per key ("" unencrypted).
func (e *engine) parentWith(t *testing.T, keys ...string) string {
	c := awsec2.NewFromConfig(e.RootConfig(source, regionA))
	var mappings []ec2types.BlockDeviceMapping
	for i, key := range keys {
		in := &awsec2.CreateVolumeInput{AvailabilityZone: aws.String(regionA + "a"), Size: aws.Int32(8)}
		if key != "" {
			in.Encrypted, in.KmsKeyId = aws.Bool(true), aws.String(key)
		}
		v := must(c.CreateVolume(ctx(), in))(t)
		sn := must(c.CreateSnapshot(ctx(), &awsec2.CreateSnapshotInput{VolumeId: v.VolumeId}))(t)
		mappings = append(mappings, ec2types.BlockDeviceMapping{DeviceName: aws.String("/dev/xvd" + string(rune('a'+i))),
			Ebs: &ec2types.EbsBlockDevice{SnapshotId: sn.SnapshotId}})
	}
	builds++
	im := must(c.RegisterImage(ctx(), &awsec2.RegisterImageInput{Name: aws.String("parent-" + itoa(builds)), RootDeviceName: aws.String("/dev/xvda"),
		BlockDeviceMappings: mappings}))(t)
	available(t, c, *im.ImageId)
	return *im.ImageId
}

// available waits until an AMI is available: its snapshots completed.
func available(t testing.TB, c *awsec2.Client, image string) {
	t.Helper()
	for range 5000 {
		out := must(c.DescribeImages(ctx(), &awsec2.DescribeImagesInput{ImageIds: []string{image}}))(t)
		if out.Images[0].State == ec2types.ImageStateAvailable {
			return
		}
		time.Sleep(time.Millisecond)
	}
	t.Fatalf("image %s never became available", image)
}

// TestS1EachTrigger: each of the seeds' five ways an output image ends
// under the AWS managed key makes its distribution to another account
// fail with S1's reason [SCENARIOS.md S1].
func TestS1EachTrigger(t *testing.T) {
	tests := []struct {
		name  string
		setup func(*testing.T, *engine) ([]imagebuilderapi.InstanceBlockDeviceMapping, *string)
	}{
		{"1 recipe storage names aws/ebs", func(t *testing.T, e *engine) ([]imagebuilderapi.InstanceBlockDeviceMapping, *string) {
			return []imagebuilderapi.InstanceBlockDeviceMapping{{DeviceName: aws.String("/dev/xvda"),
				Ebs: &imagebuilderapi.EbsInstanceBlockDeviceSpecification{Encrypted: aws.Bool(true), KmsKeyId: aws.String("alias/aws/ebs")}}}, nil
		}},
		{"2 distribution names aws/ebs", func(t *testing.T, e *engine) ([]imagebuilderapi.InstanceBlockDeviceMapping, *string) {
			return nil, aws.String("alias/aws/ebs")
		}},
		{"3 parent image under aws/ebs", func(t *testing.T, e *engine) ([]imagebuilderapi.InstanceBlockDeviceMapping, *string) {
			e.parent = e.parentWith(t, "alias/aws/ebs")
			return nil, nil
		}},
		{"4 one of the parent's snapshots under aws/ebs", func(t *testing.T, e *engine) ([]imagebuilderapi.InstanceBlockDeviceMapping, *string) {
			e.parent = e.parentWith(t, "", "alias/aws/ebs")
			return nil, nil
		}},
		{"5 encryption by default with aws/ebs", func(t *testing.T, e *engine) ([]imagebuilderapi.InstanceBlockDeviceMapping, *string) {
			must(awsec2.NewFromConfig(e.RootConfig(source, regionA)).EnableEbsEncryptionByDefault(ctx(), &awsec2.EnableEbsEncryptionByDefaultInput{}))(t)
			return nil, nil
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEngine(t)
			e.distributionRole(t, target)
			mappings, key := tt.setup(t, e)
			wantReason(t, e.buildWith(t, mappings, toTarget(key)), regexp.QuoteMeta(s1Job))
		})
	}

	// The fix: a new recipe version whose storage names a customer
	// managed key, shared with the target, and a customer managed key in
	// the distribution.
	e := newEngine(t)
	e.distributionRole(t, target)
	must(awsec2.NewFromConfig(e.RootConfig(source, regionA)).EnableEbsEncryptionByDefault(ctx(), &awsec2.EnableEbsEncryptionByDefaultInput{}))(t)
	key := e.sharedKey(t, regionA, target)
	e.roleUsesKeys(t, target)
	im := e.buildWith(t, []imagebuilderapi.InstanceBlockDeviceMapping{{DeviceName: aws.String("/dev/xvda"),
		Ebs: &imagebuilderapi.EbsInstanceBlockDeviceSpecification{Encrypted: aws.Bool(true), KmsKeyId: &key}}}, toTarget(&key))
	if *im.State.Status != "AVAILABLE" {
		t.Fatalf("after S1's fix: %s %q", *im.State.Status, aws.ToString(im.State.Reason))
	}
	snaps := must(awsec2.NewFromConfig(e.RootConfig(target, regionA)).DescribeSnapshots(ctx(), &awsec2.DescribeSnapshotsInput{OwnerIds: []string{"self"}}))(t)
	if len(snaps.Snapshots) != 1 || *snaps.Snapshots[0].KmsKeyId != key {
		t.Errorf("the target's snapshots: %+v", snaps.Snapshots)
	}
}

// TestS2LaunchPermissionNeedsTheKey: distributing by launchPermission, the
// service-linked role uses the distribution's key through EC2: a key
// policy that neither lets IAM decide nor names the role fails the
// distribution; either fix makes it succeed [SCENARIOS.md S2].
func TestS2LaunchPermissionNeedsTheKey(t *testing.T) {
	e := newEngine(t)
	iamc := awsiam.NewFromConfig(e.RootConfig(source, regionA))
	must(iamc.CreateUser(ctx(), &awsiam.CreateUserInput{UserName: aws.String("admin")}))(t)
	admin := `{"Sid":"Admin","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::` + source + `:user/admin"},"Action":"kms:*","Resource":"*"}`
	kmsc := awskms.NewFromConfig(e.RootConfig(source, regionA))
	key := *must(kmsc.CreateKey(ctx(), &awskms.CreateKeyInput{BypassPolicyLockoutSafetyCheck: true,
		Policy: aws.String(`{"Version":"2012-10-17","Statement":[` + admin + `]}`)}))(t).KeyMetadata.Arn
	dist := imagebuilderapi.Distribution{Region: aws.String(regionA), AmiDistributionConfiguration: &imagebuilderapi.AmiDistributionConfiguration{
		Name: aws.String("shared-{{imagebuilder:buildDate}}"), KmsKeyId: &key,
		LaunchPermission: &imagebuilderapi.LaunchPermissionConfiguration{UserIds: []string{target}}}}
	im := e.build(t, dist)
	wantJob(t, im, `AMI Copy Reported Failure For 'ami-[0-9a-f]{17}'`, source, regionA)

	// Either fix, by the key's administrator.
	ak := must(iamc.CreateAccessKey(ctx(), &awsiam.CreateAccessKeyInput{UserName: aws.String("admin")}))(t).AccessKey
	kmsc = awskms.NewFromConfig(e.Config(*ak.AccessKeyId, *ak.SecretAccessKey, "", regionA))
	for _, fix := range []string{
		`{"Sid":"Enable IAM User Permissions","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::` + source + `:root"},"Action":"kms:*","Resource":"*"}`,
		`{"Sid":"ImageBuilder","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::` + source + `:role/aws-service-role/imagebuilder.amazonaws.com/AWSServiceRoleForImageBuilder"},
		  "Action":["kms:Decrypt","kms:Encrypt","kms:GenerateDataKeyWithoutPlaintext","kms:DescribeKey","kms:CreateGrant","kms:ReEncryptFrom","kms:ReEncryptTo"],"Resource":"*"}`,
	} {
		must(kmsc.PutKeyPolicy(ctx(), &awskms.PutKeyPolicyInput{KeyId: &key, BypassPolicyLockoutSafetyCheck: true,
			Policy: aws.String(`{"Version":"2012-10-17","Statement":[` + admin + `,` + fix + `]}`)}))(t)
		if im := e.build(t, dist); *im.State.Status != "AVAILABLE" {
			t.Fatalf("after the fix %s: %s %q", fix[:40], *im.State.Status, aws.ToString(im.State.Reason))
		}
	}
}

// TestS3OptInRegion: a Region the target account has not enabled fails the
// distribution there in S3's words.
func TestS3OptInRegion(t *testing.T) {
	e := newEngine(t)
	e.distributionRole(t, target)
	const optIn = "af-south-1"
	if err := e.App.Identities.SetRegionStatus(ctx(), source, optIn, "ENABLED"); err != nil {
		t.Fatal(err)
	}
	im := e.build(t, imagebuilderapi.Distribution{Region: aws.String(optIn), AmiDistributionConfiguration: &imagebuilderapi.AmiDistributionConfiguration{
		Name: aws.String("far-{{imagebuilder:buildDate}}"), TargetAccountIds: []string{target}}})
	wantJob(t, im, regexp.QuoteMeta("STS Client Error: 'The security token included in the request is invalid'. Please make sure your 'EC2ImageBuilderDistributionCrossAccountRole' is setup with correct permission policies. If you are copying AMI to opt-in regions, please make sure the region is enabled in the account"),
		target, optIn)
	if err := e.App.Identities.SetRegionStatus(ctx(), target, optIn, "ENABLED"); err != nil {
		t.Fatal(err)
	}
	if im := e.build(t, imagebuilderapi.Distribution{Region: aws.String(optIn), AmiDistributionConfiguration: &imagebuilderapi.AmiDistributionConfiguration{
		Name: aws.String("far-{{imagebuilder:buildDate}}"), TargetAccountIds: []string{target}}}); *im.State.Status != "AVAILABLE" {
		t.Fatalf("with the Region enabled: %s %q", *im.State.Status, aws.ToString(im.State.Reason))
	}
}
