package cloudtrail_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/hex"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsct "github.com/aws/aws-sdk-go-v2/service/cloudtrail"
	awsiam "github.com/aws/aws-sdk-go-v2/service/iam"
	awskms "github.com/aws/aws-sdk-go-v2/service/kms"
	kmstypes "github.com/aws/aws-sdk-go-v2/service/kms/types"
	awssts "github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/amityhq/amity/internal/amitytest"
)

// TestNoSecretInAnyRecordOrFile: plaintexts, ciphertexts, data keys,
// secret access keys and grant tokens that calls carried or answered
// appear in no record LookupEvents gives and no delivered log file, in
// any encoding.
func TestNoSecretInAnyRecordOrFile(t *testing.T) {
	env := amitytest.New(t)
	ctx := context.Background()
	root := env.RootConfig(owner, region)
	ct := awsct.NewFromConfig(root)
	if _, err := ct.CreateTrail(ctx, &awsct.CreateTrailInput{Name: aws.String("all"), S3BucketName: aws.String("audit-logs"),
		IsMultiRegionTrail: aws.Bool(true)}); err != nil {
		t.Fatal(err)
	}
	if _, err := ct.StartLogging(ctx, &awsct.StartLoggingInput{Name: aws.String("all")}); err != nil {
		t.Fatal(err)
	}
	var secrets [][]byte
	keep := func(b ...[]byte) { secrets = append(secrets, b...) }

	kc := awskms.NewFromConfig(root)
	key, err := kc.CreateKey(ctx, &awskms.CreateKeyInput{})
	if err != nil {
		t.Fatal(err)
	}
	keyID := key.KeyMetadata.Arn
	plaintext := []byte("known plaintext: the launch codes are 0000")
	keep(plaintext)
	enc, err := kc.Encrypt(ctx, &awskms.EncryptInput{KeyId: keyID, Plaintext: plaintext})
	if err != nil {
		t.Fatal(err)
	}
	keep(enc.CiphertextBlob)
	if _, err := kc.Decrypt(ctx, &awskms.DecryptInput{CiphertextBlob: enc.CiphertextBlob}); err != nil {
		t.Fatal(err)
	}
	dk, err := kc.GenerateDataKey(ctx, &awskms.GenerateDataKeyInput{KeyId: keyID, KeySpec: kmstypes.DataKeySpecAes256})
	if err != nil {
		t.Fatal(err)
	}
	keep(dk.Plaintext, dk.CiphertextBlob)
	dkw, err := kc.GenerateDataKeyWithoutPlaintext(ctx, &awskms.GenerateDataKeyWithoutPlaintextInput{KeyId: keyID, NumberOfBytes: aws.Int32(64)})
	if err != nil {
		t.Fatal(err)
	}
	keep(dkw.CiphertextBlob)
	re, err := kc.ReEncrypt(ctx, &awskms.ReEncryptInput{CiphertextBlob: dk.CiphertextBlob, DestinationKeyId: keyID})
	if err != nil {
		t.Fatal(err)
	}
	keep(re.CiphertextBlob)
	random, err := kc.GenerateRandom(ctx, &awskms.GenerateRandomInput{NumberOfBytes: aws.Int32(32)})
	if err != nil {
		t.Fatal(err)
	}
	keep(random.Plaintext)
	grant, err := kc.CreateGrant(ctx, &awskms.CreateGrantInput{KeyId: keyID, GranteePrincipal: aws.String("arn:aws:iam::" + owner + ":root"),
		Operations: []kmstypes.GrantOperation{kmstypes.GrantOperationDecrypt}})
	if err != nil {
		t.Fatal(err)
	}
	keep([]byte(*grant.GrantToken))
	keep(asymmetricSecrets(t, kc, keyID)...)

	// NewUser creates the user's access key through IAM: its secret is
	// in CreateAccessKey's answer.
	dev := env.NewUser(t, owner, region, "dev", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"*"}]}`)
	devCreds, _ := dev.Credentials.Retrieve(ctx)
	keep([]byte(devCreds.SecretAccessKey))
	trust := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::` + owner + `:root"},"Action":"sts:AssumeRole"}]}`
	if _, err := awsiam.NewFromConfig(root).CreateRole(ctx, &awsiam.CreateRoleInput{RoleName: aws.String("r"), AssumeRolePolicyDocument: aws.String(trust)}); err != nil {
		t.Fatal(err)
	}
	session, err := awssts.NewFromConfig(dev).GetSessionToken(ctx, &awssts.GetSessionTokenInput{})
	if err != nil {
		t.Fatal(err)
	}
	keep([]byte(*session.Credentials.SecretAccessKey))
	assumed, err := awssts.NewFromConfig(dev).AssumeRole(ctx, &awssts.AssumeRoleInput{RoleArn: aws.String("arn:aws:iam::" + owner + ":role/r"),
		RoleSessionName: aws.String("ses")})
	if err != nil {
		t.Fatal(err)
	}
	keep([]byte(*assumed.Credentials.SecretAccessKey))
	if err := env.App.CloudTrail.Flush(ctx); err != nil {
		t.Fatal(err)
	}

	var texts []string
	for _, ev := range lookup(t, root, "", "") {
		texts = append(texts, aws.ToString(ev.CloudTrailEvent))
	}
	files := logFiles(t, env.App.TrailsDir, "audit-logs")
	for _, f := range files {
		for _, r := range f.records {
			texts = append(texts, string(r))
		}
	}
	if len(texts) < 2*14 || len(files) == 0 {
		t.Fatalf("%d records, %d files: the test sees too little", len(texts), len(files))
	}
	all := strings.Join(texts, "\n")
	for _, s := range secrets {
		for _, form := range []string{string(s), base64.StdEncoding.EncodeToString(s), base64.RawURLEncoding.EncodeToString(s), hex.EncodeToString(s)} {
			if len(form) >= 8 && strings.Contains(all, form) {
				t.Errorf("a secret is in a record: %q", form)
			}
		}
	}
	// What records keep of these calls is there: the test looked at them.
	for _, name := range []string{"Encrypt", "GenerateDataKey", "CreateAccessKey", "GetSessionToken", "AssumeRole", "CreateGrant",
		"GenerateDataKeyPair", "Sign", "GenerateMac", "DeriveSharedSecret", "GetParametersForImport"} {
		if !strings.Contains(all, `"eventName":"`+name+`"`) {
			t.Errorf("no %s record", name)
		}
	}
}

