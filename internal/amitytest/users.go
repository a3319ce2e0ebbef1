package amitytest

import (
	"context"
	"fmt"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
)

// NewUser creates, through IAM as the account's root, a user with the
// given inline policy documents and an access key, and returns a
// configuration that signs as that user.
func (e *Env) NewUser(t testing.TB, account, region, name string, policies ...string) aws.Config {
	t.Helper()
	ctx := context.Background()
	client := iam.NewFromConfig(e.RootConfig(account, "us-east-1"))
	if _, err := client.CreateUser(ctx, &iam.CreateUserInput{UserName: aws.String(name)}); err != nil {
		t.Fatalf("amitytest: CreateUser %s: %v", name, err)
	}
	for i, doc := range policies {
		_, err := client.PutUserPolicy(ctx, &iam.PutUserPolicyInput{UserName: aws.String(name),
			PolicyName: aws.String(fmt.Sprintf("policy%d", i)), PolicyDocument: aws.String(doc)})
		if err != nil {
			t.Fatalf("amitytest: PutUserPolicy %s: %v", name, err)
		}
	}
	key, err := client.CreateAccessKey(ctx, &iam.CreateAccessKeyInput{UserName: aws.String(name)})
	if err != nil {
		t.Fatalf("amitytest: CreateAccessKey %s: %v", name, err)
	}
	return e.Config(*key.AccessKey.AccessKeyId, *key.AccessKey.SecretAccessKey, "", region)
}
