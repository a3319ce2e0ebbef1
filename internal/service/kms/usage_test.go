package kms_test

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awskms "github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/kms/types"
)

// TestInvalidKeyUsageEveryPair calls each operation family with a key of
// every other usage (SIGN_VERIFY twice: an ECC key and an ML-DSA key):
// InvalidKeyUsageException naming the key's usage and the operation, as
// AWS words it.
func TestInvalidKeyUsageEveryPair(t *testing.T) {
	e := newEnv(t)
	c := e.root(acctA, regionA)
	create := func(spec types.KeySpec, usage types.KeyUsageType) *types.KeyMetadata {
		return createKey(t, c, &awskms.CreateKeyInput{KeySpec: spec, KeyUsage: usage})
	}
	agreement := create(types.KeySpecEccNistP256, types.KeyUsageTypeKeyAgreement)
	keys := []*types.KeyMetadata{
		createKey(t, c, nil),
		create(types.KeySpecEccNistP256, types.KeyUsageTypeSignVerify),
		create(types.KeySpecMlDsa44, types.KeyUsageTypeSignVerify),
		create(types.KeySpecHmac256, types.KeyUsageTypeGenerateVerifyMac),
		agreement,
	}
	peer, err := c.GetPublicKey(ctx(), &awskms.GetPublicKeyInput{KeyId: agreement.KeyId})
	if err != nil {
		t.Fatal(err)
	}
	ops := []struct {
		name  string
		usage types.KeyUsageType
		call  func(key *string) error
	}{
		{"Encrypt", types.KeyUsageTypeEncryptDecrypt, func(k *string) error {
			_, err := c.Encrypt(ctx(), &awskms.EncryptInput{KeyId: k, Plaintext: []byte("m")})
			return err
		}},
		{"GenerateDataKey", types.KeyUsageTypeEncryptDecrypt, func(k *string) error {
			_, err := c.GenerateDataKey(ctx(), &awskms.GenerateDataKeyInput{KeyId: k, NumberOfBytes: aws.Int32(16)})
			return err
		}},
		{"GenerateDataKeyPair", types.KeyUsageTypeEncryptDecrypt, func(k *string) error {
			_, err := c.GenerateDataKeyPair(ctx(), &awskms.GenerateDataKeyPairInput{KeyId: k, KeyPairSpec: types.DataKeyPairSpecEccNistP256})
			return err
		}},
		{"Sign", types.KeyUsageTypeSignVerify, func(k *string) error {
			_, err := c.Sign(ctx(), &awskms.SignInput{KeyId: k, Message: []byte("m"), SigningAlgorithm: "ECDSA_SHA_256"})
			return err
		}},
		{"Verify", types.KeyUsageTypeSignVerify, func(k *string) error {
			_, err := c.Verify(ctx(), &awskms.VerifyInput{KeyId: k, Message: []byte("m"), Signature: []byte("s"), SigningAlgorithm: "ECDSA_SHA_256"})
			return err
		}},
		{"GenerateMac", types.KeyUsageTypeGenerateVerifyMac, func(k *string) error {
			_, err := c.GenerateMac(ctx(), &awskms.GenerateMacInput{KeyId: k, Message: []byte("m"), MacAlgorithm: "HMAC_SHA_256"})
			return err
		}},
		{"VerifyMac", types.KeyUsageTypeGenerateVerifyMac, func(k *string) error {
			_, err := c.VerifyMac(ctx(), &awskms.VerifyMacInput{KeyId: k, Message: []byte("m"), Mac: []byte("m"), MacAlgorithm: "HMAC_SHA_256"})
			return err
		}},
		{"DeriveSharedSecret", types.KeyUsageTypeKeyAgreement, func(k *string) error {
			_, err := c.DeriveSharedSecret(ctx(), &awskms.DeriveSharedSecretInput{KeyId: k, KeyAgreementAlgorithm: "ECDH", PublicKey: peer.PublicKey})
			return err
		}},
	}
	for _, op := range ops {
		for _, key := range keys {
			usage := key.KeyUsage
			if usage == op.usage {
				continue
			}
			t.Run(op.name+"/"+string(key.KeySpec)+"/"+string(usage), func(t *testing.T) {
				wantError(t, op.call(key.KeyId), "InvalidKeyUsageException",
					aws.ToString(key.Arn)+" key usage is "+string(usage)+" which is not valid for "+op.name+".")
			})
		}
	}
}
