package kms

import (
	"context"

	"github.com/amityhq/amity/internal/api/kmsapi"
	"github.com/amityhq/amity/internal/authz"
	"github.com/amityhq/amity/internal/service/kms/keyring"
)

// GenerateDataKeyPair returns a fresh key pair: its public key, and its
// private key (DER PKCS#8) in plaintext and encrypted under a symmetric
// KMS key.
func (s *Service) GenerateDataKeyPair(ctx context.Context, in *kmsapi.GenerateDataKeyPairInput) (*kmsapi.GenerateDataKeyPairOutput, error) {
	if in.Recipient != nil {
		return nil, recipientRefused()
	}
	p, err := s.generateDataKeyPair(ctx, "kms:GenerateDataKeyPair", in.KeyId, deref(in.KeyPairSpec), in.EncryptionContext, in.GrantTokens, in.DryRun)
	if err != nil {
		return nil, err
	}
	return &kmsapi.GenerateDataKeyPairOutput{PrivateKeyCiphertextBlob: p.blob, PrivateKeyPlaintext: p.private, PublicKey: p.public,
		KeyId: &p.key.arn, KeyPairSpec: in.KeyPairSpec, KeyMaterialId: p.materialID}, nil
}

// GenerateDataKeyPairWithoutPlaintext is GenerateDataKeyPair without the
// plaintext private key.
func (s *Service) GenerateDataKeyPairWithoutPlaintext(ctx context.Context, in *kmsapi.GenerateDataKeyPairWithoutPlaintextInput) (*kmsapi.GenerateDataKeyPairWithoutPlaintextOutput, error) {
	p, err := s.generateDataKeyPair(ctx, "kms:GenerateDataKeyPairWithoutPlaintext", in.KeyId, deref(in.KeyPairSpec), in.EncryptionContext, in.GrantTokens, in.DryRun)
	if err != nil {
		return nil, err
	}
	clear(p.private)
	return &kmsapi.GenerateDataKeyPairWithoutPlaintextOutput{PrivateKeyCiphertextBlob: p.blob, PublicKey: p.public,
		KeyId: &p.key.arn, KeyPairSpec: in.KeyPairSpec, KeyMaterialId: p.materialID}, nil
}

// dataKeyPair is what the GenerateDataKeyPair operations make.
type dataKeyPair struct {
	key        *keyEntry
	private    []byte // PKCS#8
	blob       []byte // private encrypted under key
	public     []byte // SubjectPublicKeyInfo
	materialID *string
}

func (s *Service) generateDataKeyPair(ctx context.Context, action string, keyID *string, spec string,
	ec map[string]string, tokens []string, dry *bool) (*dataKeyPair, error) {
	req := authz.FromContext(ctx)
	if !keyring.IsPairSpec(spec) {
		return nil, notImplemented("data key pairs with KeyPairSpec " + spec)
	}
	key, alias, err := s.resolve(ctx, req, deref(keyID), byAlias|crossAccount)
	if err != nil {
		return nil, err
	}
	a := &access{action: action, ec: ec, alias: alias, grantTokens: tokens,
		conditions: sharedConditions.of(condDataKeyPairSpec, spec, "", "")}
	if key, err = s.usable(ctx, req, key, a, kmsapi.KeyUsageTypeEncryptDecrypt, symmetricOnly, dry); err != nil {
		return nil, err
	}
	p := &dataKeyPair{key: key}
	if p.private, err = keyring.GeneratePair(s.rand, spec); err != nil {
		return nil, err
	}
	pair, err := keyring.ParsePair(spec, p.private)
	if err != nil {
		return nil, err
	}
	p.public = pair.PublicKey()
	if p.blob, p.materialID, err = s.encryptUnder(key, kmsapi.EncryptionAlgorithmSpecSymmetricDefault, p.private, ec); err != nil {
		clear(p.private)
		return nil, err
	}
	return p, nil
}
