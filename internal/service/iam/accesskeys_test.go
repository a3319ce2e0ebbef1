package iam_test

import (
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/iam/types"
)

func TestAccessKeys(t *testing.T) {
	e := newEnv(t)
	root := e.root(account)
	must(root.CreateUser(ctx, &iam.CreateUserInput{UserName: aws.String("ann")}))(t)
	must(root.PutUserPolicy(ctx, &iam.PutUserPolicyInput{UserName: aws.String("ann"), PolicyName: aws.String("iam"),
		PolicyDocument: aws.String(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:*","Resource":"*"}]}`)}))(t)
	created := must(root.CreateAccessKey(ctx, &iam.CreateAccessKeyInput{UserName: aws.String("ann")}))(t).AccessKey
	if id := *created.AccessKeyId; len(id) != 20 || id[:4] != "AKIA" || len(*created.SecretAccessKey) != 40 ||
		created.Status != types.StatusTypeActive {
		t.Fatalf("CreateAccessKey = %s / %d-character secret / %s, want an active AKIA key with a 40-character secret",
			id, len(*created.SecretAccessKey), created.Status)
	}
	ann := e.client(*created.AccessKeyId, *created.SecretAccessKey)

	// Without a user name, key operations are about the calling user.
	second := must(ann.CreateAccessKey(ctx, &iam.CreateAccessKeyInput{}))(t).AccessKey
	keys := must(ann.ListAccessKeys(ctx, &iam.ListAccessKeysInput{}))(t).AccessKeyMetadata
	if len(keys) != 2 || *keys[0].UserName != "ann" {
		t.Errorf("ListAccessKeys = %+v, want ann's two keys", keys)
	}
	_, err := root.CreateAccessKey(ctx, &iam.CreateAccessKeyInput{UserName: aws.String("ann")})
	wantError(t, err, apiError{"LimitExceeded", "Cannot exceed quota for AccessKeysPerUser: 2", 409})

	// The second key has signed nothing: AWS answers N/A for it. The first
	// signed IAM requests in us-east-1.
	unused := must(root.GetAccessKeyLastUsed(ctx, &iam.GetAccessKeyLastUsedInput{AccessKeyId: second.AccessKeyId}))(t)
	if *unused.UserName != "ann" || *unused.AccessKeyLastUsed.ServiceName != "N/A" || *unused.AccessKeyLastUsed.Region != "N/A" ||
		unused.AccessKeyLastUsed.LastUsedDate != nil {
		t.Errorf("GetAccessKeyLastUsed = %s %+v, want ann, N/A, N/A", *unused.UserName, unused.AccessKeyLastUsed)
	}
	used := must(root.GetAccessKeyLastUsed(ctx, &iam.GetAccessKeyLastUsedInput{AccessKeyId: created.AccessKeyId}))(t).AccessKeyLastUsed
	if *used.ServiceName != "iam" || *used.Region != "us-east-1" || used.LastUsedDate == nil || time.Since(*used.LastUsedDate) > time.Minute {
		t.Errorf("GetAccessKeyLastUsed of a used key = %+v", used)
	}

	// An inactive key is refused at once, and accepted again once active.
	must(root.UpdateAccessKey(ctx, &iam.UpdateAccessKeyInput{UserName: aws.String("ann"),
		AccessKeyId: created.AccessKeyId, Status: types.StatusTypeInactive}))(t)
	_, err = ann.ListAccessKeys(ctx, &iam.ListAccessKeysInput{})
	wantError(t, err, apiError{"InvalidClientTokenId", "The security token included in the request is invalid.", 403})
	must(root.UpdateAccessKey(ctx, &iam.UpdateAccessKeyInput{UserName: aws.String("ann"),
		AccessKeyId: created.AccessKeyId, Status: types.StatusTypeActive}))(t)
	must(ann.ListAccessKeys(ctx, &iam.ListAccessKeysInput{}))(t)

	// A deleted key is refused at once.
	must(ann.DeleteAccessKey(ctx, &iam.DeleteAccessKeyInput{AccessKeyId: created.AccessKeyId}))(t)
	_, err = ann.ListAccessKeys(ctx, &iam.ListAccessKeysInput{})
	wantError(t, err, apiError{"InvalidClientTokenId", "The security token included in the request is invalid.", 403})
	left := must(root.ListAccessKeys(ctx, &iam.ListAccessKeysInput{UserName: aws.String("ann")}))(t).AccessKeyMetadata
	if len(left) != 1 || *left[0].AccessKeyId != *second.AccessKeyId {
		t.Errorf("after DeleteAccessKey: %+v, want the second key alone", left)
	}
}

func TestAccessKeysFollowARenamedUser(t *testing.T) {
	e := newEnv(t)
	root := e.root(account)
	must(root.CreateUser(ctx, &iam.CreateUserInput{UserName: aws.String("old")}))(t)
	must(root.PutUserPolicy(ctx, &iam.PutUserPolicyInput{UserName: aws.String("old"), PolicyName: aws.String("self"),
		PolicyDocument: aws.String(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:GetUser","Resource":"*"}]}`)}))(t)
	key := must(root.CreateAccessKey(ctx, &iam.CreateAccessKeyInput{UserName: aws.String("old")}))(t).AccessKey
	must(root.UpdateUser(ctx, &iam.UpdateUserInput{UserName: aws.String("old"), NewUserName: aws.String("new"),
		NewPath: aws.String("/moved/")}))(t)
	self := must(e.client(*key.AccessKeyId, *key.SecretAccessKey).GetUser(ctx, &iam.GetUserInput{}))(t).User
	if *self.Arn != "arn:aws:iam::111122223333:user/moved/new" {
		t.Errorf("the renamed user's key signs as %s, want user/moved/new", *self.Arn)
	}
}

func TestAccessKeyErrors(t *testing.T) {
	e := newEnv(t)
	root := e.root(account)
	must(root.CreateUser(ctx, &iam.CreateUserInput{UserName: aws.String("ann")}))(t)
	tests := []struct {
		name string
		call func() error
		want apiError
	}{
		{"create for a missing user", func() error {
			_, err := root.CreateAccessKey(ctx, &iam.CreateAccessKeyInput{UserName: aws.String("nobody")})
			return err
		}, apiError{"NoSuchEntity", "The user with name nobody cannot be found.", 404}},
		{"update a missing key", func() error {
			_, err := root.UpdateAccessKey(ctx, &iam.UpdateAccessKeyInput{UserName: aws.String("ann"),
				AccessKeyId: aws.String("AKIAIOSFODNN7EXAMPLE"), Status: types.StatusTypeInactive})
			return err
		}, apiError{"NoSuchEntity", "The Access Key with id AKIAIOSFODNN7EXAMPLE cannot be found.", 404}},
		{"last use of a missing key", func() error {
			_, err := root.GetAccessKeyLastUsed(ctx, &iam.GetAccessKeyLastUsedInput{AccessKeyId: aws.String("AKIAIOSFODNN7EXAMPLE")})
			return err
		}, apiError{"AccessDenied", "User: arn:aws:iam::111122223333:root is not authorized to perform " +
			"iam:GetAccessKeyLastUsed on resource: access key AKIAIOSFODNN7EXAMPLE", 403}},
		{"the root user names no user", func() error {
			_, err := root.DeleteAccessKey(ctx, &iam.DeleteAccessKeyInput{AccessKeyId: aws.String("AKIAIOSFODNN7EXAMPLE")})
			return err
		}, apiError{"ValidationError", "Must specify userName when calling with non-User credentials", 400}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { wantError(t, tc.call(), tc.want) })
	}
}
