package kms

import (
	"context"
	"io"
	"slices"

	"github.com/amityhq/amity/internal/api/kmsapi"
	"github.com/amityhq/amity/internal/authz"
	"github.com/amityhq/amity/internal/service/kms/keyring"
)

var symmetricAlgorithm = []string{kmsapi.EncryptionAlgorithmSpecSymmetricDefault}

// symmetricConditions is kms:EncryptionAlgorithm of SYMMETRIC_DEFAULT,
// shared by every request using it without a lock: the hot path.
var symmetricConditions = map[string][]string{condEncryptionAlgorithm: symmetricAlgorithm}

// encryptionConditions is kms:EncryptionAlgorithm of alg.
func encryptionConditions(alg string) map[string][]string {
	if alg == kmsapi.EncryptionAlgorithmSpecSymmetricDefault {
		return symmetricConditions
	}
	return sharedConditions.of(condEncryptionAlgorithm, alg, "", "")
}

// Encrypt encrypts up to 4096 bytes under the newest version of a
// symmetric key, binding the encryption context, or under an RSA key's
// public key with an RSAES_OAEP algorithm, up to KMS's limit for the key
// spec and algorithm.
func (s *Service) Encrypt(ctx context.Context, in *kmsapi.EncryptInput) (*kmsapi.EncryptOutput, error) {
	req := authz.FromContext(ctx)
	key, alias, err := s.resolve(ctx, req, deref(in.KeyId), byAlias|crossAccount)
	if err != nil {
		return nil, err
	}
	alg := or(deref(in.EncryptionAlgorithm), kmsapi.EncryptionAlgorithmSpecSymmetricDefault)
	a := &access{action: "kms:Encrypt", ec: in.EncryptionContext, alias: alias, grantTokens: in.GrantTokens,
		conditions: encryptionConditions(alg), algorithm: alg}
	if key, err = s.usable(ctx, req, key, a, kmsapi.KeyUsageTypeEncryptDecrypt, checkEncryption, in.DryRun); err != nil {
		return nil, err
	}
	// AWS's EncryptResponse has no KeyMaterialId (the model of 2026).
	blob, _, err := s.encryptUnder(key, alg, in.Plaintext, in.EncryptionContext)
	if err != nil {
		return nil, err
	}
	return &kmsapi.EncryptOutput{CiphertextBlob: blob, KeyId: &key.arn, EncryptionAlgorithm: algorithmName(alg)}, nil
}

// Decrypt decrypts a blob. The key is the one a symmetric blob names; a
// KeyId, when given, must name the same key. An asymmetric key's
// ciphertext names nothing: KeyId and the algorithm say how to decrypt.
// Authorization is against the key.
func (s *Service) Decrypt(ctx context.Context, in *kmsapi.DecryptInput) (*kmsapi.DecryptOutput, error) {
	req := authz.FromContext(ctx)
	if in.Recipient != nil {
		return nil, recipientRefused()
	}
	key, alias, version, err := s.blobKey(ctx, req, in.CiphertextBlob, in.KeyId)
	if err != nil {
		return nil, err
	}
	alg := or(deref(in.EncryptionAlgorithm), kmsapi.EncryptionAlgorithmSpecSymmetricDefault)
	a := &access{action: "kms:Decrypt", ec: in.EncryptionContext, alias: alias, grantTokens: in.GrantTokens,
		conditions: encryptionConditions(alg), algorithm: alg}
	if key, err = s.usable(ctx, req, key, a, kmsapi.KeyUsageTypeEncryptDecrypt, checkEncryption, in.DryRun); err != nil {
		return nil, err
	}
	pt, id, err := s.decryptUnder(key, alg, in.CiphertextBlob, in.EncryptionContext, version)
	if err != nil {
		return nil, err
	}
	return &kmsapi.DecryptOutput{KeyId: &key.arn, Plaintext: pt, EncryptionAlgorithm: algorithmName(alg), KeyMaterialId: id}, nil
}

