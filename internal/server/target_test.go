package server_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
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
	body := `{"KeyId":"` + *key.KeyMetadata.KeyId + `"}`
	req, err := http.NewRequest(http.MethodPost, env.URL+"/", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-amz-json-1.1")
	sum := sha256.Sum256([]byte(body))
	err = v4.NewSigner().SignHTTP(ctx, aws.Credentials{AccessKeyID: "111122223333", SecretAccessKey: "test"}, req,
		hex.EncodeToString(sum[:]), "kms", "us-east-1", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("X-Amz-Target", "TrentService.DisableKey")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	got, _ := io.ReadAll(resp.Body)
	want := `{"__type":"InvalidSignatureException","message":"'X-Amz-Target' must be a 'SignedHeader' in the AWS Authorization."}`
	if resp.StatusCode != http.StatusBadRequest || strings.TrimSpace(string(got)) != want {
		t.Errorf("unsigned target: %d %s", resp.StatusCode, got)
	}
	d, err := client.DescribeKey(ctx, &kms.DescribeKeyInput{KeyId: key.KeyMetadata.KeyId})
	if err != nil || !d.KeyMetadata.Enabled {
		t.Errorf("key after the refused request: %+v, %v", d, err)
	}
}
