package ec2_test

import (
	"net/netip"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsec2 "github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"
)

// A launch as a real setup writes it: an Amazon Linux 2023 image found
// by name among Amazon's, a key pair, a security group, a subnet, a
// launch template.
func TestLaunchFromRealSetup(t *testing.T) {
	e := newEnv(t)
	c := e.ec2(acctA, regionA)
	images := must(c.DescribeImages(ctx(), &awsec2.DescribeImagesInput{Owners: []string{"amazon"},
		Filters: []types.Filter{{Name: aws.String("name"), Values: []string{"al2023-ami-2023.*-x86_64"}}}}))(t).Images
	if len(images) != 1 || *images[0].OwnerId != "137112412989" || *images[0].ImageOwnerAlias != "amazon" ||
		*images[0].RootDeviceName != "/dev/xvda" || images[0].BootMode != types.BootModeValuesUefiPreferred || !*images[0].Public {
		t.Fatalf("images %+v", images)
	}
	ami := images[0].ImageId
	// The same name has another id in another Region, and the same one on every call.
	other := must(e.ec2(acctB, regionB).DescribeImages(ctx(), &awsec2.DescribeImagesInput{Owners: []string{"amazon"},
		Filters: []types.Filter{{Name: aws.String("name"), Values: []string{*images[0].Name}}}}))(t).Images
	if len(other) != 1 || *other[0].ImageId == *ami {
		t.Fatalf("in %s: %+v", regionB, other)
	}

	must(c.CreateKeyPair(ctx(), &awsec2.CreateKeyPairInput{KeyName: aws.String("deploy")}))(t)
	sg := must(c.CreateSecurityGroup(ctx(), &awsec2.CreateSecurityGroupInput{GroupName: aws.String("web"), Description: aws.String("web")}))(t).GroupId
	subnet := must(c.DescribeSubnets(ctx(), &awsec2.DescribeSubnetsInput{Filters: []types.Filter{
		{Name: aws.String("availability-zone"), Values: []string{"us-east-1c"}}}}))(t).Subnets[0]
	lt := must(c.CreateLaunchTemplate(ctx(), &awsec2.CreateLaunchTemplateInput{LaunchTemplateName: aws.String("web"),
		LaunchTemplateData: &types.RequestLaunchTemplateData{ImageId: ami, InstanceType: types.InstanceTypeT3Micro, KeyName: aws.String("deploy"),
			SecurityGroupIds: []string{*sg}}}))(t).LaunchTemplate

	run := must(c.RunInstances(ctx(), &awsec2.RunInstancesInput{MinCount: aws.Int32(1), MaxCount: aws.Int32(1), SubnetId: subnet.SubnetId,
		LaunchTemplate: &types.LaunchTemplateSpecification{LaunchTemplateId: lt.LaunchTemplateId, Version: aws.String("$Latest")}}))(t)
	i := run.Instances[0]
	ip, err := netip.ParseAddr(*i.PrivateIpAddress)
	if err != nil || !netip.MustParsePrefix(*subnet.CidrBlock).Contains(ip) || *i.SubnetId != *subnet.SubnetId ||
		*i.VpcId != *subnet.VpcId || *i.Placement.AvailabilityZone != "us-east-1c" || *i.KeyName != "deploy" ||
		len(i.SecurityGroups) != 1 || *i.SecurityGroups[0].GroupId != *sg || *i.ImageId != *ami || i.InstanceType != types.InstanceTypeT3Micro {
		t.Fatalf("instance %+v", i)
	}
	// Without a subnet or group: the zone's default subnet and the default group.
	plain := must(c.RunInstances(ctx(), &awsec2.RunInstancesInput{MinCount: aws.Int32(1), MaxCount: aws.Int32(1), ImageId: ami,
		Placement: &types.Placement{AvailabilityZone: aws.String("us-east-1b")}}))(t).Instances[0]
	if *plain.SubnetId == *subnet.SubnetId || *plain.Placement.AvailabilityZone != "us-east-1b" || *plain.SecurityGroups[0].GroupName != "default" {
		t.Fatalf("plain instance %+v", plain)
	}
	_, err = c.DeleteSecurityGroup(ctx(), &awsec2.DeleteSecurityGroupInput{GroupId: sg})
	wantError(t, err, "DependencyViolation", "resource "+*sg+" has a dependent object")
	_, err = c.RunInstances(ctx(), &awsec2.RunInstancesInput{MinCount: aws.Int32(1), MaxCount: aws.Int32(1), ImageId: ami, KeyName: aws.String("nope")})
	wantError(t, err, "InvalidKeyPair.NotFound", "The key pair 'nope' does not exist")
	_, err = c.RunInstances(ctx(), &awsec2.RunInstancesInput{MinCount: aws.Int32(1), MaxCount: aws.Int32(1), ImageId: ami, SecurityGroups: []string{"nope"}})
	wantError(t, err, "InvalidGroup.NotFound", "")
	_, err = c.RunInstances(ctx(), &awsec2.RunInstancesInput{MinCount: aws.Int32(1), MaxCount: aws.Int32(1),
		LaunchTemplate: &types.LaunchTemplateSpecification{LaunchTemplateName: aws.String("web"), Version: aws.String("4")}})
	wantError(t, err, "InvalidLaunchTemplateId.VersionNotFound", "")
	// Once its instance is terminated, the group can go.
	must(c.TerminateInstances(ctx(), &awsec2.TerminateInstancesInput{InstanceIds: []string{*i.InstanceId}}))(t)
	w := awsec2.NewInstanceTerminatedWaiter(c, func(o *awsec2.InstanceTerminatedWaiterOptions) { o.MinDelay, o.MaxDelay = fastPoll, fastPoll })
	if err := w.Wait(ctx(), &awsec2.DescribeInstancesInput{InstanceIds: []string{*i.InstanceId}}, waitTime); err != nil {
		t.Fatal(err)
	}
	must(c.DeleteSecurityGroup(ctx(), &awsec2.DeleteSecurityGroupInput{GroupId: sg}))(t)
	// Instances can be tagged like the rest.
	must(c.CreateTags(ctx(), &awsec2.CreateTagsInput{Resources: []string{*i.InstanceId}, Tags: tags("role", "web")}))(t)
	got := must(c.DescribeTags(ctx(), &awsec2.DescribeTagsInput{Filters: []types.Filter{{Name: aws.String("resource-type"), Values: []string{"instance"}}}}))(t).Tags
	if len(got) != 1 || *got[0].ResourceId != *i.InstanceId {
		t.Fatalf("instance tags %+v", got)
	}
}
