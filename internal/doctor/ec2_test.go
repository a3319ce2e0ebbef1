package doctor_test

import (
	"strconv"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsec2 "github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	awskms "github.com/aws/aws-sdk-go-v2/service/kms"

	"github.com/amityhq/amity/internal/amitytest"
	"github.com/amityhq/amity/internal/doctor"
)

// registerImage registers in account an AMI of one volume per key (""
// for an unencrypted one) and returns its id.
func registerImage(t testing.TB, env *amitytest.Env, account, region string, keys ...string) string {
	t.Helper()
	c := awsec2.NewFromConfig(env.RootConfig(account, region))
	var mappings []ec2types.BlockDeviceMapping
	for i, key := range keys {
		in := &awsec2.CreateVolumeInput{AvailabilityZone: aws.String(region + "a"), Size: aws.Int32(8)}
		if key != "" {
			in.Encrypted, in.KmsKeyId = aws.Bool(true), aws.String(key)
		}
		v := must(c.CreateVolume(ctx(), in))(t)
		sn := must(c.CreateSnapshot(ctx(), &awsec2.CreateSnapshotInput{VolumeId: v.VolumeId}))(t)
		mappings = append(mappings, ec2types.BlockDeviceMapping{DeviceName: aws.String("/dev/xvd" + string(rune('a'+i))),
			Ebs: &ec2types.EbsBlockDevice{SnapshotId: sn.SnapshotId}})
	}
	image := *must(c.RegisterImage(ctx(), &awsec2.RegisterImageInput{Name: aws.String("image-" + strconv.Itoa(len(mappings)) + "-" + strconv.FormatInt(time.Now().UnixNano(), 36)), RootDeviceName: aws.String("/dev/xvda"),
		BlockDeviceMappings: mappings}))(t).ImageId
	for range 5000 { // until its snapshots complete
		if must(c.DescribeImages(ctx(), &awsec2.DescribeImagesInput{ImageIds: []string{image}}))(t).Images[0].State == ec2types.ImageStateAvailable {
			return image
		}
		time.Sleep(time.Millisecond)
	}
	t.Fatalf("image %s never became available", image)
	return ""
}

// sharedKeyPolicy is seed 002's key policy: A's IAM decides, and B may
// use the key and attach it to AWS resources.
const sharedKeyPolicy = `{"Version":"2012-10-17","Statement":[
	{"Sid":"Enable IAM User Permissions","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::` + acctA + `:root"},"Action":"kms:*","Resource":"*"},
	{"Sid":"Allow use of the key","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::` + acctB + `:root"},
	 "Action":["kms:Encrypt","kms:Decrypt","kms:ReEncrypt*","kms:GenerateDataKey*","kms:DescribeKey"],"Resource":"*"},
	{"Sid":"Allow attachment of persistent resources","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::` + acctB + `:root"},
	 "Action":["kms:CreateGrant","kms:ListGrants","kms:RevokeGrant"],"Resource":"*","Condition":{"Bool":{"kms:GrantIsForAWSResource":true}}}]}`

// keyUsagePolicy is seed 003's KmsKeyUsagePolicy for key.
func keyUsagePolicy(key string) string {
	return `{"Version":"2012-10-17","Statement":[
	{"Sid":"AllowUseOfTheKey","Effect":"Allow","Action":["kms:Encrypt","kms:Decrypt","kms:ReEncrypt*","kms:GenerateDataKey*","kms:DescribeKey"],"Resource":["` + key + `"]},
	{"Sid":"AllowAttachmentOfPersistentResources","Effect":"Allow","Action":["kms:CreateGrant","kms:ListGrants","kms:RevokeGrant"],"Resource":["` + key + `"],
	 "Condition":{"Bool":{"kms:GrantIsForAWSResource":true}}}]}`
}

const ec2All = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ec2:*","Resource":"*"}]}`

// sharedImage is an AMI of account A encrypted with A's key (under
// policy, "" for the default) and shared with account B.
func sharedImage(t *testing.T, env *amitytest.Env, policy string) (image, key string) {
	in := &awskms.CreateKeyInput{}
	if policy != "" {
		in.Policy = &policy
	}
	key = *must(awskms.NewFromConfig(env.RootConfig(acctA, region)).CreateKey(ctx(), in))(t).KeyMetadata.Arn
	image = registerImage(t, env, acctA, region, key)
	must(awsec2.NewFromConfig(env.RootConfig(acctA, region)).ModifyImageAttribute(ctx(), &awsec2.ModifyImageAttributeInput{ImageId: &image,
		LaunchPermission: &ec2types.LaunchPermissionModifications{Add: []ec2types.LaunchPermission{{UserId: aws.String(acctB)}}}}))(t)
	return image, key
}

