package server_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kms"

	"github.com/amityhq/amity/internal/amitytest"
)

// TestUnsignedTargetIsRefused: X-Amz-Target picks a JSON request's
// operation, so a target added after signing (host;x-amz-date;content-type
// signed) must not turn the request into another operation: it is refused
// with the protocol's signature error and the key stays enabled.
func TestUnsignedTargetIsRefused(t *testing.T) {
	env := amitytest.New(t)
	ctx := context.Background()
	client := kms.NewFromConfig(env.RootConfig("111122223333", "us-east-1"))
	key, err := client.CreateKey(ctx, &kms.CreateKeyInput{})
	if err != nil {
		t.Fatal(err)
	}
	req := env.SignedPost(t, aws.Credentials{AccessKeyID: "111122223333", SecretAccessKey: "test"}, "kms", "us-east-1",
		"application/x-amz-json-1.1", `{"KeyId":"`+*key.KeyMetadata.KeyId+`"}`)
	req.Header.Set("X-Amz-Target", "TrentService.DisableKey")
	status, got := amitytest.Send(t, req)
	want := `{"__type":"InvalidSignatureException","message":"'X-Amz-Target' must be a 'SignedHeader' in the AWS Authorization."}`
	if status != http.StatusBadRequest || got != want {
		t.Errorf("unsigned target: %d %s", status, got)
	}
	d, err := client.DescribeKey(ctx, &kms.DescribeKeyInput{KeyId: key.KeyMetadata.KeyId})
	if err != nil || !d.KeyMetadata.Enabled {
		t.Errorf("key after the refused request: %+v, %v", d, err)
	}
}
