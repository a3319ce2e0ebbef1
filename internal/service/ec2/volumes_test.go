package ec2_test

import (
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsec2 "github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"
	awskms "github.com/aws/aws-sdk-go-v2/service/kms"
	kmstypes "github.com/aws/aws-sdk-go-v2/service/kms/types"
)

func TestVolumeLifecycle(t *testing.T) {
	e := newEnv(t)
	c := e.ec2(acctA, regionA)
	created := must(c.CreateVolume(ctx(), &awsec2.CreateVolumeInput{AvailabilityZone: aws.String(zoneA), Size: aws.Int32(8),
		Encrypted: aws.Bool(true), TagSpecifications: []types.TagSpecification{{ResourceType: types.ResourceTypeVolume,
			Tags: []types.Tag{{Key: aws.String("Name"), Value: aws.String("data")}}}}}))(t)
	if !strings.HasPrefix(*created.VolumeId, "vol-") || len(*created.VolumeId) != 21 || created.State != types.VolumeStateCreating ||
		!*created.Encrypted || !strings.Contains(*created.KmsKeyId, ":key/") || created.VolumeType != types.VolumeTypeGp2 {
		t.Fatalf("created = %+v", created)
	}
	// The key is the AWS managed key, made on first use.
	key := must(e.kms(acctA, regionA).DescribeKey(ctx(), &awskms.DescribeKeyInput{KeyId: aws.String("alias/aws/ebs")}))(t)
	if *key.KeyMetadata.Arn != *created.KmsKeyId || key.KeyMetadata.KeyManager != kmstypes.KeyManagerTypeAws {
		t.Errorf("volume key %s, aws/ebs %+v", *created.KmsKeyId, key.KeyMetadata)
	}
	w := awsec2.NewVolumeAvailableWaiter(c, func(o *awsec2.VolumeAvailableWaiterOptions) { o.MinDelay, o.MaxDelay = fastPoll, fastPoll })
	if err := w.Wait(ctx(), &awsec2.DescribeVolumesInput{VolumeIds: []string{*created.VolumeId}}, waitTime); err != nil {
		t.Fatal(err)
	}
	got := must(c.DescribeVolumes(ctx(), &awsec2.DescribeVolumesInput{Filters: []types.Filter{{Name: aws.String("tag:Name"), Values: []string{"d*"}}}}))(t)
	if len(got.Volumes) != 1 || got.Volumes[0].State != types.VolumeStateAvailable {
		t.Fatalf("described = %+v", got.Volumes)
	}
	_, err := c.DescribeVolumes(ctx(), &awsec2.DescribeVolumesInput{VolumeIds: []string{"vol-0123456789abcdef0"}})
	wantError(t, err, "InvalidVolume.NotFound", "The volume 'vol-0123456789abcdef0' does not exist.")
	must(c.DeleteVolume(ctx(), &awsec2.DeleteVolumeInput{VolumeId: created.VolumeId}))(t)
}

func TestModifyVolume(t *testing.T) {
	e := newEnv(t)
	c := e.ec2(acctA, regionA)
	v := must(c.CreateVolume(ctx(), &awsec2.CreateVolumeInput{AvailabilityZone: aws.String(zoneA), Size: aws.Int32(8)}))(t)
	m := must(c.ModifyVolume(ctx(), &awsec2.ModifyVolumeInput{VolumeId: v.VolumeId, Size: aws.Int32(16), VolumeType: types.VolumeTypeGp3}))(t)
	if *m.VolumeModification.TargetSize != 16 || m.VolumeModification.TargetVolumeType != types.VolumeTypeGp3 || *m.VolumeModification.OriginalSize != 8 {
		t.Errorf("modification = %+v", m.VolumeModification)
	}
	got := must(c.DescribeVolumesModifications(ctx(), &awsec2.DescribeVolumesModificationsInput{VolumeIds: []string{*v.VolumeId}}))(t)
	if len(got.VolumesModifications) != 1 || got.VolumesModifications[0].ModificationState != types.VolumeModificationStateCompleted {
		t.Errorf("described = %+v", got.VolumesModifications)
	}
	_, err := c.ModifyVolume(ctx(), &awsec2.ModifyVolumeInput{VolumeId: v.VolumeId, Size: aws.Int32(4)})
	wantError(t, err, "InvalidParameterValue", "")
}
