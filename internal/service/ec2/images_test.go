package ec2_test

import (
	"slices"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsec2 "github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"
)

// An AMI name is taken in its account and Region, by a registered image
// or a copy; the same name is free in another Region or account.
// DescribeImages' Owners selects among them.
func TestImageNamesAndOwners(t *testing.T) {
	e := newEnv(t)
	c := e.ec2(acctA, regionA)
	v := must(c.CreateVolume(ctx(), &awsec2.CreateVolumeInput{AvailabilityZone: aws.String(zoneA), Size: aws.Int32(8)}))(t)
	sn := must(c.CreateSnapshot(ctx(), &awsec2.CreateSnapshotInput{VolumeId: v.VolumeId}))(t)
	e.waitSnapshot(t, c, *sn.SnapshotId)
	register := func(name string) (*awsec2.RegisterImageOutput, error) {
		return c.RegisterImage(ctx(), &awsec2.RegisterImageInput{Name: aws.String(name), RootDeviceName: aws.String("/dev/xvda"),
			BlockDeviceMappings: []types.BlockDeviceMapping{{DeviceName: aws.String("/dev/xvda"), Ebs: &types.EbsBlockDevice{SnapshotId: sn.SnapshotId}}}})
	}
	const name = "web (v1)/x"
	other := *must(register("web (v2)/x"))(t).ImageId
	first := *must(register(name))(t).ImageId
	_, err := register(name)
	wantError(t, err, "InvalidAMIName.Duplicate", "AMI name "+name+" is already in use by AMI "+first)
	_, err = c.CopyImage(ctx(), &awsec2.CopyImageInput{Name: aws.String(name), SourceImageId: &other, SourceRegion: aws.String(regionA)})
	wantError(t, err, "InvalidAMIName.Duplicate", "AMI name "+name+" is already in use by AMI "+first)
	must(e.ec2(acctA, regionB).CopyImage(ctx(), &awsec2.CopyImageInput{Name: aws.String(name), SourceImageId: &first, SourceRegion: aws.String(regionA)}))(t)
	must(c.ModifyImageAttribute(ctx(), &awsec2.ModifyImageAttributeInput{ImageId: &first,
		LaunchPermission: &types.LaunchPermissionModifications{Add: []types.LaunchPermission{{UserId: aws.String(acctB)}}}}))(t)
	copied := *must(e.ec2(acctB, regionA).CopyImage(ctx(), &awsec2.CopyImageInput{Name: aws.String(name), SourceImageId: &first, SourceRegion: aws.String(regionA)}))(t).ImageId

	// Owners selects by "self", account id and alias, among the images
	// the caller may launch.
	b := e.ec2(acctB, regionA)
	for _, tt := range []struct {
		c      *awsec2.Client
		owners []string
		want   []string
		amazon bool // with AWS's public images
	}{
		{c, []string{"self"}, []string{first, other}, false},
		{c, []string{acctA}, []string{first, other}, false},
		{b, []string{acctA}, []string{first}, false},
		{b, []string{"self", "amazon"}, []string{copied}, true},
		{b, []string{"amazon"}, nil, true},
	} {
		var ids []string
		amazon := false
		for _, im := range must(tt.c.DescribeImages(ctx(), &awsec2.DescribeImagesInput{Owners: tt.owners}))(t).Images {
			if aws.ToString(im.ImageOwnerAlias) == "amazon" {
				amazon = true
			} else {
				ids = append(ids, *im.ImageId)
			}
		}
		slices.Sort(ids)
		slices.Sort(tt.want)
		if !slices.Equal(ids, tt.want) || amazon != tt.amazon {
			t.Errorf("Owners %v: %v (amazon's: %t), want %v (%t)", tt.owners, ids, amazon, tt.want, tt.amazon)
		}
	}
}
