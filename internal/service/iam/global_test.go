package iam_test

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
)

// TestIAMSignedForAnyRegion: clients pointed at amity sign IAM's requests
// for their configured Region, not the global endpoint's: any Region of
// AWS's stands for it (the key's last use says us-east-1, IAM's), and a
// scope no Region has is refused as AWS refuses it.
func TestIAMSignedForAnyRegion(t *testing.T) {
	e := newEnv(t)
	for _, region := range []string{"eu-west-1", "ap-southeast-2", "us-east-1"} {
		c := iam.NewFromConfig(e.RootConfig("111122223333", region))
		if _, err := c.CreateUser(ctx, &iam.CreateUserInput{UserName: aws.String("from-" + region)}); err != nil {
			t.Fatalf("signed for %s: %v", region, err)
		}
	}
	_, err := iam.NewFromConfig(e.RootConfig("111122223333", "xx-nowhere-1")).ListUsers(ctx, &iam.ListUsersInput{})
	wantError(t, err, apiError{"SignatureDoesNotMatch", "Credential should be scoped to a valid region, not 'xx-nowhere-1'. ", 403})

	key := must(e.root("111122223333").CreateAccessKey(ctx, &iam.CreateAccessKeyInput{UserName: aws.String("from-eu-west-1")}))(t).AccessKey
	dev := iam.NewFromConfig(e.Config(*key.AccessKeyId, *key.SecretAccessKey, "", "eu-west-1"))
	_, _ = dev.ListUsers(ctx, &iam.ListUsersInput{}) // refused, but used
	if _, err := e.App.Identities.FlushUses(ctx); err != nil {
		t.Fatal(err)
	}
	used := must(e.root("111122223333").GetAccessKeyLastUsed(ctx, &iam.GetAccessKeyLastUsedInput{AccessKeyId: key.AccessKeyId}))(t).AccessKeyLastUsed
	if aws.ToString(used.Region) != "us-east-1" || aws.ToString(used.ServiceName) != "iam" {
		t.Errorf("last used %s in %s, want iam in us-east-1", aws.ToString(used.ServiceName), aws.ToString(used.Region))
	}
}
