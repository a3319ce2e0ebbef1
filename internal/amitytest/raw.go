package amitytest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
)

// PostForm sends an awsQuery request (form body) signed with creds at
// amity's clock — which SDK clients cannot do once the clock is advanced —
// and returns the status and the response body.
func (e *Env) PostForm(t testing.TB, creds aws.Credentials, service, region, form string) (int, string) {
	t.Helper()
	req := e.SignedPost(t, creds, service, region, "application/x-www-form-urlencoded; charset=utf-8", form)
	return Send(t, req)
}

// SignedPost returns a POST of body to amity, signed with creds at amity's
// clock over the headers it has; a test may change it before sending it.
func (e *Env) SignedPost(t testing.TB, creds aws.Credentials, service, region, contentType, body string) *http.Request {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, e.URL+"/", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", contentType)
	sum := sha256.Sum256([]byte(body))
	err = v4.NewSigner().SignHTTP(context.Background(), creds, req, hex.EncodeToString(sum[:]), service, region, e.Clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	return req
}

// Send sends a request and returns the status and the response body.
func Send(t testing.TB, req *http.Request) (int, string) {
	t.Helper()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(body)
}
