package imagebuilder_test

import (
	"regexp"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsec2 "github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	awskms "github.com/aws/aws-sdk-go-v2/service/kms"

	"github.com/amityhq/amity/internal/api/imagebuilderapi"
)

// The engine's tests distribute from source to target.
const (
	source = acctA
	target = acctB
)

// engine is amity with a source account ready to build: an instance
// profile and a parent image.
type engine struct {
	*env
	parent string
}

func newEngine(t testing.TB) *engine {
	e := &engine{env: newEnv(t)}
	e.profile(t, source, "builder")
	c := awsec2.NewFromConfig(e.RootConfig(source, regionA))
	v := must(c.CreateVolume(ctx(), &awsec2.CreateVolumeInput{AvailabilityZone: aws.String(regionA + "a"), Size: aws.Int32(8)}))(t)
	sn := must(c.CreateSnapshot(ctx(), &awsec2.CreateSnapshotInput{VolumeId: v.VolumeId}))(t)
	im := must(c.RegisterImage(ctx(), &awsec2.RegisterImageInput{Name: aws.String("parent"), RootDeviceName: aws.String("/dev/xvda"),
		BlockDeviceMappings: []ec2types.BlockDeviceMapping{{DeviceName: aws.String("/dev/xvda"), Ebs: &ec2types.EbsBlockDevice{SnapshotId: sn.SnapshotId}}}}))(t)
	available(t, c, *im.ImageId)
	e.parent = *im.ImageId
	return e
}

var builds int

// build runs an image of the recipe built from the parent image with the
// given distributions, and returns it once done.
func (e *engine) build(t testing.TB, dists ...imagebuilderapi.Distribution) *imagebuilderapi.Image {
	t.Helper()
	return e.buildWith(t, nil, dists...)
}

// buildWith is build with the recipe's block device mappings.
func (e *engine) buildWith(t testing.TB, mappings []imagebuilderapi.InstanceBlockDeviceMapping, dists ...imagebuilderapi.Distribution) *imagebuilderapi.Image {
	t.Helper()
	builds++
	arn := "arn:aws:imagebuilder:" + regionA + ":" + source + ":image/recipe/1.0.0/" + itoa(builds)
	im := &imagebuilderapi.Image{Arn: &arn, Name: aws.String("recipe"), Version: aws.String("1.0.0"),
		DateCreated:                 aws.String(time.Now().UTC().Format(time.RFC3339)),
		ImageRecipe:                 &imagebuilderapi.ImageRecipe{Name: aws.String("recipe"), Version: aws.String("1.0.0"), ParentImage: &e.parent, BlockDeviceMappings: mappings},
		InfrastructureConfiguration: &imagebuilderapi.InfrastructureConfiguration{InstanceProfileName: aws.String("builder")},
		DistributionConfiguration:   &imagebuilderapi.DistributionConfiguration{Distributions: dists}}
	req := e.Request(t, e.RootConfig(source, regionA))
	if err := e.App.ImageBuilder.StartBuildForTest(ctx(), req, im); err != nil {
		t.Fatal(err)
	}
	return e.ended(t, arn)
}

// ended waits for the build of image arn, the one running, to end and
// returns the image.
func (e *env) ended(t testing.TB, arn string) *imagebuilderapi.Image {
	t.Helper()
	e.App.ImageBuilder.WaitForTest()
	im := must(e.App.ImageBuilder.ImageForTest(ctx(), arn))(t)
	if im == nil || !slices.Contains([]string{"AVAILABLE", "FAILED", "CANCELLED"}, *im.State.Status) {
		t.Fatalf("build %s has not ended: %+v", arn, im)
	}
	return im
}

func itoa(n int) string { return strconv.Itoa(n) }

func toTarget(kmsKey *string) imagebuilderapi.Distribution {
	return imagebuilderapi.Distribution{Region: aws.String(regionA), AmiDistributionConfiguration: &imagebuilderapi.AmiDistributionConfiguration{
		Name: aws.String("out-{{imagebuilder:buildDate}}"), TargetAccountIds: []string{target}, KmsKeyId: kmsKey}}
}

