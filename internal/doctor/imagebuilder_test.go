package doctor_test

import (
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsec2 "github.com/aws/aws-sdk-go-v2/service/ec2"
	awsiam "github.com/aws/aws-sdk-go-v2/service/iam"
	ib "github.com/aws/aws-sdk-go-v2/service/imagebuilder"
	ibtypes "github.com/aws/aws-sdk-go-v2/service/imagebuilder/types"
	awskms "github.com/aws/aws-sdk-go-v2/service/kms"

	"github.com/amityhq/amity/internal/amitytest"
	"github.com/amityhq/amity/internal/doctor"
)

// distributionRole is the role Image Builder assumes in a target account.
const distributionRole = "EC2ImageBuilderDistributionCrossAccountRole"

// imageFlow is an Image Builder setup in account A: a recipe, an
// infrastructure configuration and a distribution configuration, built
// with CreateImage — the flow the seeds' articles run.
type imageFlow struct {
	env                       *amitytest.Env
	ib                        *ib.Client
	recipe, infrastructure    string
	distribution, parent, cmk string
	mappings                  []ibtypes.InstanceBlockDeviceMapping
	distributions             []ibtypes.Distribution
}

// newImageFlow makes the source account ready: an instance profile, a
// customer managed key (for fixes to name), and the public Amazon Linux
// parent image.
func newImageFlow(t testing.TB) *imageFlow {
	env := amitytest.New(t)
	f := &imageFlow{env: env, ib: ib.NewFromConfig(env.RootConfig(acctA, region))}
	iamc := awsiam.NewFromConfig(env.RootConfig(acctA, "us-east-1"))
	trust := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}`
	must(iamc.CreateRole(ctx(), &awsiam.CreateRoleInput{RoleName: aws.String("builder"), AssumeRolePolicyDocument: &trust}))(t)
	must(iamc.CreateInstanceProfile(ctx(), &awsiam.CreateInstanceProfileInput{InstanceProfileName: aws.String("builder")}))(t)
	must(iamc.AddRoleToInstanceProfile(ctx(), &awsiam.AddRoleToInstanceProfileInput{InstanceProfileName: aws.String("builder"), RoleName: aws.String("builder")}))(t)
	f.cmk = *must(awskms.NewFromConfig(env.RootConfig(acctA, region)).CreateKey(ctx(), &awskms.CreateKeyInput{}))(t).KeyMetadata.Arn
	f.parent = "arn:aws:imagebuilder:" + region + ":aws:image/amazon-linux-2023-x86/x.x.x"
	return f
}

// toTarget distributes to account B in the Region, under key ("" none).
func (f *imageFlow) toTarget(key string) *imageFlow {
	a := &ibtypes.AmiDistributionConfiguration{Name: aws.String("golden-{{imagebuilder:buildDate}}"), TargetAccountIds: []string{acctB}}
	if key != "" {
		a.KmsKeyId = &key
	}
	f.distributions = []ibtypes.Distribution{{Region: aws.String(region), AmiDistributionConfiguration: a}}
	return f
}

// targetRole makes account B's distribution role trusting account A,
// with AWS's managed policy (S3's fix), and with KMS permissions (S4's).
func (f *imageFlow) targetRole(t testing.TB, kms bool) {
	iamc := awsiam.NewFromConfig(f.env.RootConfig(acctB, "us-east-1"))
	trust := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com","AWS":"arn:aws:iam::` + acctA + `:root"},"Action":"sts:AssumeRole"}]}`
	must(iamc.CreateRole(ctx(), &awsiam.CreateRoleInput{RoleName: aws.String(distributionRole), AssumeRolePolicyDocument: &trust}))(t)
	must(iamc.AttachRolePolicy(ctx(), &awsiam.AttachRolePolicyInput{RoleName: aws.String(distributionRole),
		PolicyArn: aws.String("arn:aws:iam::aws:policy/Ec2ImageBuilderCrossAccountDistributionAccess")}))(t)
	if kms {
		must(iamc.PutRolePolicy(ctx(), &awsiam.PutRolePolicyInput{RoleName: aws.String(distributionRole), PolicyName: aws.String("kms"),
			PolicyDocument: aws.String(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["kms:Decrypt","kms:Encrypt","kms:GenerateDataKeyWithoutPlaintext","kms:DescribeKey","kms:CreateGrant","kms:ReEncryptFrom","kms:ReEncryptTo"],"Resource":"*"}]}`)}))(t)
	}
}

// create makes the recipe and configurations.
func (f *imageFlow) create(t testing.TB) {
	t.Helper()
	in := &ib.CreateImageRecipeInput{Name: aws.String("golden"), SemanticVersion: aws.String("1.0.0"), ParentImage: &f.parent,
		BlockDeviceMappings: f.mappings,
		Components:          []ibtypes.ComponentConfiguration{{ComponentArn: aws.String("arn:aws:imagebuilder:" + region + ":aws:component/update-linux/x.x.x")}}}
	f.recipe = *must(f.ib.CreateImageRecipe(ctx(), in))(t).ImageRecipeArn
	f.infrastructure = *must(f.ib.CreateInfrastructureConfiguration(ctx(), &ib.CreateInfrastructureConfigurationInput{Name: aws.String("build"),
		InstanceProfileName: aws.String("builder")}))(t).InfrastructureConfigurationArn
	f.distribution = *must(f.ib.CreateDistributionConfiguration(ctx(), &ib.CreateDistributionConfigurationInput{Name: aws.String("dist"),
		Distributions: f.distributions}))(t).DistributionConfigurationArn
}

// build runs CreateImage and waits for the image to end.
func (f *imageFlow) build(t testing.TB) *ibtypes.Image {
	t.Helper()
	arn := must(f.ib.CreateImage(ctx(), &ib.CreateImageInput{ImageRecipeArn: &f.recipe, InfrastructureConfigurationArn: &f.infrastructure,
		DistributionConfigurationArn: &f.distribution}))(t).ImageBuildVersionArn
	for range 5000 {
		im := must(f.ib.GetImage(ctx(), &ib.GetImageInput{ImageBuildVersionArn: arn}))(t).Image
		switch im.State.Status {
		case ibtypes.ImageStatusAvailable, ibtypes.ImageStatusFailed, ibtypes.ImageStatusCancelled:
			return im
		}
		time.Sleep(2 * time.Millisecond)
	}
	t.Fatalf("image %s never ended", *arn)
	return nil
}

// parentWith registers in account A an AMI of one volume per key ("" for
// an unencrypted one) and makes it the recipe's parent.
func (f *imageFlow) parentWith(t testing.TB, keys ...string) {
	f.parent = registerImage(t, f.env, acctA, region, keys...)
}

// closedLoop builds, expects the failure doctor explains with cause, runs
// doctor's first fix with the AWS CLI, and builds again: the image must
// be AVAILABLE.
func (f *imageFlow) closedLoop(t *testing.T, cause string, check func(*doctor.Report)) {
	t.Helper()
	f.create(t)
	im := f.build(t)
	if im.State.Status != ibtypes.ImageStatusFailed {
		t.Fatalf("the flow did not fail: %s", im.State.Status)
	}
	root := f.env.Request(t, f.env.RootConfig(acctA, region))
	f.env.App.Failures.Flush()
	r := must(f.env.App.Doctor.Explain(ctx(), root, doctor.KindImage, *im.Arn))(t)
	if !r.Failed || r.Cause == nil || r.Cause.ID != cause {
		t.Fatalf("doctor: cause %+v, want %s\nreason %s", r.Cause, cause, aws.ToString(im.State.Reason))
	}
	if check != nil {
		check(r)
	}
	applyFirstFix(t, f.env, r)
	if im := f.build(t); im.State.Status != ibtypes.ImageStatusAvailable {
		t.Fatalf("after doctor's fix %q: %s %s", r.Fixes[0].Summary, im.State.Status, aws.ToString(im.State.Reason))
	}
}

// TestDoctorS1 explains each of S1's five triggers by name, and its first
// fix — the customer managed key in the distribution configuration,
// shared with the target — makes the distribution succeed.
func TestDoctorS1(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name, trigger string
		setup         func(*testing.T, *imageFlow)
	}{
		{"recipe", "the recipe's storage (/dev/xvda) names it", func(t *testing.T, f *imageFlow) {
			f.mappings = []ibtypes.InstanceBlockDeviceMapping{{DeviceName: aws.String("/dev/xvda"),
				Ebs: &ibtypes.EbsInstanceBlockDeviceSpecification{Encrypted: aws.Bool(true), KmsKeyId: aws.String("alias/aws/ebs")}}}
		}},
		{"distribution", "the distribution configuration names it for target accounts in " + region, func(t *testing.T, f *imageFlow) {
			f.toTarget("alias/aws/ebs")
		}},
		{"parent", "is encrypted with it", func(t *testing.T, f *imageFlow) { f.parentWith(t, "alias/aws/ebs") }},
		{"parent snapshot", "'s snapshots is encrypted with it", func(t *testing.T, f *imageFlow) { f.parentWith(t, "", "alias/aws/ebs") }},
		{"encryption by default", "EBS encryption by default is on in " + region + " with it", func(t *testing.T, f *imageFlow) {
			must(awsec2.NewFromConfig(f.env.RootConfig(acctA, region)).EnableEbsEncryptionByDefault(ctx(), &awsec2.EnableEbsEncryptionByDefaultInput{}))(t)
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := newImageFlow(t).toTarget("")
			f.targetRole(t, false)
			tt.setup(t, f)
			f.closedLoop(t, "aws-managed-key-shared", func(r *doctor.Report) {
				if !strings.Contains(r.Cause.Summary, tt.trigger) {
					t.Errorf("cause %q does not name the trigger %q", r.Cause.Summary, tt.trigger)
				}
				if len(r.Fixes) != 2 {
					t.Errorf("fixes: %+v, want the distribution's key and a new recipe version", r.Fixes)
				}
			})
		})
	}
}

// TestDoctorS2: distributing by launchPermission with a key whose policy
// neither lets IAM decide nor names the service-linked role; the first
// fix names the role in the key policy, written by the key's
// administrator (the account's root may not).
func TestDoctorS2(t *testing.T) {
	t.Parallel()
	f := newImageFlow(t)
	f.env.NewUser(t, acctA, region, "admin")
	admin := `{"Sid":"Admin","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::` + acctA + `:user/admin"},"Action":"kms:*","Resource":"*"}`
	key := *must(awskms.NewFromConfig(f.env.RootConfig(acctA, region)).CreateKey(ctx(), &awskms.CreateKeyInput{BypassPolicyLockoutSafetyCheck: true,
		Policy: aws.String(`{"Version":"2012-10-17","Statement":[` + admin + `]}`)}))(t).KeyMetadata.Arn
	f.distributions = []ibtypes.Distribution{{Region: aws.String(region), AmiDistributionConfiguration: &ibtypes.AmiDistributionConfiguration{
		Name: aws.String("shared-{{imagebuilder:buildDate}}"), KmsKeyId: &key,
		LaunchPermission: &ibtypes.LaunchPermissionConfiguration{UserIds: []string{acctB}}}}}
	f.closedLoop(t, "key-policy-excludes-service", func(r *doctor.Report) {
		if c := r.Fixes[0].Commands[0]; c.As != "arn:aws:iam::"+acctA+":user/admin" {
			t.Errorf("the key policy's fix runs as %q, want its administrator", c.As)
		}
	})
}

// TestDoctorS3: no distribution role in the target account, then one that
// does not trust the source account; each first fix makes it succeed.
func TestDoctorS3(t *testing.T) {
	t.Parallel()
	t.Run("no role", func(t *testing.T) {
		t.Parallel()
		f := newImageFlow(t).toTarget("")
		f.closedLoop(t, "distribution-role-missing", nil)
	})
	t.Run("trust", func(t *testing.T) {
		t.Parallel()
		f := newImageFlow(t).toTarget("")
		iamc := awsiam.NewFromConfig(f.env.RootConfig(acctB, "us-east-1"))
		trust := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}`
		must(iamc.CreateRole(ctx(), &awsiam.CreateRoleInput{RoleName: aws.String(distributionRole), AssumeRolePolicyDocument: &trust}))(t)
		must(iamc.AttachRolePolicy(ctx(), &awsiam.AttachRolePolicyInput{RoleName: aws.String(distributionRole),
			PolicyArn: aws.String("arn:aws:iam::aws:policy/Ec2ImageBuilderCrossAccountDistributionAccess")}))(t)
		f.closedLoop(t, "trust-policy-excludes-source", nil)
	})
	t.Run("opt-in Region", func(t *testing.T) {
		t.Parallel()
		const optIn = "af-south-1"
		f := newImageFlow(t)
		f.targetRole(t, false)
		if err := f.env.App.Identities.SetRegionStatus(ctx(), acctA, optIn, "ENABLED"); err != nil {
			t.Fatal(err)
		}
		f.distributions = []ibtypes.Distribution{{Region: aws.String(optIn), AmiDistributionConfiguration: &ibtypes.AmiDistributionConfiguration{
			Name: aws.String("far-{{imagebuilder:buildDate}}"), TargetAccountIds: []string{acctB}}}}
		f.closedLoop(t, "region-not-enabled", nil)
	})
}

