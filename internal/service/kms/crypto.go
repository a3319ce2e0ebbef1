package kms

import (
	"context"
	"io"

	"github.com/amityhq/amity/internal/api/kmsapi"
	"github.com/amityhq/amity/internal/authz"
	"github.com/amityhq/amity/internal/service/kms/keyring"
)

var symmetricAlgorithm = []string{kmsapi.EncryptionAlgorithmSpecSymmetricDefault}

// algorithmConditions is kms:EncryptionAlgorithm, the one algorithm of a
// symmetric key.
var algorithmConditions = map[string][]string{condEncryptionAlgorithm: symmetricAlgorithm}

// Encrypt encrypts up to 4096 bytes under the newest version of a key,
// binding the encryption context.
func (s *Service) Encrypt(ctx context.Context, in *kmsapi.EncryptInput) (*kmsapi.EncryptOutput, error) {
	req := authz.FromContext(ctx)
	if err := checkAlgorithm(in.EncryptionAlgorithm); err != nil {
		return nil, err
	}
	key, alias, err := s.resolve(ctx, req, deref(in.KeyId), byAlias|crossAccount)
	if err != nil {
		return nil, err
	}
	a := &access{action: "kms:Encrypt", ec: in.EncryptionContext, alias: alias, grantTokens: in.GrantTokens, conditions: algorithmConditions}
	ring, err := s.usable(ctx, req, key, a, in.DryRun)
	if err != nil {
		return nil, err
	}
	blob, err := ring.Encrypt(s.rand, in.Plaintext, in.EncryptionContext)
	if err != nil {
		return nil, err
	}
	return &kmsapi.EncryptOutput{CiphertextBlob: blob, KeyId: &key.arn, EncryptionAlgorithm: &symmetricAlgorithm[0]}, nil
}

// Decrypt decrypts a blob. The key is the one the blob names; a KeyId, when
// given, must name the same key. Authorization is against that key.
func (s *Service) Decrypt(ctx context.Context, in *kmsapi.DecryptInput) (*kmsapi.DecryptOutput, error) {
	req := authz.FromContext(ctx)
	if err := checkAlgorithm(in.EncryptionAlgorithm); err != nil {
		return nil, err
	}
	key, alias, err := s.blobKey(ctx, req, in.CiphertextBlob, in.KeyId)
	if err != nil {
		return nil, err
	}
	a := &access{action: "kms:Decrypt", ec: in.EncryptionContext, alias: alias, grantTokens: in.GrantTokens, conditions: algorithmConditions}
	ring, err := s.usable(ctx, req, key, a, in.DryRun)
	if err != nil {
		return nil, err
	}
	pt, err := ring.Decrypt(in.CiphertextBlob, in.EncryptionContext)
	if err != nil {
		return nil, unopened(err, key.arn, in.EncryptionContext)
	}
	return &kmsapi.DecryptOutput{KeyId: &key.arn, Plaintext: pt, EncryptionAlgorithm: &symmetricAlgorithm[0]}, nil
}

