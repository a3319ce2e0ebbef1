package server_test

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"

	"github.com/amityhq/amity/internal/amitytest"
)

// TestPresignedRequest: a presigned GET (how EKS tokens call STS) is
// verified from its query string, and refused once tampered with.
func TestPresignedRequest(t *testing.T) {
	env := amitytest.New(t)
	presign := func(query string) string {
		req, err := http.NewRequest(http.MethodGet, env.URL+"/?"+query, nil)
		if err != nil {
			t.Fatal(err)
		}
		q := req.URL.Query()
		q.Set("X-Amz-Expires", "60")
		req.URL.RawQuery = q.Encode()
		url, _, err := v4.NewSigner().PresignHTTP(context.Background(),
			aws.Credentials{AccessKeyID: "111122223333", SecretAccessKey: "test"}, req,
			"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", "sts", "us-east-1", time.Now())
		if err != nil {
			t.Fatal(err)
		}
		return url
	}
	get := func(url string) (int, string) {
		resp, err := http.Get(url)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(body)
	}
	url := presign("Action=GetCallerIdentity&Version=2011-06-15")
	if status, body := get(url); status != 200 || !strings.Contains(body, "<Arn>arn:aws:iam::111122223333:root</Arn>") {
		t.Errorf("presigned GetCallerIdentity: %d %s", status, body)
	}
	if status, body := get(strings.Replace(url, "GetCallerIdentity", "GetSessionToken", 1)); status != 403 || !strings.Contains(body, "<Code>SignatureDoesNotMatch</Code>") {
		t.Errorf("tampered presigned request: %d %s", status, body)
	}
}
