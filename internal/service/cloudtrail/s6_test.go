package cloudtrail_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsec2 "github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	awskms "github.com/aws/aws-sdk-go-v2/service/kms"

	"github.com/amityhq/amity/internal/amitytest"
)

// TestS6Record is S6's CloudTrail check with EC2 itself: a user allowed
// ec2:* launches an image encrypted under a customer managed key whose
// policy lets IAM decide; the launch fails, and CloudTrail holds the
// CreateGrant EC2 made on the user's behalf: the user's identity invoked
// by EC2, AccessDenied with the seed's text and today's reason
// [SCENARIOS.md S6; AWS_TEXTS.md §10 and correction 2].
func TestS6Record(t *testing.T) {
	env := amitytest.New(t)
	ctx := context.Background()
	root := env.RootConfig(owner, region)
	keyARN := createKey(t, root, &awskms.CreateKeyInput{})
	admin := awsec2.NewFromConfig(root)
	vol, err := admin.CreateVolume(ctx, &awsec2.CreateVolumeInput{AvailabilityZone: aws.String(region + "a"), Size: aws.Int32(8),
		Encrypted: aws.Bool(true), KmsKeyId: aws.String(keyARN)})
	if err != nil {
		t.Fatal(err)
	}
	snap, err := admin.CreateSnapshot(ctx, &awsec2.CreateSnapshotInput{VolumeId: vol.VolumeId})
	if err != nil {
		t.Fatal(err)
	}
	if err := awsec2.NewSnapshotCompletedWaiter(admin, func(o *awsec2.SnapshotCompletedWaiterOptions) {
		o.MinDelay, o.MaxDelay = 10*time.Millisecond, 10*time.Millisecond
	}).Wait(ctx, &awsec2.DescribeSnapshotsInput{SnapshotIds: []string{*snap.SnapshotId}}, 10*time.Second); err != nil {
		t.Fatal(err)
	}
	image, err := admin.RegisterImage(ctx, &awsec2.RegisterImageInput{Name: aws.String("encrypted"), RootDeviceName: aws.String("/dev/xvda"),
		BlockDeviceMappings: []ec2types.BlockDeviceMapping{{DeviceName: aws.String("/dev/xvda"), Ebs: &ec2types.EbsBlockDevice{SnapshotId: snap.SnapshotId}}}})
	if err != nil {
		t.Fatal(err)
	}
	if err := awsec2.NewImageAvailableWaiter(admin, func(o *awsec2.ImageAvailableWaiterOptions) {
		o.MinDelay, o.MaxDelay = 10*time.Millisecond, 10*time.Millisecond
	}).Wait(ctx, &awsec2.DescribeImagesInput{ImageIds: []string{*image.ImageId}}, 10*time.Second); err != nil {
		t.Fatal(err)
	}

	// The seed's path: the admin's instance, stopped; the user starts it.
	run, err := admin.RunInstances(ctx, &awsec2.RunInstancesInput{ImageId: image.ImageId, MinCount: aws.Int32(1), MaxCount: aws.Int32(1)})
	if err != nil {
		t.Fatal(err)
	}
	id := *run.Instances[0].InstanceId
	settle(t, admin, id, ec2types.InstanceStateNameRunning)
	if _, err := admin.StopInstances(ctx, &awsec2.StopInstancesInput{InstanceIds: []string{id}}); err != nil {
		t.Fatal(err)
	}
	settle(t, admin, id, ec2types.InstanceStateNameStopped)
	user := env.NewUser(t, owner, region, "test", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ec2:*","Resource":"*"}]}`)
	creds, _ := user.Credentials.Retrieve(ctx)
	if _, err := awsec2.NewFromConfig(user).StartInstances(ctx, &awsec2.StartInstancesInput{InstanceIds: []string{id}}); err != nil {
		t.Fatal(err)
	}
	settle(t, admin, id, ec2types.InstanceStateNameStopped)
	grants := lookup(t, root, "Username", "test")
	for len(grants) > 0 && aws.ToString(grants[0].EventName) != "CreateGrant" {
		grants = grants[1:]
	}
	if len(grants) == 0 {
		t.Fatalf("no CreateGrant of the user's: %v", names(lookup(t, root, "Username", "test")))
	}
	rec := grants[0].rec
	want(t, rec, map[string]any{
		"eventSource":              "kms.amazonaws.com",
		"userIdentity.type":        "IAMUser",
		"userIdentity.arn":         "arn:aws:iam::" + owner + ":user/test",
		"userIdentity.accessKeyId": creds.AccessKeyID,
		"userIdentity.invokedBy":   "ec2-frontend-api.amazonaws.com",
		"sourceIPAddress":          "ec2-frontend-api.amazonaws.com",
		"userAgent":                "ec2-frontend-api.amazonaws.com",
		"errorCode":                "AccessDenied",
		"requestParameters.keyId":  keyARN,
		"responseElements":         nil,
	})
	seed := "User: arn:aws:iam::" + owner + ":user/test is not authorized to perform: kms:CreateGrant on resource: " + keyARN
	if msg, _ := rec["errorMessage"].(string); !strings.HasPrefix(msg, seed) ||
		!strings.HasSuffix(msg, " because no identity-based policy allows the kms:CreateGrant action") {
		t.Errorf("errorMessage %q", msg)
	}
	if aws.ToString(grants[0].Username) != "test" {
		t.Errorf("Username %q", aws.ToString(grants[0].Username))
	}

	// EC2's own records: the answer as EC2 sent it.
	launched := only(t, root, "RunInstances").rec
	if get(launched, "responseElements.requestId") != launched["requestID"] || get(launched, "responseElements.instancesSet.items") == nil ||
		launched["eventSource"] != "ec2.amazonaws.com" || launched["readOnly"] != false {
		t.Errorf("RunInstances record %s", recordJSON(launched))
	}
	created := only(t, root, "CreateVolume").rec
	want(t, created, map[string]any{"responseElements.volumeId": *vol.VolumeId, "responseElements.size": 8.0,
		"responseElements.encrypted": true})
	_, err = awsec2.NewFromConfig(env.NewUser(t, owner, region, "nobody")).DescribeVolumes(ctx, &awsec2.DescribeVolumesInput{})
	if err == nil {
		t.Fatal("DescribeVolumes allowed")
	}
	denied := lookup(t, root, "Username", "nobody")
	if len(denied) != 1 || denied[0].rec["errorCode"] != "Client.UnauthorizedOperation" {
		t.Errorf("EC2 denial: %v", names(denied))
	}
}

// settle waits until the instance is in state.
func settle(t *testing.T, c *awsec2.Client, id string, state ec2types.InstanceStateName) {
	t.Helper()
	for range 1000 {
		out, err := c.DescribeInstances(context.Background(), &awsec2.DescribeInstancesInput{InstanceIds: []string{id}})
		if err != nil {
			t.Fatal(err)
		}
		if out.Reservations[0].Instances[0].State.Name == state {
			return
		}
		time.Sleep(5 * time.Millisecond)
	}
	t.Fatalf("instance %s never %s", id, state)
}
