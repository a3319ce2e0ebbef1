package ec2_test

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsec2 "github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"
)

// sharedKeyPolicy is the seeds' key policy (002, 003): the owner's IAM
// decides, and account other may use the key and attach it to AWS
// resources.
func sharedKeyPolicy(owner, other, boolValue string) string {
	return `{"Version":"2012-10-17","Statement":[
	{"Sid":"Enable IAM User Permissions","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::` + owner + `:root"},"Action":"kms:*","Resource":"*"},
	{"Sid":"Allow use of the key","Effect":"Allow","Principal":{"AWS":["arn:aws:iam::` + owner + `:root","arn:aws:iam::` + other + `:root"]},
	 "Action":["kms:Encrypt","kms:Decrypt","kms:ReEncrypt*","kms:GenerateDataKey*","kms:DescribeKey"],"Resource":"*"},
	{"Sid":"Allow attachment of persistent resources","Effect":"Allow","Principal":{"AWS":["arn:aws:iam::` + owner + `:root","arn:aws:iam::` + other + `:root"]},
	 "Action":["kms:CreateGrant","kms:ListGrants","kms:RevokeGrant"],"Resource":"*","Condition":{"Bool":{"kms:GrantIsForAWSResource":` + boolValue + `}}}]}`
}

// kmsKeyUsagePolicy is the seeds' KmsKeyUsagePolicy for key, with the
// Bool condition's value written as boolValue (true or "true").
func kmsKeyUsagePolicy(key, boolValue string) string {
	return `{"Version":"2012-10-17","Statement":[
	{"Sid":"AllowUseOfTheKey","Effect":"Allow","Action":["kms:Encrypt","kms:Decrypt","kms:ReEncrypt*","kms:GenerateDataKey*","kms:DescribeKey"],"Resource":["` + key + `"]},
	{"Sid":"AllowAttachmentOfPersistentResources","Effect":"Allow","Action":["kms:CreateGrant","kms:ListGrants","kms:RevokeGrant"],"Resource":["` + key + `"],
	 "Condition":{"Bool":{"kms:GrantIsForAWSResource":` + boolValue + `}}}]}`
}

const ec2All = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ec2:*","Resource":"*"}]}`

// shareImage gives account other launch permission on image.
func (e *env) shareImage(t *testing.T, owner, region, image, other string) {
	t.Helper()
	must(e.ec2(owner, region).ModifyImageAttribute(ctx(), &awsec2.ModifyImageAttributeInput{ImageId: aws.String(image),
		LaunchPermission: &types.LaunchPermissionModifications{Add: []types.LaunchPermission{{UserId: aws.String(other)}}}}))(t)
}

func runOne(t *testing.T, c *awsec2.Client, image string) types.Instance {
	t.Helper()
	out := must(c.RunInstances(ctx(), &awsec2.RunInstancesInput{ImageId: aws.String(image), MinCount: aws.Int32(1), MaxCount: aws.Int32(1)}))(t)
	return settled(t, c, *out.Instances[0].InstanceId)
}

// TestS5LaunchAcrossAccounts is seeds 002 and 003: an image in account A
// encrypted with A's customer managed key and shared with B launches in B
// only when the key policy names B and B's user has the identity policy
// for the key — either alone fails — with the Bool condition written as
// true or "true".
func TestS5LaunchAcrossAccounts(t *testing.T) {
	e := newEnv(t)
	for _, boolValue := range []string{"true", `"true"`} {
		shared := e.createKey(t, acctA, regionA, sharedKeyPolicy(acctA, acctB, boolValue))
		private := e.createKey(t, acctA, regionA, "")
		sharedImage := e.encryptedImage(t, acctA, regionA, shared)
		privateImage := e.encryptedImage(t, acctA, regionA, private)
		e.shareImage(t, acctA, regionA, sharedImage, acctB)
		e.shareImage(t, acctA, regionA, privateImage, acctB)
		tests := []struct {
			name   string
			image  string
			policy string // the user's KmsKeyUsagePolicy key, "" for none
			want   types.InstanceStateName
		}{
			{"key policy alone", sharedImage, "", types.InstanceStateNameTerminated},
			{"identity policy alone", privateImage, private, types.InstanceStateNameTerminated},
			{"both", sharedImage, shared, types.InstanceStateNameRunning},
		}
		for i, tt := range tests {
			t.Run(tt.name+" "+boolValue, func(t *testing.T) {
				docs := []string{ec2All}
				if tt.policy != "" {
					docs = append(docs, kmsKeyUsagePolicy(tt.policy, boolValue))
				}
				user := e.NewUser(t, acctB, regionA, "launcher"+string(rune('a'+i))+string(rune('a'+len(boolValue))), docs...)
				inst := runOne(t, awsec2.NewFromConfig(user), tt.image)
				if inst.State.Name != tt.want {
					t.Fatalf("state %s (%+v), want %s", inst.State.Name, inst.StateReason, tt.want)
				}
				if tt.want == types.InstanceStateNameTerminated && *inst.StateReason.Code != "Client.InternalError" {
					t.Errorf("StateReason = %+v", inst.StateReason)
				}
			})
		}
	}
}