// ReEncrypt decrypts a blob and encrypts its plaintext under another key
// (or the same), without the plaintext leaving KMS: kms:ReEncryptFrom on
// the source key, kms:ReEncryptTo on the destination.
func (s *Service) ReEncrypt(ctx context.Context, in *kmsapi.ReEncryptInput) (*kmsapi.ReEncryptOutput, error) {
	req := authz.FromContext(ctx)
	if err := checkAlgorithm(in.SourceEncryptionAlgorithm); err != nil {
		return nil, err
	}
	if err := checkAlgorithm(in.DestinationEncryptionAlgorithm); err != nil {
		return nil, err
	}
	src, srcAlias, err := s.blobKey(ctx, req, in.CiphertextBlob, in.SourceKeyId)
	if err != nil {
		return nil, err
	}
	dst, dstAlias, err := s.resolve(ctx, req, deref(in.DestinationKeyId), byAlias|crossAccount)
	if err != nil {
		return nil, err
	}
	sameKey := map[string][]string{condReEncryptOnSameKey: boolValue(src.arn == dst.arn), condEncryptionAlgorithm: symmetricAlgorithm}
	from := &access{action: "kms:ReEncryptFrom", ec: in.SourceEncryptionContext, alias: srcAlias, grantTokens: in.GrantTokens, conditions: sameKey}
	to := &access{action: "kms:ReEncryptTo", ec: in.DestinationEncryptionContext, alias: dstAlias, grantTokens: in.GrantTokens, conditions: sameKey}
	srcRing, err := s.usable(ctx, req, src, from, nil)
	if err != nil {
		return nil, err
	}
	dstRing, err := s.usable(ctx, req, dst, to, in.DryRun)
	if err != nil {
		return nil, err
	}
	pt, err := srcRing.Decrypt(in.CiphertextBlob, in.SourceEncryptionContext)
	if err != nil {
		return nil, unopened(err, src.arn, in.SourceEncryptionContext)
	}
	defer clear(pt)
	blob, err := dstRing.Encrypt(s.rand, pt, in.DestinationEncryptionContext)
	if err != nil {
		return nil, err
	}
	return &kmsapi.ReEncryptOutput{CiphertextBlob: blob, SourceKeyId: &src.arn, KeyId: &dst.arn,
		SourceEncryptionAlgorithm: &symmetricAlgorithm[0], DestinationEncryptionAlgorithm: &symmetricAlgorithm[0]}, nil
}

// GenerateDataKey returns a fresh data key in plaintext and encrypted
// under a KMS key.
func (s *Service) GenerateDataKey(ctx context.Context, in *kmsapi.GenerateDataKeyInput) (*kmsapi.GenerateDataKeyOutput, error) {
	pt, blob, key, err := s.generateDataKey(ctx, "kms:GenerateDataKey", in.KeyId, in.KeySpec, in.NumberOfBytes,
		in.EncryptionContext, in.GrantTokens, in.DryRun)
	if err != nil {
		return nil, err
	}
	return &kmsapi.GenerateDataKeyOutput{CiphertextBlob: blob, Plaintext: pt, KeyId: &key.arn}, nil
}

// GenerateDataKeyWithoutPlaintext returns a fresh data key encrypted under
// a KMS key only (what EBS asks for when it creates a volume).
func (s *Service) GenerateDataKeyWithoutPlaintext(ctx context.Context, in *kmsapi.GenerateDataKeyWithoutPlaintextInput) (*kmsapi.GenerateDataKeyWithoutPlaintextOutput, error) {
	pt, blob, key, err := s.generateDataKey(ctx, "kms:GenerateDataKeyWithoutPlaintext", in.KeyId, in.KeySpec, in.NumberOfBytes,
		in.EncryptionContext, in.GrantTokens, in.DryRun)
	if err != nil {
		return nil, err
	}
	clear(pt)
	return &kmsapi.GenerateDataKeyWithoutPlaintextOutput{CiphertextBlob: blob, KeyId: &key.arn}, nil
}

func (s *Service) generateDataKey(ctx context.Context, action string, keyID, spec *string, n *int32,
	ec map[string]string, tokens []string, dry *bool) (pt, blob []byte, key *keyEntry, err error) {
	req := authz.FromContext(ctx)
	size, err := dataKeySize(spec, n)
	if err != nil {
		return nil, nil, nil, err
	}
	key, alias, err := s.resolve(ctx, req, deref(keyID), byAlias|crossAccount)
	if err != nil {
		return nil, nil, nil, err
	}
	ring, err := s.usable(ctx, req, key, &access{action: action, ec: ec, alias: alias, grantTokens: tokens}, dry)
	if err != nil {
		return nil, nil, nil, err
	}
	pt = make([]byte, size)
	if _, err := io.ReadFull(s.rand, pt); err != nil {
		return nil, nil, nil, err
	}
	if blob, err = ring.Encrypt(s.rand, pt, ec); err != nil {
		return nil, nil, nil, err
	}
	return pt, blob, key, nil
}

