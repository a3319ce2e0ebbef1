package server_test

import (
	"context"
	"errors"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/amityhq/amity/internal/amitytest"
	"github.com/amityhq/amity/internal/identity"
)

// TestFailedSignatureCreatesNoAccount: a 12-digit access key id with a
// wrong signature is refused and leaves nothing behind; the first request
// it signs right creates the account.
func TestFailedSignatureCreatesNoAccount(t *testing.T) {
	env := amitytest.New(t)
	ctx := context.Background()
	const account = "999988887777"
	_, err := sts.NewFromConfig(env.Config(account, "wrong", "", "us-east-1")).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if code, _, _ := apiError(t, err); code != "SignatureDoesNotMatch" {
		t.Fatalf("wrong signature: %s", code)
	}
	if _, err := env.App.Identities.Account(ctx, account); !errors.Is(err, identity.ErrNoSuchAccount) {
		t.Errorf("a refused request created the account: %v", err)
	}
	if _, err := sts.NewFromConfig(env.RootConfig(account, "us-east-1")).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{}); err != nil {
		t.Fatal(err)
	}
	if _, err := env.App.Identities.Account(ctx, account); err != nil {
		t.Errorf("a signed request did not create the account: %v", err)
	}
}
