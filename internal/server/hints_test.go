package server_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/amityhq/amity/internal/amitytest"
)

// TestRefusedCredentialsExplained: a request refused for its credentials
// or its Region gets AWS's answer, which says little, and its log line
// says why — for a LocalStack user, which keys amity takes.
func TestRefusedCredentialsExplained(t *testing.T) {
	ctx := context.Background()
	for _, tt := range []struct {
		name    string
		strict  bool
		key     string
		secret  string
		region  string
		code    string
		message string
		reason  string
	}{
		{"unknown key", false, "AKIAIOSFODNN7EXAMPLE", "anything", "us-east-1", "UnrecognizedClientException",
			"The security token included in the request is invalid.",
			`unknown access key AKIAIOSFODNN7EXAMPLE: use test/test, a 12-digit id with secret "test", or amity accounts create`},
		{"unknown key, strict", true, "test", "test", "us-east-1", "UnrecognizedClientException",
			"The security token included in the request is invalid.",
			"unknown access key test: amity serve --strict takes only the keys it issued (amity accounts create, iam create-access-key)"},
		{"convenience key, another secret", false, "test", "foo", "us-east-1", "InvalidSignatureException",
			"The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.",
			`the signature is not made with the secret of access key test, which is "test"`},
		{"disabled Region", false, "111122223333", "test", "af-south-1", "UnrecognizedClientException",
			"The security token included in the request is invalid.",
			"Region af-south-1 is not enabled for account 111122223333 (amity accounts create --regions, or aws account enable-region)"},
		{"unknown Region", false, "111122223333", "test", "xx-east-9", "UnrecognizedClientException",
			"The security token included in the request is invalid.", "Region xx-east-9 does not exist"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var log amitytest.Log
			opts := []amitytest.Option{amitytest.LogTo(&log)}
			if tt.strict {
				opts = append(opts, amitytest.Strict())
			}
			env := amitytest.New(t, opts...)
			_, err := kms.NewFromConfig(env.Config(tt.key, tt.secret, "", tt.region)).ListKeys(ctx, &kms.ListKeysInput{})
			if code, msg, status := apiError(t, err); code != tt.code || msg != tt.message || status != http.StatusBadRequest {
				t.Errorf("answer %s %d %q", code, status, msg)
			}
			lines := log.Requests("ListKeys")
			if len(lines) != 1 || lines[0]["service"] != "kms" || lines[0]["reason"] != tt.reason {
				t.Errorf("log lines %v\nwant the reason %q", lines, tt.reason)
			}
		})
	}
}

// TestForeignSessionExplained: a session token this amity cannot open is
// refused as an unknown key, and the log says where such tokens come from.
func TestForeignSessionExplained(t *testing.T) {
	var log amitytest.Log
	env := amitytest.New(t, amitytest.LogTo(&log))
	cfg := env.Config("ASIAIOSFODNN7EXAMPLE", "secret", "FwoGZXIvYXdzEJr//////////wEaDFAKE", "us-east-1")
	_, err := sts.NewFromConfig(cfg).GetCallerIdentity(context.Background(), &sts.GetCallerIdentityInput{})
	if code, _, _ := apiError(t, err); code != "InvalidClientTokenId" {
		t.Errorf("answer %s", code)
	}
	want := "unknown access key ASIAIOSFODNN7EXAMPLE with a session token this amity did not issue " +
		"(sessions end when amity's master key changes, or with an --ephemeral amity)"
	if lines := log.Requests("GetCallerIdentity"); len(lines) != 1 || lines[0]["reason"] != want {
		t.Errorf("log lines %v", lines)
	}
}
