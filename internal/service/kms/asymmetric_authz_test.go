package kms_test

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awskms "github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/kms/types"
)

// The new operations are authorized as the others: the key policy with
// their own condition keys, IAM where it delegates, and grants listing
// them.
func TestAsymmetricAuthorization(t *testing.T) {
	e := newEnv(t)
	root := e.root(acctA, regionA)
	// The key policy lets IAM decide, and denies anyone PSS signatures.
	signing := createKey(t, root, &awskms.CreateKeyInput{KeySpec: types.KeySpecRsa2048, KeyUsage: types.KeyUsageTypeSignVerify,
		Policy: aws.String(keyPolicy(rootStatement(acctA),
			`{"Effect":"Deny","Principal":{"AWS":"*"},"Action":"kms:Sign","Resource":"*","Condition":{"StringLike":{"kms:SigningAlgorithm":"RSASSA_PSS_*"}}}`))})
	hmacKey := createKey(t, root, &awskms.CreateKeyInput{KeySpec: types.KeySpecHmac256, KeyUsage: types.KeyUsageTypeGenerateVerifyMac})
	signer, _ := e.user(acctA, regionA, "signer", allowAll("kms:Sign", "*"))
	grantee, _ := e.user(acctA, regionA, "grantee")

	if _, err := signer.Sign(ctx(), &awskms.SignInput{KeyId: signing.KeyId, SigningAlgorithm: "RSASSA_PKCS1_V1_5_SHA_256", Message: []byte("m")}); err != nil {
		t.Fatalf("PKCS#1 v1.5 signature: %v", err)
	}
	_, err := signer.Sign(ctx(), &awskms.SignInput{KeyId: signing.KeyId, SigningAlgorithm: "RSASSA_PSS_SHA_256", Message: []byte("m")})
	wantError(t, err, "AccessDeniedException", "User: "+userARN(acctA, "signer")+" is not authorized to perform: kms:Sign on resource: "+
		aws.ToString(signing.Arn)+" with an explicit deny in a resource-based policy")
	_, err = signer.GetPublicKey(ctx(), &awskms.GetPublicKeyInput{KeyId: signing.KeyId})
	wantError(t, err, "AccessDeniedException", "-")

	// A grant of GenerateMac lets the grantee compute MACs, not verify them.
	_, err = grantee.GenerateMac(ctx(), &awskms.GenerateMacInput{KeyId: hmacKey.KeyId, MacAlgorithm: "HMAC_SHA_256", Message: []byte("m")})
	wantError(t, err, "AccessDeniedException", "-")
	if _, err := root.CreateGrant(ctx(), &awskms.CreateGrantInput{KeyId: hmacKey.KeyId, GranteePrincipal: aws.String(userARN(acctA, "grantee")),
		Operations: []types.GrantOperation{types.GrantOperationGenerateMac}}); err != nil {
		t.Fatal(err)
	}
	mac, err := grantee.GenerateMac(ctx(), &awskms.GenerateMacInput{KeyId: hmacKey.KeyId, MacAlgorithm: "HMAC_SHA_256", Message: []byte("m")})
	if err != nil {
		t.Fatalf("GenerateMac through the grant: %v", err)
	}
	_, err = grantee.VerifyMac(ctx(), &awskms.VerifyMacInput{KeyId: hmacKey.KeyId, MacAlgorithm: "HMAC_SHA_256", Message: []byte("m"), Mac: mac.Mac})
	wantError(t, err, "AccessDeniedException", "-")
}