// ReEncrypt decrypts a blob and encrypts its plaintext under another key
// (or the same), without the plaintext leaving KMS: kms:ReEncryptFrom on
// the source key, kms:ReEncryptTo on the destination.
func (s *Service) ReEncrypt(ctx context.Context, in *kmsapi.ReEncryptInput) (*kmsapi.ReEncryptOutput, error) {
	req := authz.FromContext(ctx)
	src, srcAlias, version, err := s.blobKey(ctx, req, in.CiphertextBlob, in.SourceKeyId)
	if err != nil {
		return nil, err
	}
	dst, dstAlias, err := s.resolve(ctx, req, deref(in.DestinationKeyId), byAlias|crossAccount)
	if err != nil {
		return nil, err
	}
	srcAlg := or(deref(in.SourceEncryptionAlgorithm), kmsapi.EncryptionAlgorithmSpecSymmetricDefault)
	dstAlg := or(deref(in.DestinationEncryptionAlgorithm), kmsapi.EncryptionAlgorithmSpecSymmetricDefault)
	sameKey := boolValue(src.arn == dst.arn)
	from := &access{action: "kms:ReEncryptFrom", ec: in.SourceEncryptionContext, alias: srcAlias, grantTokens: in.GrantTokens,
		conditions: map[string][]string{condReEncryptOnSameKey: sameKey, condEncryptionAlgorithm: {srcAlg}}, algorithm: srcAlg}
	to := &access{action: "kms:ReEncryptTo", ec: in.DestinationEncryptionContext, alias: dstAlias, grantTokens: in.GrantTokens,
		conditions: map[string][]string{condReEncryptOnSameKey: sameKey, condEncryptionAlgorithm: {dstAlg}}, algorithm: dstAlg}
	if src, err = s.usable(ctx, req, src, from, kmsapi.KeyUsageTypeEncryptDecrypt, checkEncryption, nil); err != nil {
		return nil, err
	}
	if dst, err = s.usable(ctx, req, dst, to, kmsapi.KeyUsageTypeEncryptDecrypt, checkEncryption, in.DryRun); err != nil {
		return nil, err
	}
	pt, srcID, err := s.decryptUnder(src, srcAlg, in.CiphertextBlob, in.SourceEncryptionContext, version)
	if err != nil {
		return nil, err
	}
	defer clear(pt)
	blob, dstID, err := s.encryptUnder(dst, dstAlg, pt, in.DestinationEncryptionContext)
	if err != nil {
		return nil, err
	}
	return &kmsapi.ReEncryptOutput{CiphertextBlob: blob, SourceKeyId: &src.arn, KeyId: &dst.arn,
		SourceEncryptionAlgorithm: algorithmName(srcAlg), DestinationEncryptionAlgorithm: algorithmName(dstAlg),
		SourceKeyMaterialId: srcID, DestinationKeyMaterialId: dstID}, nil
}

// checkEncryption is the keyCheck of encryption: an algorithm of the key's
// spec, and an encryption context only with a symmetric key.
func checkEncryption(key *keyEntry, a access) error {
	if key.kind == symmetricKey {
		if a.algorithm != kmsapi.EncryptionAlgorithmSpecSymmetricDefault {
			return algorithmIncompatible(a.algorithm, key.rec.spec())
		}
		return nil
	}
	if !slices.Contains(key.spec.encryption, a.algorithm) {
		return algorithmIncompatible(a.algorithm, key.rec.spec())
	}
	if len(a.ec) > 0 {
		return contextNotSupported()
	}
	return nil
}

// encryptUnder encrypts with an admitted key: a blob of its newest
// version and that version's KeyMaterialId, or an RSA ciphertext.
func (s *Service) encryptUnder(key *keyEntry, alg string, pt []byte, ec map[string]string) ([]byte, *string, error) {
	if key.kind == symmetricKey {
		m, err := key.material()
		if err != nil {
			return nil, nil, err
		}
		blob, err := m.ring.Encrypt(s.rand, pt, ec)
		if err != nil {
			return nil, nil, err
		}
		return blob, &m.ids[m.ring.Latest()-1], nil
	}
	pair, err := key.pair()
	if err != nil {
		return nil, nil, err
	}
	if max := pair.MaxPlaintext(alg); len(pt) > max {
		return nil, nil, plaintextTooLarge(max)
	}
	ct, err := pair.Encrypt(s.rand, alg, pt)
	return ct, nil, err
}

// decryptUnder decrypts with an admitted key: a blob made by version of a
// symmetric key (with that version's KeyMaterialId), or an RSA ciphertext.
func (s *Service) decryptUnder(key *keyEntry, alg string, blob []byte, ec map[string]string, version uint32) ([]byte, *string, error) {
	if key.kind == symmetricKey {
		if key.rec.Imported != nil && int(version) <= len(key.rec.Material) && !key.rec.materialUsable(version, s.now()) {
			return nil, nil, pendingImport(key.arn)
		}
		m, err := key.material()
		if err != nil {
			return nil, nil, err
		}
		pt, err := m.ring.Decrypt(blob, ec)
		if err != nil {
			return nil, nil, unopened(err, key.arn, ec)
		}
		return pt, &m.ids[version-1], nil
	}
	pair, err := key.pair()
	if err != nil {
		return nil, nil, err
	}
	pt, err := pair.Decrypt(alg, blob)
	if err != nil {
		return nil, nil, invalidCiphertext("the ciphertext does not decrypt under " + key.arn + " with " + alg)
	}
	return pt, nil, nil
}

// algorithmName returns the shared copy of SYMMETRIC_DEFAULT, or a copy
// of alg (made only then: &alg would put alg on the heap on every call).
func algorithmName(alg string) *string {
	if alg == kmsapi.EncryptionAlgorithmSpecSymmetricDefault {
		return &symmetricAlgorithm[0]
	}
	return new(alg)
}

