package ec2_test

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsec2 "github.com/aws/aws-sdk-go-v2/service/ec2"
	awsiam "github.com/aws/aws-sdk-go-v2/service/iam"
	awskms "github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/smithy-go"

	"github.com/amityhq/amity/internal/amitytest"
)

const (
	acctA   = "111122223333"
	acctB   = "444455556666"
	regionA = "us-east-1"
	regionB = "eu-west-1"
	zoneA   = regionA + "a"
)

func ctx() context.Context { return context.Background() }

// waitTime bounds the SDK waiters: amity's state changes take
// milliseconds.
const waitTime = 10 * time.Second

// fastPoll is how often the SDK waiters poll in tests.
const fastPoll = 5 * time.Millisecond

// fast sets an SDK waiter's delays to fastPoll.
func fast[O any](o *O) {
	v := reflect.ValueOf(o).Elem()
	v.FieldByName("MinDelay").Set(reflect.ValueOf(fastPoll))
	v.FieldByName("MaxDelay").Set(reflect.ValueOf(fastPoll))
}

// env is amity with every event recorded and clients for accounts' roots.
type env struct {
	*amitytest.Env
	rec *amitytest.Recorder
}

func newEnv(t *testing.T) *env {
	rec := &amitytest.Recorder{}
	return &env{Env: amitytest.New(t, amitytest.Audit(rec)), rec: rec}
}

func (e *env) ec2(account, region string) *awsec2.Client {
	return awsec2.NewFromConfig(e.RootConfig(account, region))
}

func (e *env) kms(account, region string) *awskms.Client {
	return awskms.NewFromConfig(e.RootConfig(account, region))
}

func (e *env) iam(account string) *awsiam.Client {
	return awsiam.NewFromConfig(e.RootConfig(account, regionA))
}

// createKey makes a customer managed key with policy (the default when "").
func (e *env) createKey(t testing.TB, account, region, policy string) string {
	t.Helper()
	in := &awskms.CreateKeyInput{}
	if policy != "" {
		in.Policy = aws.String(policy)
	}
	out, err := e.kms(account, region).CreateKey(ctx(), in)
	if err != nil {
		t.Fatal(err)
	}
	return *out.KeyMetadata.Arn
}

// wantError checks an API error's code and message.
func wantError(t *testing.T, err error, code, message string) {
	t.Helper()
	var ae smithy.APIError
	if !errors.As(err, &ae) {
		t.Fatalf("error = %v, want %s: %s", err, code, message)
	}
	if ae.ErrorCode() != code || (message != "" && ae.ErrorMessage() != message) {
		t.Fatalf("error = %s: %s\nwant  %s: %s", ae.ErrorCode(), ae.ErrorMessage(), code, message)
	}
}

func must[T any](v T, err error) func(t testing.TB) T {
	return func(t testing.TB) T {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
}

// wantErrorPrefix checks an API error's code and the start of its message.
func wantErrorPrefix(t *testing.T, err error, code, prefix string) {
	t.Helper()
	var ae smithy.APIError
	if !errors.As(err, &ae) || ae.ErrorCode() != code || !strings.HasPrefix(ae.ErrorMessage(), prefix) {
		t.Fatalf("error = %v\nwant %s: %s…", err, code, prefix)
	}
}
