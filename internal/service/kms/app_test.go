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

// S5 through the whole of amity: account B's user, with IAM's real
// identity policies, uses account A's key by ARN only when both the key
// policy and the user's KmsKeyUsagePolicy allow it.
func TestS5ThroughTheApp(t *testing.T) {
	env := amitytest.New(t)
	owner := awskms.NewFromConfig(env.RootConfig(acctA, regionA))
	shared := createKey(t, owner, &awskms.CreateKeyInput{Policy: aws.String(seedKeyPolicy())})
	private := createKey(t, owner, nil)
	tests := []struct {
		name     string
		key      *string
		identity bool
		reason   string // "" when allowed
	}{
		{"key policy alone", shared.Arn, false, " because no identity-based policy allows the kms:Encrypt action"},
		{"identity policy alone", private.Arn, true, " because no resource-based policy allows the kms:Encrypt action"},
		{"both", shared.Arn, true, ""},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			name := "launcher" + string(rune('a'+i))
			var docs []string
			if tt.identity {
				docs = append(docs, kmsKeyUsagePolicy(aws.ToString(tt.key), "true"))
			}
			user := awskms.NewFromConfig(env.NewUser(t, acctB, regionA, name, docs...))
			_, err := user.Encrypt(ctx(), &awskms.EncryptInput{KeyId: tt.key, Plaintext: []byte("x")})
			if tt.reason != "" {
				wantError(t, err, "AccessDeniedException", "User: "+userARN(acctB, name)+" is not authorized to perform: kms:Encrypt on resource: "+
					aws.ToString(tt.key)+tt.reason)
				return
			}
			if err != nil {
				t.Fatal(err)
			}
		})
	}
}

// TestKeyPolicyPrincipalsExistInIAM: through the app, IAM tells KMS which
// principals exist, and a key policy naming another one is refused.
func TestKeyPolicyPrincipalsExistInIAM(t *testing.T) {
	env := amitytest.New(t)
	client := awskms.NewFromConfig(env.RootConfig(acctA, regionA))
	env.NewUser(t, acctA, regionA, "present")
	withUser := func(name string) *string {
		return aws.String(`{"Version":"2012-10-17","Statement":[
			{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::` + acctA + `:root"},"Action":"kms:*","Resource":"*"},
			{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::` + acctA + `:user/` + name + `"},"Action":"kms:Decrypt","Resource":"*"}]}`)
	}
	if _, err := client.CreateKey(ctx(), &awskms.CreateKeyInput{Policy: withUser("present")}); err != nil {
		t.Fatalf("policy naming an existing user: %v", err)
	}
	_, err := client.CreateKey(ctx(), &awskms.CreateKeyInput{Policy: withUser("ghost")})
	wantError(t, err, "MalformedPolicyDocumentException", "Policy contains a statement with one or more invalid principals.")
}
