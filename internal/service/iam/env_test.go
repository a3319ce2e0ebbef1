package iam_test

import (
	"context"
	"crypto/rand"
	"errors"
	"net/http/httptest"
	"path/filepath"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/smithy-go"

	"github.com/amityhq/amity/internal/api/iamapi"
	"github.com/amityhq/amity/internal/identity"
	"github.com/amityhq/amity/internal/server"
	iamsvc "github.com/amityhq/amity/internal/service/iam"
	"github.com/amityhq/amity/internal/sigv4"
	"github.com/amityhq/amity/internal/store/bolt"
	"github.com/amityhq/amity/internal/store/seal"
	"github.com/amityhq/amity/internal/wire/awsquery"
)

// The accounts tests act in. With convenience credentials on, an access
// key id that is an account id, with secret "test", is that account's
// root.
const (
	account = "111122223333"
	other   = "444455556666"
)

// env is an in-process amity serving IAM on a loopback port.
type env struct {
	t   *testing.T
	url string
	iam *iamsvc.Service
}

func newEnv(t *testing.T) *env {
	t.Helper()
	st, err := bolt.Open(filepath.Join(t.TempDir(), "amity.db"), time.Second)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.Close() })
	key := make([]byte, seal.KeySize)
	_, _ = rand.Read(key)
	sealer, err := seal.New(key)
	if err != nil {
		t.Fatal(err)
	}
	ids := identity.New(st, sealer, identity.Options{Convenience: true})
	svc := iamsvc.New(st, ids)
	desc := iamapi.Service(svc)
	srv := httptest.NewServer(server.New(server.Options{Identities: ids, Routes: []server.Route{{
		Service: desc, Codec: awsquery.New(desc), Family: sigv4.Query, GlobalRegion: "us-east-1",
	}}}))
	t.Cleanup(srv.Close)
	return &env{t: t, url: srv.URL, iam: svc}
}

// client is an IAM client signing with the given key.
func (e *env) client(accessKeyID, secret string) *iam.Client {
	return iam.NewFromConfig(aws.Config{
		Region:       "us-east-1",
		Credentials:  credentials.NewStaticCredentialsProvider(accessKeyID, secret, ""),
		BaseEndpoint: aws.String(e.url),
		Retryer:      func() aws.Retryer { return aws.NopRetryer{} },
	})
}

// root is an IAM client of the account's root user.
func (e *env) root(acct string) *iam.Client { return e.client(acct, "test") }

// user creates a user in account with an access key and returns a client
// signing as it.
func (e *env) user(acct, name string) *iam.Client {
	e.t.Helper()
	root := e.root(acct)
	must(root.CreateUser(ctx, &iam.CreateUserInput{UserName: aws.String(name)}))(e.t)
	key := must(root.CreateAccessKey(ctx, &iam.CreateAccessKeyInput{UserName: aws.String(name)}))(e.t)
	return e.client(*key.AccessKey.AccessKeyId, *key.AccessKey.SecretAccessKey)
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