// TestDoctorS4: a source key not shared with the target, then shared but
// the target's role without KMS permissions; each first fix makes it
// succeed.
func TestDoctorS4(t *testing.T) {
	t.Parallel()
	t.Run("not shared", func(t *testing.T) {
		t.Parallel()
		f := newImageFlow(t)
		f.toTarget(f.cmk).targetRole(t, true)
		f.closedLoop(t, "key-not-shared", nil)
	})
	t.Run("role without KMS", func(t *testing.T) {
		t.Parallel()
		f := newImageFlow(t)
		f.toTarget(f.cmk).targetRole(t, false)
		policy := `{"Version":"2012-10-17","Statement":[
			{"Sid":"Enable IAM User Permissions","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::` + acctA + `:root"},"Action":"kms:*","Resource":"*"},
			{"Sid":"Target","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::` + acctB + `:root"},
			 "Action":["kms:Decrypt","kms:Encrypt","kms:GenerateDataKeyWithoutPlaintext","kms:DescribeKey","kms:CreateGrant","kms:ReEncryptFrom","kms:ReEncryptTo"],"Resource":"*"}]}`
		must(awskms.NewFromConfig(f.env.RootConfig(acctA, region)).PutKeyPolicy(ctx(), &awskms.PutKeyPolicyInput{KeyId: &f.cmk, Policy: &policy}))(t)
		f.closedLoop(t, "principal-lacks-key-policy", nil)
	})
}

