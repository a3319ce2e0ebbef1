package iam_test

import (
	"context"
	"errors"
	"testing"

	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/smithy-go"

	"github.com/amityhq/amity/internal/amitytest"
)

// The accounts tests act in; amitytest's root credentials create them
// on first use.
const (
	account = "111122223333"
	other   = "444455556666"
)

// env is an in-process amity.
type env struct {
	*amitytest.Env
	t *testing.T
}

func newEnv(t *testing.T) *env { return &env{Env: amitytest.New(t), t: t} }

// client is an IAM client signing with the given key.
func (e *env) client(accessKeyID, secret string) *iam.Client {
	return iam.NewFromConfig(e.Config(accessKeyID, secret, "", "us-east-1"))
}

// root is an IAM client of the account's root user.
func (e *env) root(acct string) *iam.Client {
	return iam.NewFromConfig(e.RootConfig(acct, "us-east-1"))
}

// user creates a user in account with an access key and returns a client
// signing as it.
func (e *env) user(acct, name string) *iam.Client {
	e.t.Helper()
	return iam.NewFromConfig(e.NewUser(e.t, acct, "us-east-1", name))
}

var ctx = context.Background()

// must returns a call's result, failing the test on its error:
// out := must(client.Op(ctx, in))(t).
func must[T any](v T, err error) func(testing.TB) T {
	return func(t testing.TB) T {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
}

// apiError is what a test checks of a refusal.
type apiError struct {
	Code    string
	Message string
	Status  int
}

func errorOf(t *testing.T, err error) apiError {
	t.Helper()
	var ae smithy.APIError
	var re *awshttp.ResponseError
	if !errors.As(err, &ae) || !errors.As(err, &re) {
		t.Fatalf("error %v is not an AWS API error", err)
	}
	return apiError{ae.ErrorCode(), ae.ErrorMessage(), re.HTTPStatusCode()}
}

// wantError checks that err is the AWS error want.
func wantError(t *testing.T, err error, want apiError) {
	t.Helper()
	if err == nil {
		t.Fatalf("no error; want %+v", want)
	}
	if got := errorOf(t, err); got != want {
		t.Errorf("error\n got %+v\nwant %+v", got, want)
	}
}