// dataKeySize applies GenerateDataKey's rule: exactly one of KeySpec
// (AES_256 is 32 bytes, AES_128 16) and NumberOfBytes (1..1024, which the
// model's validation enforces).
func dataKeySize(spec *string, n *int32) (int, error) {
	switch {
	case (spec == nil) == (n == nil):
		return 0, dataKeyLength()
	case n != nil:
		return int(*n), nil
	case *spec == kmsapi.DataKeySpecAes128:
		return 16, nil
	}
	return 32, nil
}

// GenerateRandom returns 1 to 1024 random bytes.
func (s *Service) GenerateRandom(ctx context.Context, in *kmsapi.GenerateRandomInput) (*kmsapi.GenerateRandomOutput, error) {
	req := authz.FromContext(ctx)
	if in.NumberOfBytes == nil {
		// LocalStack's snapshot recorded on AWS (2023-04-13).
		return nil, validation("NumberOfBytes is required.")
	}
	if in.CustomKeyStoreId != nil {
		return nil, notImplemented("custom key stores")
	}
	if _, err := s.authorizeAccount(ctx, req, "kms:GenerateRandom", "*", nil); err != nil {
		return nil, err
	}
	b := make([]byte, *in.NumberOfBytes)
	if _, err := io.ReadFull(s.rand, b); err != nil {
		return nil, err
	}
	return &kmsapi.GenerateRandomOutput{Plaintext: b}, nil
}

// blobKey finds the key a ciphertext blob names. A blob made in another
// Region, or that is no blob at all, is an InvalidCiphertextException; a
// KeyId naming another key than the blob's is an IncorrectKeyException.
func (s *Service) blobKey(ctx context.Context, req *authz.Request, blob []byte, keyID *string) (*keyEntry, string, error) {
	h, err := keyring.ParseHeader(blob)
	switch {
	case err != nil:
		return nil, "", invalidCiphertext("the bytes are not a ciphertext blob KMS made")
	case h.Region != req.Region:
		return nil, "", invalidCiphertext("the blob was made in " + h.Region + ", and the request is in " + req.Region)
	}
	var alias string
	if keyID != nil {
		named, a, err := s.resolve(ctx, req, *keyID, byAlias|crossAccount)
		if err != nil {
			return nil, "", err
		}
		if named.rec.ref() != h.Ref {
			return nil, "", incorrectKey()
		}
		alias = a
	}
	key, ok, err := s.key(ctx, h.Ref)
	switch {
	case err != nil:
		return nil, "", err
	case !ok:
		return nil, "", invalidCiphertext("the blob's key " + h.ARN() + " does not exist")
	}
	return key, alias, nil
}

// usable authorizes a cryptographic access to key, checks that the key is
// enabled, answers a dry run, and returns the key's ring — rotated first
// when an automatic rotation has come due.
func (s *Service) usable(ctx context.Context, req *authz.Request, key *keyEntry, a *access, dry *bool) (*keyring.Ring, error) {
	if _, err := s.authorizeKey(ctx, req, key, a); err != nil {
		return nil, err
	}
	if err := checkState(key.rec, enabledOnly); err != nil {
		return nil, err
	}
	if err := dryRun(dry); err != nil {
		return nil, err
	}
	if key.rec.Rotation.Enabled && !s.now().Before(key.rec.Rotation.Next) {
		var err error
		if key, err = s.rotateDue(ctx, key.rec.ref()); err != nil {
			return nil, err
		}
	}
	return key.ring()
}

// checkAlgorithm accepts SYMMETRIC_DEFAULT, the only algorithm of a
// symmetric encryption key.
func checkAlgorithm(alg *string) error {
	if alg != nil && *alg != kmsapi.EncryptionAlgorithmSpecSymmetricDefault {
		return invalidAlgorithm()
	}
	return nil
}