// TestCopiesAcrossAccountsAndRegions: account B copies A's shared image
// into another Region under its own key (re-encrypting on B's behalf,
// which needs A's key) and launches the copy there; without A's key the
// image copy fails with AWS's reason and a snapshot copy goes to error
// with "Given key ID is not accessible" [AWS_TEXTS.md §2].
func TestCopiesAcrossAccountsAndRegions(t *testing.T) {
	e := newEnv(t)
	shared := e.createKey(t, acctA, regionA, sharedKeyPolicy(acctA, acctB, "true"))
	private := e.createKey(t, acctA, regionA, "")
	image := e.encryptedImage(t, acctA, regionA, shared)
	privateImage := e.encryptedImage(t, acctA, regionA, private)
	e.shareImage(t, acctA, regionA, image, acctB)
	e.shareImage(t, acctA, regionA, privateImage, acctB)
	keyB := e.createKey(t, acctB, regionB, "")
	b := e.ec2(acctB, regionB)

	cp := must(b.CopyImage(ctx(), &awsec2.CopyImageInput{SourceImageId: aws.String(image), SourceRegion: aws.String(regionA),
		Name: aws.String("copied"), Encrypted: aws.Bool(true), KmsKeyId: aws.String(keyB)}))(t)
	if err := awsec2.NewImageAvailableWaiter(b, fast[awsec2.ImageAvailableWaiterOptions]).Wait(ctx(),
		&awsec2.DescribeImagesInput{ImageIds: []string{*cp.ImageId}}, waitTime); err != nil {
		t.Fatal(err)
	}
	copied := must(b.DescribeImages(ctx(), &awsec2.DescribeImagesInput{ImageIds: []string{*cp.ImageId}}))(t).Images[0]
	snap := must(b.DescribeSnapshots(ctx(), &awsec2.DescribeSnapshotsInput{SnapshotIds: []string{*copied.BlockDeviceMappings[0].Ebs.SnapshotId}}))(t).Snapshots[0]
	if *snap.KmsKeyId != keyB || *snap.OwnerId != acctB || *copied.SourceImageId != image {
		t.Errorf("copy = %+v, snapshot %+v", copied, snap)
	}
	if inst := runOne(t, b, *cp.ImageId); inst.State.Name != types.InstanceStateNameRunning {
		t.Fatalf("launching the copy: %s %+v", inst.State.Name, inst.StateReason)
	}

	failed := must(b.CopyImage(ctx(), &awsec2.CopyImageInput{SourceImageId: aws.String(privateImage), SourceRegion: aws.String(regionA),
		Name: aws.String("not-mine"), KmsKeyId: aws.String(keyB), Encrypted: aws.Bool(true)}))(t)
	err := awsec2.NewImageAvailableWaiter(b, fast[awsec2.ImageAvailableWaiterOptions]).Wait(ctx(),
		&awsec2.DescribeImagesInput{ImageIds: []string{*failed.ImageId}}, waitTime)
	if err == nil {
		t.Fatal("an image copy without the source key became available")
	}
	bad := must(b.DescribeImages(ctx(), &awsec2.DescribeImagesInput{ImageIds: []string{*failed.ImageId}}))(t).Images[0]
	if bad.State != types.ImageStateFailed || *bad.StateReason.Message != "Copy image failed with an internal error" {
		t.Errorf("failed copy = %s %+v", bad.State, bad.StateReason)
	}

	// A snapshot copy without the source key: accepted, then error.
	privSnap := must(e.ec2(acctA, regionA).DescribeImages(ctx(), &awsec2.DescribeImagesInput{ImageIds: []string{privateImage}}))(t).Images[0].BlockDeviceMappings[0].Ebs.SnapshotId
	must(e.ec2(acctA, regionA).ModifySnapshotAttribute(ctx(), &awsec2.ModifySnapshotAttributeInput{SnapshotId: privSnap,
		Attribute: types.SnapshotAttributeNameCreateVolumePermission, OperationType: types.OperationTypeAdd, UserIds: []string{acctB}}))(t)
	sc := must(b.CopySnapshot(ctx(), &awsec2.CopySnapshotInput{SourceSnapshotId: privSnap, SourceRegion: aws.String(regionA), KmsKeyId: aws.String(keyB), Encrypted: aws.Bool(true)}))(t)
	for range 1000 {
		s := must(b.DescribeSnapshots(ctx(), &awsec2.DescribeSnapshotsInput{SnapshotIds: []string{*sc.SnapshotId}}))(t).Snapshots[0]
		if s.State == types.SnapshotStatePending {
			continue
		}
		if s.State != types.SnapshotStateError || aws.ToString(s.StateMessage) != "Given key ID is not accessible" {
			t.Fatalf("snapshot copy = %s %q", s.State, aws.ToString(s.StateMessage))
		}
		break
	}
	// An unencrypted copy of an encrypted snapshot is refused at once.
	_, err = b.CopySnapshot(ctx(), &awsec2.CopySnapshotInput{SourceSnapshotId: privSnap, SourceRegion: aws.String(regionA), Encrypted: aws.Bool(false)})
	wantError(t, err, "InvalidRequest", "Snapshot "+*privSnap+" is encrypted. Creating an unencrypted copy from an encrypted snapshot is not supported.")
}
