package imagebuilder_test

import (
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsec2 "github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	ib "github.com/aws/aws-sdk-go-v2/service/imagebuilder"
	"github.com/aws/aws-sdk-go-v2/service/imagebuilder/types"

	"github.com/amityhq/amity/internal/api/imagebuilderapi"
	"github.com/amityhq/amity/internal/authz"
)

// BenchmarkBuildAndDistribute is a build distributed to 2 target accounts
// in 2 Regions, in-process at the default pace (issue 12's target:
// < 20 ms): CreateImage, then the build to its end — the build instance
// and its AMI, a copy in each Region under that Region's key, shared
// with and copied into each target as its distribution role.
func BenchmarkBuildAndDistribute(b *testing.B) {
	e := newEnv(b)
	targets, regions := []string{acctB, acctC}, []string{regionA, regionB}
	for _, t := range targets {
		e.distributionRole(b, t)
		e.roleUsesKeys(b, t)
	}
	// A key per Region (KMS keys are regional), shared with the targets:
	// the recipe's volume is under the first, each Region's copies under
	// their own.
	var dists []types.Distribution
	for _, region := range regions {
		dists = append(dists, types.Distribution{Region: aws.String(region), AmiDistributionConfiguration: &types.AmiDistributionConfiguration{
			Name: aws.String("golden-{{imagebuilder:buildVersion}}"), TargetAccountIds: targets, KmsKeyId: aws.String(e.sharedKey(b, region, targets...))}})
	}
	c := e.ib(source, regionA)
	e.profile(b, source, "builder")
	recipe := must(c.CreateImageRecipe(ctx(), &ib.CreateImageRecipeInput{Name: aws.String("golden"), SemanticVersion: aws.String("1.0.0"),
		ParentImage: aws.String(ownedParent(regionA)), BlockDeviceMappings: []types.InstanceBlockDeviceMapping{{DeviceName: aws.String("/dev/xvda"),
			Ebs: &types.EbsInstanceBlockDeviceSpecification{Encrypted: aws.Bool(true), KmsKeyId: dists[0].AmiDistributionConfiguration.KmsKeyId}}}}))(b).ImageRecipeArn
	dist := must(c.CreateDistributionConfiguration(ctx(), &ib.CreateDistributionConfigurationInput{Name: aws.String("dist"),
		Distributions: dists}))(b).DistributionConfigurationArn
	in := &imagebuilderapi.CreateImageInput{ImageRecipeArn: recipe, DistributionConfigurationArn: dist,
		InfrastructureConfigurationArn: aws.String(e.infrastructure(b, c, "build", "builder"))}
	as := authz.WithRequest(ctx(), e.Request(b, e.RootConfig(source, regionA)))
	var im *imagebuilderapi.Image
	b.ReportAllocs()
	for n := 1; b.Loop(); n++ {
		// A new clientToken each time, as the SDKs fill it in: the same
		// one would answer the first image again.
		in.ClientToken = aws.String(itoa(n))
		out, err := e.App.ImageBuilder.CreateImage(as, in)
		if err != nil {
			b.Fatal(err)
		}
		if want := "/1.0.0/" + itoa(n); !strings.HasSuffix(*out.ImageBuildVersionArn, want) {
			b.Fatalf("image %s, want build %s", *out.ImageBuildVersionArn, want)
		}
		if im = e.ended(b, *out.ImageBuildVersionArn); *im.State.Status != "AVAILABLE" {
			b.Fatalf("%s: %s %q", *im.Arn, *im.State.Status, aws.ToString(im.State.Reason))
		}
	}

	// The last build's AMIs: the source's and each target's, in each
	// Region, there and available.
	where := map[[2]string]bool{}
	for _, ami := range im.OutputResources.Amis {
		where[[2]string{*ami.AccountId, *ami.Region}] = true
		got := must(awsec2.NewFromConfig(e.RootConfig(*ami.AccountId, *ami.Region)).DescribeImages(ctx(),
			&awsec2.DescribeImagesInput{ImageIds: []string{*ami.Image}}))(b).Images
		if len(got) != 1 || *got[0].OwnerId != *ami.AccountId || got[0].State != ec2types.ImageStateAvailable {
			b.Fatalf("AMI %s of %s in %s: %+v", *ami.Image, *ami.AccountId, *ami.Region, got)
		}
	}
	if len(where) != len(regions)*(1+len(targets)) || len(im.OutputResources.Amis) != len(where) {
		b.Fatalf("output AMIs: %+v", im.OutputResources.Amis)
	}
}
