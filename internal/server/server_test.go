package server_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"

	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/smithy-go"

	"github.com/amityhq/amity/internal/amitytest"
)

// apiError unwraps an SDK error into its AWS code, message and HTTP status.
func apiError(t *testing.T, err error) (code, message string, status int) {
	t.Helper()
	var ae smithy.APIError
	if !errors.As(err, &ae) {
		t.Fatalf("error %v is not an AWS API error", err)
	}
	var re *awshttp.ResponseError
	if errors.As(err, &re) {
		status = re.HTTPStatusCode()
	}
	return ae.ErrorCode(), ae.ErrorMessage(), status
}

func TestConvenienceRootCredentials(t *testing.T) {
	env := amitytest.New(t)
	for _, tc := range []struct{ key, account string }{{"test", "000000000000"}, {"111122223333", "111122223333"}} {
		out, err := sts.NewFromConfig(env.Config(tc.key, "test", "", "us-east-1")).
			GetCallerIdentity(context.Background(), &sts.GetCallerIdentityInput{})
		if err != nil {
			t.Fatalf("%s: GetCallerIdentity: %v", tc.key, err)
		}
		if *out.Account != tc.account || *out.Arn != "arn:aws:iam::"+tc.account+":root" || *out.UserId != tc.account {
			t.Errorf("%s: identity = %s %s %s", tc.key, *out.Account, *out.Arn, *out.UserId)
		}
	}
}

func TestStrictRefusesConvenienceCredentials(t *testing.T) {
	env := amitytest.New(t, amitytest.Strict())
	_, err := sts.NewFromConfig(env.RootConfig("111122223333", "us-east-1")).
		GetCallerIdentity(context.Background(), &sts.GetCallerIdentityInput{})
	code, msg, status := apiError(t, err)
	if code != "InvalidClientTokenId" || msg != "The security token included in the request is invalid." || status != http.StatusForbidden {
		t.Errorf("got %s %q %d", code, msg, status)
	}
}

func TestSignatureMismatch(t *testing.T) {
	env := amitytest.New(t)
	_, err := sts.NewFromConfig(env.Config("111122223333", "wrong", "", "us-east-1")).
		GetCallerIdentity(context.Background(), &sts.GetCallerIdentityInput{})
	code, msg, status := apiError(t, err)
	if code != "SignatureDoesNotMatch" || !strings.HasPrefix(msg, "The request signature we calculated does not match") || status != http.StatusForbidden {
		t.Errorf("got %s %q %d", code, msg, status)
	}
}

func TestDisabledOptInRegion(t *testing.T) {
	env := amitytest.New(t)
	ctx := context.Background()
	client := sts.NewFromConfig(env.RootConfig("111122223333", "af-south-1"))
	_, err := client.GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	code, msg, status := apiError(t, err)
	if code != "InvalidClientTokenId" || msg != "The security token included in the request is invalid" || status != http.StatusForbidden {
		t.Errorf("disabled Region: got %s %q %d", code, msg, status)
	}
	if _, err := env.App.CreateAccount(ctx, appAccount("222233334444", "af-south-1")); err != nil {
		t.Fatal(err)
	}
	if _, err := sts.NewFromConfig(env.RootConfig("222233334444", "af-south-1")).
		GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{}); err != nil {
		t.Errorf("enabled Region: %v", err)
	}
}

func TestUnsignedRequest(t *testing.T) {
	env := amitytest.New(t)
	resp, err := http.Post(env.URL+"/", "application/x-www-form-urlencoded",
		strings.NewReader("Action=GetCallerIdentity&Version=2011-06-15"))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden || resp.Header.Get("X-Amzn-Requestid") == "" {
		t.Errorf("unsigned STS request: status %d, request id %q", resp.StatusCode, resp.Header.Get("X-Amzn-Requestid"))
	}
}

func TestHealth(t *testing.T) {
	env := amitytest.New(t)
	resp, err := http.Get(env.URL + "/_amity/health")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "application/json" {
		t.Errorf("health: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
}
