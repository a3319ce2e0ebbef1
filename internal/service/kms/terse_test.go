package kms_test

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awskms "github.com/aws/aws-sdk-go-v2/service/kms"

	"github.com/amityhq/amity/internal/amitytest"
)

// TestTerseErrorsExplainedInTheLog: where KMS answers without a word —
// InvalidCiphertextException, MalformedPolicyDocumentException for a
// policy it cannot parse, NotAuthorizedException for a reserved alias —
// amity answers exactly so, and its log line says why.
func TestTerseErrorsExplainedInTheLog(t *testing.T) {
	var log amitytest.Log
	env := amitytest.New(t, amitytest.LogTo(&log))
	client := awskms.NewFromConfig(env.RootConfig(acctA, regionA))
	elsewhere := awskms.NewFromConfig(env.RootConfig(acctA, regionB))
	key := createKey(t, client, nil)
	enc, err := client.Encrypt(ctx(), &awskms.EncryptInput{KeyId: key.KeyId, Plaintext: []byte("secret"),
		EncryptionContext: map[string]string{"purpose": "a"}})
	if err != nil {
		t.Fatal(err)
	}
	altered := append([]byte(nil), enc.CiphertextBlob...)
	altered[len(altered)-1] ^= 1
	decrypt := func(c *awskms.Client, blob []byte, ec map[string]string) error {
		_, err := c.Decrypt(ctx(), &awskms.DecryptInput{CiphertextBlob: blob, EncryptionContext: ec})
		return err
	}
	arn := aws.ToString(key.Arn)
	seen := map[string]int{} // lines of each operation checked so far
	for _, tt := range []struct {
		name, operation string
		err             error
		code, message   string
		reason          string
	}{
		{"another encryption context", "Decrypt", decrypt(client, enc.CiphertextBlob, map[string]string{"purpose": "b"}),
			"InvalidCiphertextException", "",
			`the blob does not open under ` + arn + ` with the encryption context {"purpose":"b"}: it was encrypted with another context, or its bytes were altered`},
		{"altered bytes", "Decrypt", decrypt(client, altered, map[string]string{"purpose": "a"}),
			"InvalidCiphertextException", "",
			`the blob does not open under ` + arn + ` with the encryption context {"purpose":"a"}: it was encrypted with another context, or its bytes were altered`},
		{"no context", "Decrypt", decrypt(client, enc.CiphertextBlob, nil),
			"InvalidCiphertextException", "",
			`the blob does not open under ` + arn + ` with no encryption context: it was encrypted with another context, or its bytes were altered`},
		{"another Region", "Decrypt", decrypt(elsewhere, enc.CiphertextBlob, map[string]string{"purpose": "a"}),
			"InvalidCiphertextException", "", "the blob was made in " + regionA + ", and the request is in " + regionB},
		{"no blob", "Decrypt", decrypt(client, []byte("not a ciphertext blob at all"), nil),
			"InvalidCiphertextException", "", "the bytes are not a ciphertext blob KMS made"},
		{"unparsable key policy", "PutKeyPolicy", func() error {
			_, err := client.PutKeyPolicy(ctx(), &awskms.PutKeyPolicyInput{KeyId: key.KeyId, Policy: aws.String("{")})
			return err
		}(), "MalformedPolicyDocumentException", "", "the key policy is malformed; IAM would say: Syntax errors in policy."},
		{"reserved alias", "CreateAlias", func() error {
			_, err := client.CreateAlias(ctx(), &awskms.CreateAliasInput{AliasName: aws.String("alias/aws/mine"), TargetKeyId: key.KeyId})
			return err
		}(), "NotAuthorizedException", unmodeledEmpty, "alias alias/aws/mine: names under alias/aws/ are reserved for AWS managed keys"},
	} {
		wantError(t, tt.err, tt.code, tt.message)
		lines := log.Requests(tt.operation)
		n := seen[tt.operation]
		seen[tt.operation]++
		if len(lines) <= n || lines[n]["error_code"] != tt.code || lines[n]["reason"] != tt.reason {
			t.Errorf("%s: the log lines %v\nwant the reason %q", tt.name, lines, tt.reason)
		}
	}
}