// TestDoctorS5Launch is seeds 002 and 003: account B's user launches A's
// shared image, encrypted with A's key; without the key policy naming B,
// or without the user's identity policy for the key, the instance
// terminates; doctor names the missing half and its first fix makes the
// next launch run.
func TestDoctorS5Launch(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name, cause   string
		keyPolicy     string
		identityOnKey bool
	}{
		{"key not shared", "key-not-shared", "", true},
		{"no identity policy", "principal-lacks-key-policy", sharedKeyPolicy, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			env := amitytest.New(t)
			image, key := sharedImage(t, env, tt.keyPolicy)
			docs := []string{ec2All}
			if tt.identityOnKey {
				docs = append(docs, keyUsagePolicy(key))
			}
			user := awsec2.NewFromConfig(env.NewUser(t, acctB, region, "launcher", docs...))
			run := func() ec2types.Instance {
				out := must(user.RunInstances(ctx(), &awsec2.RunInstancesInput{ImageId: &image, MinCount: aws.Int32(1), MaxCount: aws.Int32(1)}))(t)
				return settled(t, user, *out.Instances[0].InstanceId)
			}
			inst := run()
			if inst.State.Name != ec2types.InstanceStateNameTerminated {
				t.Fatalf("the launch: %s", inst.State.Name)
			}
			env.App.Failures.Flush()
			r := must(env.App.Doctor.Explain(ctx(), env.Request(t, env.RootConfig(acctB, region)), doctor.KindInstance, *inst.InstanceId))(t)
			if !r.Failed || r.Cause == nil || r.Cause.ID != tt.cause {
				t.Fatalf("doctor: cause %+v, want %s", r.Cause, tt.cause)
			}
			applyFirstFix(t, env, r)
			if inst := run(); inst.State.Name != ec2types.InstanceStateNameRunning {
				t.Fatalf("after doctor's fix %q: %s %+v", r.Fixes[0].Summary, inst.State.Name, inst.StateReason)
			}
		})
	}
}

// TestDoctorS5Copy: account B copies A's shared image into another Region
// under its own key; A's key not shared with B fails the copy; doctor's
// first fix shares it, and the next copy is available.
func TestDoctorS5Copy(t *testing.T) {
	t.Parallel()
	const there = "us-west-2"
	env := amitytest.New(t)
	image, _ := sharedImage(t, env, "")
	bKey := *must(awskms.NewFromConfig(env.RootConfig(acctB, there)).CreateKey(ctx(), &awskms.CreateKeyInput{}))(t).KeyMetadata.Arn
	b := awsec2.NewFromConfig(env.RootConfig(acctB, there))
	copyImage := func() ec2types.Image {
		id := must(b.CopyImage(ctx(), &awsec2.CopyImageInput{Name: aws.String("copy"), SourceImageId: &image, SourceRegion: aws.String(region),
			Encrypted: aws.Bool(true), KmsKeyId: &bKey}))(t).ImageId
		for range 2000 {
			im := must(b.DescribeImages(ctx(), &awsec2.DescribeImagesInput{ImageIds: []string{*id}}))(t).Images[0]
			if im.State != ec2types.ImageStatePending {
				return im
			}
			time.Sleep(time.Millisecond)
		}
		t.Fatalf("copy %s never settled", *id)
		return ec2types.Image{}
	}
	im := copyImage()
	if im.State != ec2types.ImageStateFailed {
		t.Fatalf("the copy: %s", im.State)
	}
	env.App.Failures.Flush()
	r := must(env.App.Doctor.Explain(ctx(), env.Request(t, env.RootConfig(acctB, there)), doctor.KindImage, *im.ImageId))(t)
	if !r.Failed || r.Cause == nil || r.Cause.ID != "key-not-shared" {
		t.Fatalf("doctor: cause %+v, report %+v", r.Cause, r)
	}
	applyFirstFix(t, env, r)
	if im := copyImage(); im.State != ec2types.ImageStateAvailable {
		t.Fatalf("after doctor's fix %q: %s %+v", r.Fixes[0].Summary, im.State, im.StateReason)
	}
}
