package ec2_test

import (
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsec2 "github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"
	awsiam "github.com/aws/aws-sdk-go-v2/service/iam"
	awskms "github.com/aws/aws-sdk-go-v2/service/kms"
	kmstypes "github.com/aws/aws-sdk-go-v2/service/kms/types"
)

// encryptedImage registers, as account's root, an image whose snapshot is
// encrypted under key.
func (e *env) encryptedImage(t *testing.T, account, region, key string) string {
	t.Helper()
	c := e.ec2(account, region)
	v := must(c.CreateVolume(ctx(), &awsec2.CreateVolumeInput{AvailabilityZone: aws.String(region + "a"), Size: aws.Int32(8),
		Encrypted: aws.Bool(true), KmsKeyId: aws.String(key)}))(t)
	sn := must(c.CreateSnapshot(ctx(), &awsec2.CreateSnapshotInput{VolumeId: v.VolumeId}))(t)
	e.waitSnapshot(t, c, *sn.SnapshotId)
	im := must(c.RegisterImage(ctx(), &awsec2.RegisterImageInput{Name: aws.String("encrypted-" + key[len(key)-8:]),
		RootDeviceName: aws.String("/dev/xvda"), BlockDeviceMappings: []types.BlockDeviceMapping{{DeviceName: aws.String("/dev/xvda"),
			Ebs: &types.EbsBlockDevice{SnapshotId: sn.SnapshotId}}}}))(t)
	if err := awsec2.NewImageAvailableWaiter(c, fast[awsec2.ImageAvailableWaiterOptions]).Wait(ctx(),
		&awsec2.DescribeImagesInput{ImageIds: []string{*im.ImageId}}, waitTime); err != nil {
		t.Fatal(err)
	}
	return *im.ImageId
}

func (e *env) waitSnapshot(t *testing.T, c *awsec2.Client, id string) {
	t.Helper()
	if err := awsec2.NewSnapshotCompletedWaiter(c, fast[awsec2.SnapshotCompletedWaiterOptions]).Wait(ctx(),
		&awsec2.DescribeSnapshotsInput{SnapshotIds: []string{id}}, waitTime); err != nil {
		t.Fatal(err)
	}
}

// settled waits for an instance to leave pending, stopping and
// shutting-down, and returns it.
func settled(t *testing.T, c *awsec2.Client, id string) types.Instance {
	t.Helper()
	for range 2000 {
		out := must(c.DescribeInstances(ctx(), &awsec2.DescribeInstancesInput{InstanceIds: []string{id}}))(t)
		inst := out.Reservations[0].Instances[0]
		switch inst.State.Name {
		case types.InstanceStateNamePending, types.InstanceStateNameStopping, types.InstanceStateNameShuttingDown:
			continue
		}
		return inst
	}
	t.Fatalf("instance %s never settled", id)
	return types.Instance{}
}