// asymmetricSecrets calls the operations of asymmetric and HMAC keys and
// returns what their records must not hold: private keys, messages,
// signatures, MACs, shared secrets and import tokens.
func asymmetricSecrets(t *testing.T, kc *awskms.Client, keyID *string) [][]byte {
	ctx := context.Background()
	pair, err := kc.GenerateDataKeyPair(ctx, &awskms.GenerateDataKeyPairInput{KeyId: keyID, KeyPairSpec: kmstypes.DataKeyPairSpecEccNistP256})
	if err != nil {
		t.Fatal(err)
	}
	secrets := [][]byte{pair.PrivateKeyPlaintext, pair.PrivateKeyCiphertextBlob}
	create := func(spec kmstypes.KeySpec, usage kmstypes.KeyUsageType, origin kmstypes.OriginType) *string {
		out, err := kc.CreateKey(ctx, &awskms.CreateKeyInput{KeySpec: spec, KeyUsage: usage, Origin: origin})
		if err != nil {
			t.Fatal(err)
		}
		return out.KeyMetadata.Arn
	}
	message := []byte("known message: sign the launch codes")
	sig, err := kc.Sign(ctx, &awskms.SignInput{KeyId: create(kmstypes.KeySpecEccNistP256, kmstypes.KeyUsageTypeSignVerify, ""),
		Message: message, SigningAlgorithm: kmstypes.SigningAlgorithmSpecEcdsaSha256})
	if err != nil {
		t.Fatal(err)
	}
	// An ML-DSA key signs the message, then a μ (MessageType EXTERNAL_MU),
	// which stands for a message as much as a digest does.
	mldsaKey := create(kmstypes.KeySpecMlDsa44, kmstypes.KeyUsageTypeSignVerify, "")
	mldsaSig, err := kc.Sign(ctx, &awskms.SignInput{KeyId: mldsaKey, Message: message, SigningAlgorithm: kmstypes.SigningAlgorithmSpecMlDsaShake256})
	if err != nil {
		t.Fatal(err)
	}
	mu := bytes.Repeat([]byte("mu:known"), 8)
	muSig, err := kc.Sign(ctx, &awskms.SignInput{KeyId: mldsaKey, Message: mu, MessageType: kmstypes.MessageTypeExternalMu,
		SigningAlgorithm: kmstypes.SigningAlgorithmSpecMlDsaShake256})
	if err != nil {
		t.Fatal(err)
	}
	secrets = append(secrets, mldsaSig.Signature, mu, muSig.Signature)
	mac, err := kc.GenerateMac(ctx, &awskms.GenerateMacInput{KeyId: create(kmstypes.KeySpecHmac256, kmstypes.KeyUsageTypeGenerateVerifyMac, ""),
		Message: message, MacAlgorithm: kmstypes.MacAlgorithmSpecHmacSha256})
	if err != nil {
		t.Fatal(err)
	}
	derived, err := kc.DeriveSharedSecret(ctx, &awskms.DeriveSharedSecretInput{KeyId: create(kmstypes.KeySpecEccNistP256, kmstypes.KeyUsageTypeKeyAgreement, ""),
		KeyAgreementAlgorithm: kmstypes.KeyAgreementAlgorithmSpecEcdh, PublicKey: pair.PublicKey})
	if err != nil {
		t.Fatal(err)
	}
	params, err := kc.GetParametersForImport(ctx, &awskms.GetParametersForImportInput{KeyId: create("", "", kmstypes.OriginTypeExternal),
		WrappingAlgorithm: kmstypes.AlgorithmSpecRsaesOaepSha256, WrappingKeySpec: kmstypes.WrappingKeySpecRsa2048})
	if err != nil {
		t.Fatal(err)
	}
	return append(secrets, message, sig.Signature, mac.Mac, derived.SharedSecret, params.ImportToken)
}
