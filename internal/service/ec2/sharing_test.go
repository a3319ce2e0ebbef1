package ec2_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsec2 "github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"
	awssts "github.com/aws/aws-sdk-go-v2/service/sts"
)

// TestS1SharingTheAWSManagedKey: a snapshot or an image whose snapshot is
// encrypted with aws/ebs cannot be shared with another account, each
// refusal in its own words [AWS_TEXTS.md §1a, §1b]; with a customer
// managed key both can.
func TestS1SharingTheAWSManagedKey(t *testing.T) {
	e := newEnv(t)
	c := e.ec2(acctA, regionA)
	managed := e.encryptedImage(t, acctA, regionA, "alias/aws/ebs")
	img := must(c.DescribeImages(ctx(), &awsec2.DescribeImagesInput{ImageIds: []string{managed}}))(t).Images[0]
	snap := img.BlockDeviceMappings[0].Ebs.SnapshotId
	_, err := c.ModifySnapshotAttribute(ctx(), &awsec2.ModifySnapshotAttributeInput{SnapshotId: snap,
		Attribute:              types.SnapshotAttributeNameCreateVolumePermission,
		CreateVolumePermission: &types.CreateVolumePermissionModifications{Add: []types.CreateVolumePermission{{UserId: aws.String(acctB)}}}})
	wantError(t, err, "OperationNotPermitted", "Encrypted snapshots with EBS default key cannot be shared")
	_, err = c.ModifyImageAttribute(ctx(), &awsec2.ModifyImageAttributeInput{ImageId: aws.String(managed),
		LaunchPermission: &types.LaunchPermissionModifications{Add: []types.LaunchPermission{{UserId: aws.String(acctB)}}}})
	wantError(t, err, "InvalidParameter", "Snapshots encrypted with the AWS Managed CMK can't be shared. Specify another snapshot.")

	key := e.createKey(t, acctA, regionA, "")
	custom := e.encryptedImage(t, acctA, regionA, key)
	must(c.ModifyImageAttribute(ctx(), &awsec2.ModifyImageAttributeInput{ImageId: aws.String(custom),
		LaunchPermission: &types.LaunchPermissionModifications{Add: []types.LaunchPermission{{UserId: aws.String(acctB)}}}}))(t)
	attr := must(c.DescribeImageAttribute(ctx(), &awsec2.DescribeImageAttributeInput{ImageId: aws.String(custom),
		Attribute: types.ImageAttributeNameLaunchPermission}))(t)
	if len(attr.LaunchPermissions) != 1 || *attr.LaunchPermissions[0].UserId != acctB {
		t.Errorf("launch permissions = %+v", attr.LaunchPermissions)
	}
	// Account B sees the shared image, and not the private one.
	seen := must(e.ec2(acctB, regionA).DescribeImages(ctx(), &awsec2.DescribeImagesInput{Owners: []string{acctA}}))(t)
	if len(seen.Images) != 1 || *seen.Images[0].ImageId != custom {
		t.Errorf("account B sees %+v", seen.Images)
	}
	_, err = e.ec2(acctB, regionA).DescribeImages(ctx(), &awsec2.DescribeImagesInput{ImageIds: []string{managed}})
	wantError(t, err, "InvalidAMIID.NotFound", "The image id '["+managed+"]' does not exist")
	// An encrypted snapshot is never public.
	_, err = c.ModifySnapshotAttribute(ctx(), &awsec2.ModifySnapshotAttributeInput{SnapshotId: snap,
		Attribute: types.SnapshotAttributeNameCreateVolumePermission, OperationType: types.OperationTypeAdd, GroupNames: []string{"all"}})
	wantError(t, err, "OperationNotPermitted", "")
}

// TestUnauthorizedOperation: EC2's denial names the principal, the action,
// the resource and the reason, then the encoded message that STS decodes
// into the engine's decision [AWS_TEXTS.md §5f].
func TestUnauthorizedOperation(t *testing.T) {
	e := newEnv(t)
	user := e.NewUser(t, acctA, regionA, "reader", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ec2:Describe*","Resource":"*"}]}`)
	_, err := awsec2.NewFromConfig(user).CreateVolume(ctx(), &awsec2.CreateVolumeInput{AvailabilityZone: aws.String(zoneA), Size: aws.Int32(1)})
	prefix := "You are not authorized to perform this operation. User: arn:aws:iam::" + acctA + ":user/reader is not authorized to perform: ec2:CreateVolume on resource: arn:aws:ec2:" +
		regionA + ":" + acctA + ":volume/* because no identity-based policy allows the ec2:CreateVolume action. Encoded authorization failure message: "
	wantError(t, err, "UnauthorizedOperation", "")
	msg := err.Error()
	i := strings.Index(msg, prefix)
	if i < 0 {
		t.Fatalf("message %q\nwant prefix %q", msg, prefix)
	}
	encoded := msg[i+len(prefix):]
	decoded := must(awssts.NewFromConfig(e.RootConfig(acctA, regionA)).DecodeAuthorizationMessage(ctx(),
		&awssts.DecodeAuthorizationMessageInput{EncodedMessage: aws.String(encoded)}))(t)
	var m struct {
		Allowed bool `json:"allowed"`
		Context struct {
			Action    string `json:"action"`
			Resource  string `json:"resource"`
			Principal struct {
				ARN string `json:"arn"`
			} `json:"principal"`
			Conditions struct {
				Items []struct{ Key string } `json:"items"`
			} `json:"conditions"`
		} `json:"context"`
	}
	if err := json.Unmarshal([]byte(*decoded.DecodedMessage), &m); err != nil {
		t.Fatal(err)
	}
	if m.Allowed || m.Context.Action != "ec2:CreateVolume" || !strings.HasSuffix(m.Context.Resource, ":volume/*") ||
		m.Context.Principal.ARN != "arn:aws:iam::"+acctA+":user/reader" || len(m.Context.Conditions.Items) == 0 {
		t.Errorf("decoded = %s", *decoded.DecodedMessage)
	}
	// DryRun answers after authorization.
	_, err = e.ec2(acctA, regionA).CreateVolume(ctx(), &awsec2.CreateVolumeInput{AvailabilityZone: aws.String(zoneA), Size: aws.Int32(1), DryRun: aws.Bool(true)})
	wantError(t, err, "DryRunOperation", "Request would have succeeded, but DryRun flag is set.")
}