// TestS6StartWithoutCreateGrant is seed 004: a user allowed ec2:* but not
// kms:CreateGrant starts an instance whose volume is encrypted with a
// customer managed key: the call succeeds, the instance goes pending →
// stopped with Client.InternalError, and the CreateGrant EC2 made on the
// user's behalf is refused and recorded. Each fix AWS_TEXTS.md allows
// makes the start succeed; the user still cannot call CreateGrant itself.
func TestS6StartWithoutCreateGrant(t *testing.T) {
	e := newEnv(t)
	key := e.createKey(t, acctA, regionA, "") // the default policy lets IAM decide
	image := e.encryptedImage(t, acctA, regionA, key)
	admin := e.ec2(acctA, regionA)
	run := must(admin.RunInstances(ctx(), &awsec2.RunInstancesInput{ImageId: aws.String(image), MinCount: aws.Int32(1), MaxCount: aws.Int32(1)}))(t)
	id := *run.Instances[0].InstanceId
	if run.Instances[0].State.Name != types.InstanceStateNamePending || *run.Instances[0].StateReason.Code != "pending" {
		t.Fatalf("RunInstances answered %+v", run.Instances[0].State)
	}
	if inst := settled(t, admin, id); inst.State.Name != types.InstanceStateNameRunning {
		t.Fatalf("the admin's instance: %s %+v", inst.State.Name, inst.StateReason)
	}
	must(admin.StopInstances(ctx(), &awsec2.StopInstancesInput{InstanceIds: []string{id}}))(t)
	settled(t, admin, id)

	user := e.NewUser(t, acctA, regionA, "test", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ec2:*","Resource":"*"}]}`)
	userEC2 := awsec2.NewFromConfig(user)
	start := func() types.Instance {
		t.Helper()
		out := must(userEC2.StartInstances(ctx(), &awsec2.StartInstancesInput{InstanceIds: []string{id}}))(t)
		if out.StartingInstances[0].CurrentState.Name != types.InstanceStateNamePending {
			t.Fatalf("StartInstances answered %+v", out.StartingInstances[0])
		}
		return settled(t, userEC2, id)
	}
	inst := start()
	if inst.State.Name != types.InstanceStateNameStopped || inst.StateReason == nil ||
		*inst.StateReason.Code != "Client.InternalError" || *inst.StateReason.Message != "Client.InternalError: Client error on launch" {
		t.Fatalf("after the refused start: %s %+v", inst.State.Name, inst.StateReason)
	}
	grant := e.rec.Last(t, "CreateGrant")
	userARN := "arn:aws:iam::" + acctA + ":user/test"
	want := "User: " + userARN + " is not authorized to perform: kms:CreateGrant on resource: " + key +
		" because no identity-based policy allows the kms:CreateGrant action"
	if grant.Err == nil || grant.Err.Code != "AccessDeniedException" || grant.Err.Message != want ||
		grant.Request.Principal.ARN != userARN || grant.Request.InvokedBy != "ec2-frontend-api.amazonaws.com" ||
		grant.ParentID != e.rec.Last(t, "StartInstances").RequestID {
		t.Fatalf("CreateGrant event = %+v (err %+v)", grant, grant.Err)
	}

	// Fix (a): an identity policy allowing CreateGrant for AWS resources,
	// the key policy letting IAM decide.
	iamc := e.iam(acctA)
	must(iamc.PutUserPolicy(ctx(), &awsiam.PutUserPolicyInput{UserName: aws.String("test"), PolicyName: aws.String("grants"),
		PolicyDocument: aws.String(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"kms:CreateGrant","Resource":"` + key + `",
			"Condition":{"Bool":{"kms:GrantIsForAWSResource":true}}}]}`)}))(t)
	if inst := start(); inst.State.Name != types.InstanceStateNameRunning {
		t.Fatalf("after fix (a): %s %+v", inst.State.Name, inst.StateReason)
	}
	must(userEC2.StopInstances(ctx(), &awsec2.StopInstancesInput{InstanceIds: []string{id}}))(t)
	settled(t, userEC2, id)
	_, err := awskms.NewFromConfig(user).CreateGrant(ctx(), &awskms.CreateGrantInput{KeyId: aws.String(key),
		GranteePrincipal: aws.String(userARN), Operations: []kmstypes.GrantOperation{kmstypes.GrantOperationDecrypt}})
	if err == nil || !strings.Contains(err.Error(), "AccessDeniedException") {
		t.Errorf("the user created a grant directly: %v", err)
	}

	// Fix (b): no identity policy, a key-policy statement naming the user.
	must(iamc.DeleteUserPolicy(ctx(), &awsiam.DeleteUserPolicyInput{UserName: aws.String("test"), PolicyName: aws.String("grants")}))(t)
	if inst := start(); inst.State.Name != types.InstanceStateNameStopped {
		t.Fatalf("without the fix again: %s", inst.State.Name)
	}
	policy := `{"Version":"2012-10-17","Statement":[
		{"Sid":"Enable IAM User Permissions","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::` + acctA + `:root"},"Action":"kms:*","Resource":"*"},
		{"Sid":"Allow attachment of persistent resources","Effect":"Allow","Principal":{"AWS":"` + userARN + `"},
		 "Action":["kms:CreateGrant","kms:ListGrants","kms:RevokeGrant"],"Resource":"*","Condition":{"Bool":{"kms:GrantIsForAWSResource":"true"}}}]}`
	must(e.kms(acctA, regionA).PutKeyPolicy(ctx(), &awskms.PutKeyPolicyInput{KeyId: aws.String(key), Policy: aws.String(policy)}))(t)
	if inst := start(); inst.State.Name != types.InstanceStateNameRunning {
		t.Fatalf("after fix (b): %s %+v", inst.State.Name, inst.StateReason)
	}
}
