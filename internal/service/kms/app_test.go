package kms_test

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awskms "github.com/aws/aws-sdk-go-v2/service/kms"

	"github.com/amityhq/amity/internal/amitytest"
)

// KMS as amity serves it: the app's route, its store and master key, IAM's
// authorizer.
func TestServedByTheApp(t *testing.T) {
	env := amitytest.New(t)
	client := awskms.NewFromConfig(env.RootConfig(acctA, regionA))
	m := createKey(t, client, &awskms.CreateKeyInput{Description: aws.String("app")})
	enc, err := client.Encrypt(ctx(), &awskms.EncryptInput{KeyId: m.KeyId, Plaintext: []byte("through the app")})
	if err != nil {
		t.Fatal(err)
	}
	dec, err := client.Decrypt(ctx(), &awskms.DecryptInput{CiphertextBlob: enc.CiphertextBlob})
	if err != nil || string(dec.Plaintext) != "through the app" {
		t.Fatalf("Decrypt = %v, %v", dec, err)
	}
	_, err = awskms.NewFromConfig(env.RootConfig(acctB, regionA)).Decrypt(ctx(), &awskms.DecryptInput{CiphertextBlob: enc.CiphertextBlob})
	wantError(t, err, "AccessDeniedException", "User: arn:aws:iam::"+acctB+":root is not authorized to perform: kms:Decrypt on resource: "+
		aws.ToString(m.Arn)+" because no resource-based policy allows the kms:Decrypt action")
}