// wantReason checks a FAILED image's reason against the seed's format,
// with JobId and ids filled, for a job distributing to the target.
func wantReason(t *testing.T, im *imagebuilderapi.Image, job string) {
	t.Helper()
	wantJob(t, im, job, target, regionA)
}

func wantJob(t *testing.T, im *imagebuilderapi.Image, job, destination, region string) {
	t.Helper()
	want := `^Distribution failed with JobId '[0-9a-f]{14}', status = 'Failed' for ARN '` + regexp.QuoteMeta(*im.Arn) +
		`'\. 'Not all distribution jobs are completed\. 1\) ` + job + ` when distributing the image from the source account \(ID: ` + source +
		`\) to the destination account \(ID: ` + destination + `\) in Region ` + region + `\.'$`
	if *im.State.Status != "FAILED" || im.State.Reason == nil || !regexp.MustCompile(want).MatchString(*im.State.Reason) {
		t.Fatalf("image %s: %s\nreason %q\nwant   %s", *im.Arn, *im.State.Status, aws.ToString(im.State.Reason), want)
	}
}

// TestS1toS4DistributionToAnotherAccount: the distribution to a target
// account fails as the seed articles say — no role (S3), the AWS managed
// key (S1), a key the target's role may not use (S4) — and succeeds after
// each fix, with the AMI in the target account.
func TestS1toS4DistributionToAnotherAccount(t *testing.T) {
	e := newEngine(t)
	// S3: no role in the target account.
	im := e.build(t, toTarget(nil))
	wantReason(t, im, regexp.QuoteMeta("STS Client Error: 'User: arn:aws:sts::"+source+":assumed-role/AWSServiceRoleForImageBuilder/Ec2ImageBuilderIntegrationService is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::"+target+":role/EC2ImageBuilderDistributionCrossAccountRole'. Please make sure your 'EC2ImageBuilderDistributionCrossAccountRole' is setup with correct permission policies. If you are copying AMI to opt-in regions, please make sure the region is enabled in the account"))

	// S3's fix: the role, trusting the source account, with AWS's policy.
	e.distributionRole(t, target)
	im = e.build(t, toTarget(nil))
	if *im.State.Status != "AVAILABLE" || len(im.OutputResources.Amis) != 2 || *im.OutputResources.Amis[1].AccountId != target {
		t.Fatalf("after S3's fix: %s %q %+v", *im.State.Status, aws.ToString(im.State.Reason), im.OutputResources)
	}
	copied := must(awsec2.NewFromConfig(e.RootConfig(target, regionA)).DescribeImages(ctx(),
		&awsec2.DescribeImagesInput{ImageIds: []string{*im.OutputResources.Amis[1].Image}}))(t)
	if len(copied.Images) != 1 || *copied.Images[0].OwnerId != target {
		t.Fatalf("the target's AMI: %+v", copied.Images)
	}

	// S1, trigger 2: the AWS managed key with a target account.
	im = e.build(t, toTarget(aws.String("alias/aws/ebs")))
	wantReason(t, im, regexp.QuoteMeta("EC2 Client Error: 'Snapshots encrypted with the AWS Managed CMK can't be shared. Specify another snapshot.'"))

	// S4: a customer managed key of the source, not shared with the target.
	key := *must(awskms.NewFromConfig(e.RootConfig(source, regionA)).CreateKey(ctx(), &awskms.CreateKeyInput{}))(t).KeyMetadata.Arn
	im = e.build(t, toTarget(&key))
	wantReason(t, im, `AMI Copy Reported Failure For 'ami-[0-9a-f]{17}'`)

	// S4's fix: the key shared with the target, and the target role's
	// identity policy for it.
	must(awskms.NewFromConfig(e.RootConfig(source, regionA)).PutKeyPolicy(ctx(), &awskms.PutKeyPolicyInput{KeyId: &key, Policy: aws.String(keySharedWith(target))}))(t)
	e.roleUsesKeys(t, target)
	im = e.build(t, toTarget(&key))
	if *im.State.Status != "AVAILABLE" {
		t.Fatalf("after S4's fix: %s %q", *im.State.Status, aws.ToString(im.State.Reason))
	}
}