// GenerateDataKey returns a fresh data key in plaintext and encrypted
// under a KMS key.
func (s *Service) GenerateDataKey(ctx context.Context, in *kmsapi.GenerateDataKeyInput) (*kmsapi.GenerateDataKeyOutput, error) {
	if in.Recipient != nil {
		return nil, recipientRefused()
	}
	size, err := dataKeySize(in.KeySpec, in.NumberOfBytes)
	if err != nil {
		return nil, err
	}
	pt, blob, key, id, err := s.generateDataKey(ctx, "kms:GenerateDataKey", in.KeyId, size, in.EncryptionContext, in.GrantTokens, in.DryRun)
	if err != nil {
		return nil, err
	}
	return &kmsapi.GenerateDataKeyOutput{CiphertextBlob: blob, Plaintext: pt, KeyId: &key.arn, KeyMaterialId: id}, nil
}

// GenerateDataKeyWithoutPlaintext returns a fresh data key encrypted under
// a KMS key only (what EBS asks for when it creates a volume).
func (s *Service) GenerateDataKeyWithoutPlaintext(ctx context.Context, in *kmsapi.GenerateDataKeyWithoutPlaintextInput) (*kmsapi.GenerateDataKeyWithoutPlaintextOutput, error) {
	size, err := dataKeySize(in.KeySpec, in.NumberOfBytes)
	if err != nil {
		return nil, err
	}
	pt, blob, key, id, err := s.generateDataKey(ctx, "kms:GenerateDataKeyWithoutPlaintext", in.KeyId, size, in.EncryptionContext, in.GrantTokens, in.DryRun)
	if err != nil {
		return nil, err
	}
	clear(pt)
	return &kmsapi.GenerateDataKeyWithoutPlaintextOutput{CiphertextBlob: blob, KeyId: &key.arn, KeyMaterialId: id}, nil
}

// generateDataKey makes size random bytes and encrypts them under a
// symmetric key, for the GenerateDataKey operations.
func (s *Service) generateDataKey(ctx context.Context, action string, keyID *string, size int,
	ec map[string]string, tokens []string, dry *bool) (pt, blob []byte, key *keyEntry, id *string, err error) {
	req := authz.FromContext(ctx)
	key, alias, err := s.resolve(ctx, req, deref(keyID), byAlias|crossAccount)
	if err != nil {
		return nil, nil, nil, nil, err
	}
	a := &access{action: action, ec: ec, alias: alias, grantTokens: tokens}
	if key, err = s.usable(ctx, req, key, a, kmsapi.KeyUsageTypeEncryptDecrypt, symmetricOnly, dry); err != nil {
		return nil, nil, nil, nil, err
	}
	pt = make([]byte, size)
	if _, err := io.ReadFull(s.rand, pt); err != nil {
		return nil, nil, nil, nil, err
	}
	if blob, id, err = s.encryptUnder(key, kmsapi.EncryptionAlgorithmSpecSymmetricDefault, pt, ec); err != nil {
		return nil, nil, nil, nil, err
	}
	return pt, blob, key, id, nil
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
		return nil, customKeyStoreNotFound()
	}
	if in.Recipient != nil {
		return nil, recipientRefused()
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

// blobKey finds the key of a ciphertext: the key KeyId names when it is an
// asymmetric key (whose ciphertexts name nothing), else the key the blob
// names, in the request's Region — for a multi-Region key, the replica
// there. It returns the blob's key version (0 for an asymmetric key). A
// blob made in another Region by a single-Region key, or that is no blob
// at all, is an InvalidCiphertextException; a KeyId naming another key
// than the blob's is an IncorrectKeyException.
func (s *Service) blobKey(ctx context.Context, req *authz.Request, blob []byte, keyID *string) (*keyEntry, string, uint32, error) {
	var named *keyEntry
	var alias string
	if keyID != nil {
		var err error
		if named, alias, err = s.resolve(ctx, req, *keyID, byAlias|crossAccount); err != nil {
			return nil, "", 0, err
		}
		if named.kind != symmetricKey {
			return named, alias, 0, nil
		}
	}
	h, err := keyring.ParseHeader(blob)
	switch {
	case err != nil:
		return nil, "", 0, invalidCiphertext("the bytes are not a ciphertext blob KMS made")
	case h.Region != req.Region && keyring.IsMultiRegion(h.KeyID):
		h.Region = req.Region // the replica here opens it
	case h.Region != req.Region:
		return nil, "", 0, invalidCiphertext("the blob was made in " + h.Region + ", and the request is in " + req.Region)
	}
	if named != nil && named.rec.ref() != h.Ref {
		return nil, "", 0, incorrectKey()
	}
	key, ok, err := s.key(ctx, h.Ref)
	switch {
	case err != nil:
		return nil, "", 0, err
	case !ok:
		return nil, "", 0, invalidCiphertext("the blob's key " + h.ARN() + " does not exist")
	}
	return key, alias, h.Version, nil
}