// TestDoctorS1RecipeFix: S1's second fix — a new recipe version whose
// storage names a customer managed key, the key named in the
// distribution too — makes the next build of the new version succeed.
func TestDoctorS1RecipeFix(t *testing.T) {
	t.Parallel()
	f := newImageFlow(t).toTarget("")
	f.targetRole(t, false)
	f.mappings = []ibtypes.InstanceBlockDeviceMapping{{DeviceName: aws.String("/dev/xvda"),
		Ebs: &ibtypes.EbsInstanceBlockDeviceSpecification{Encrypted: aws.Bool(true), KmsKeyId: aws.String("alias/aws/ebs")}}}
	f.create(t)
	im := f.build(t)
	f.env.App.Failures.Flush()
	r := must(f.env.App.Doctor.Explain(ctx(), f.env.Request(t, f.env.RootConfig(acctA, region)), doctor.KindImage, *im.Arn))(t)
	if r.Cause == nil || !strings.Contains(r.Cause.Summary, "names no key for target accounts") {
		t.Errorf("cause %+v does not say the distribution names no key", r.Cause)
	}
	applyFix(t, f.env, r, 1)
	f.recipe = strings.Replace(f.recipe, "/1.0.0", "/1.0.1", 1)
	if im := f.build(t); im.State.Status != ibtypes.ImageStatusAvailable {
		t.Fatalf("after the recipe fix %q: %s %s", r.Fixes[1].Summary, im.State.Status, aws.ToString(im.State.Reason))
	}
}
