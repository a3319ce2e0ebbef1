package kms_test

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awskms "github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/kms/types"
)

// Every operation with DryRun (in the model: the cryptographic ones and
// the grant ones) answers DryRunOperationException once the request is
// authorized and would succeed; a denied dry run is denied.
func TestDryRunEverywhere(t *testing.T) {
	e := newEnv(t)
	c := e.root(acctA, regionB)
	dry := aws.Bool(true)
	sym := createKey(t, c, nil)
	sig := createKey(t, c, &awskms.CreateKeyInput{KeySpec: types.KeySpecEccNistP256, KeyUsage: types.KeyUsageTypeSignVerify})
	agree := createKey(t, c, &awskms.CreateKeyInput{KeySpec: types.KeySpecEccNistP256, KeyUsage: types.KeyUsageTypeKeyAgreement})
	mac := createKey(t, c, &awskms.CreateKeyInput{KeySpec: types.KeySpecHmac256, KeyUsage: types.KeyUsageTypeGenerateVerifyMac})
	enc, _ := c.Encrypt(ctx(), &awskms.EncryptInput{KeyId: sym.KeyId, Plaintext: []byte("x")})
	grant, _ := c.CreateGrant(ctx(), &awskms.CreateGrantInput{KeyId: sym.KeyId, GranteePrincipal: aws.String(userARN(acctA, "g")),
		Operations: []types.GrantOperation{types.GrantOperationDecrypt}})
	peer, _ := c.GetPublicKey(ctx(), &awskms.GetPublicKeyInput{KeyId: agree.KeyId})
	calls := map[string]func() error{
		"CreateGrant": func() error {
			_, err := c.CreateGrant(ctx(), &awskms.CreateGrantInput{KeyId: sym.KeyId, GranteePrincipal: aws.String(userARN(acctA, "g")),
				Operations: []types.GrantOperation{types.GrantOperationDecrypt}, DryRun: dry})
			return err
		},
		"Decrypt": func() error {
			_, err := c.Decrypt(ctx(), &awskms.DecryptInput{CiphertextBlob: enc.CiphertextBlob, DryRun: dry})
			return err
		},
		"DeriveSharedSecret": func() error {
			_, err := c.DeriveSharedSecret(ctx(), &awskms.DeriveSharedSecretInput{KeyId: agree.KeyId, KeyAgreementAlgorithm: "ECDH", PublicKey: peer.PublicKey, DryRun: dry})
			return err
		},
		"Encrypt": func() error {
			_, err := c.Encrypt(ctx(), &awskms.EncryptInput{KeyId: sym.KeyId, Plaintext: []byte("x"), DryRun: dry})
			return err
		},
		"GenerateDataKey": func() error {
			_, err := c.GenerateDataKey(ctx(), &awskms.GenerateDataKeyInput{KeyId: sym.KeyId, NumberOfBytes: aws.Int32(32), DryRun: dry})
			return err
		},
		"GenerateDataKeyPair": func() error {
			_, err := c.GenerateDataKeyPair(ctx(), &awskms.GenerateDataKeyPairInput{KeyId: sym.KeyId, KeyPairSpec: "ECC_NIST_P256", DryRun: dry})
			return err
		},
		"GenerateDataKeyPairWithoutPlaintext": func() error {
			_, err := c.GenerateDataKeyPairWithoutPlaintext(ctx(), &awskms.GenerateDataKeyPairWithoutPlaintextInput{KeyId: sym.KeyId, KeyPairSpec: "ECC_NIST_P256", DryRun: dry})
			return err
		},
		"GenerateDataKeyWithoutPlaintext": func() error {
			_, err := c.GenerateDataKeyWithoutPlaintext(ctx(), &awskms.GenerateDataKeyWithoutPlaintextInput{KeyId: sym.KeyId, NumberOfBytes: aws.Int32(32), DryRun: dry})
			return err
		},
		"GenerateMac": func() error {
			_, err := c.GenerateMac(ctx(), &awskms.GenerateMacInput{KeyId: mac.KeyId, MacAlgorithm: "HMAC_SHA_256", Message: []byte("m"), DryRun: dry})
			return err
		},
		"ReEncrypt": func() error {
			_, err := c.ReEncrypt(ctx(), &awskms.ReEncryptInput{CiphertextBlob: enc.CiphertextBlob, DestinationKeyId: sym.KeyId, DryRun: dry})
			return err
		},
		"RetireGrant": func() error {
			_, err := c.RetireGrant(ctx(), &awskms.RetireGrantInput{GrantToken: grant.GrantToken, DryRun: dry})
			return err
		},
		"RevokeGrant": func() error {
			_, err := c.RevokeGrant(ctx(), &awskms.RevokeGrantInput{KeyId: sym.KeyId, GrantId: grant.GrantId, DryRun: dry})
			return err
		},
		"Sign": func() error {
			_, err := c.Sign(ctx(), &awskms.SignInput{KeyId: sig.KeyId, SigningAlgorithm: "ECDSA_SHA_256", Message: []byte("m"), DryRun: dry})
			return err
		},
		"Verify": func() error {
			_, err := c.Verify(ctx(), &awskms.VerifyInput{KeyId: sig.KeyId, SigningAlgorithm: "ECDSA_SHA_256", Message: []byte("m"), Signature: []byte("s"), DryRun: dry})
			return err
		},
		"VerifyMac": func() error {
			_, err := c.VerifyMac(ctx(), &awskms.VerifyMacInput{KeyId: mac.KeyId, MacAlgorithm: "HMAC_SHA_256", Message: []byte("m"), Mac: []byte("m"), DryRun: dry})
			return err
		},
	}
	for name, call := range calls {
		t.Run(name, func(t *testing.T) { wantError(t, call(), "DryRunOperationException", "-") })
	}
	if _, err := c.RevokeGrant(ctx(), &awskms.RevokeGrantInput{KeyId: sym.KeyId, GrantId: grant.GrantId}); err != nil {
		t.Fatalf("the grant a dry run would have revoked: %v", err)
	}
	stranger, _ := e.user(acctA, regionB, "stranger")
	_, err := stranger.Sign(ctx(), &awskms.SignInput{KeyId: sig.KeyId, SigningAlgorithm: "ECDSA_SHA_256", Message: []byte("m"), DryRun: dry})
	wantError(t, err, "AccessDeniedException", "-")
}
