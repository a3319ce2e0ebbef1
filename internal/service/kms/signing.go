package kms

import (
	"context"
	"errors"
	"slices"

	"github.com/amityhq/amity/internal/api/kmsapi"
	"github.com/amityhq/amity/internal/authz"
	"github.com/amityhq/amity/internal/service/kms/keyring"
)

// GetPublicKey returns the public key of an asymmetric key, DER
// SubjectPublicKeyInfo, with what the key may do with it.
func (s *Service) GetPublicKey(ctx context.Context, in *kmsapi.GetPublicKeyInput) (*kmsapi.GetPublicKeyOutput, error) {
	req := authz.FromContext(ctx)
	key, alias, err := s.resolve(ctx, req, deref(in.KeyId), byAlias|crossAccount)
	if err != nil {
		return nil, err
	}
	if _, err := s.authorizeKey(ctx, req, key, &access{action: "kms:GetPublicKey", alias: alias, grantTokens: in.GrantTokens}); err != nil {
		return nil, err
	}
	if err := checkState(key.rec, s.now, enabledOnly); err != nil {
		return nil, err
	}
	if key.kind != pairKey {
		return nil, noPublicKey(key.arn, key.rec.spec())
	}
	pair, err := key.pair()
	if err != nil {
		return nil, err
	}
	m := keyMetadata(key.rec, s.now())
	return &kmsapi.GetPublicKeyOutput{KeyId: &key.arn, PublicKey: pair.PublicKey(),
		CustomerMasterKeySpec: m.CustomerMasterKeySpec, KeySpec: m.KeySpec, KeyUsage: m.KeyUsage,
		EncryptionAlgorithms: m.EncryptionAlgorithms, SigningAlgorithms: m.SigningAlgorithms,
		KeyAgreementAlgorithms: m.KeyAgreementAlgorithms}, nil
}

// Sign signs a message of up to 4096 bytes, its digest (MessageType
// DIGEST), or for an ML-DSA key its 64-byte μ (MessageType EXTERNAL_MU),
// with an asymmetric SIGN_VERIFY key.
func (s *Service) Sign(ctx context.Context, in *kmsapi.SignInput) (*kmsapi.SignOutput, error) {
	key, alg, mt, err := s.signingKey(ctx, "kms:Sign", in.KeyId, in.SigningAlgorithm, in.MessageType, in.Message, in.GrantTokens, in.DryRun)
	if err != nil {
		return nil, err
	}
	pair, err := key.pair()
	if err != nil {
		return nil, err
	}
	sig, err := pair.Sign(s.rand, alg, in.Message, mt)
	if err != nil {
		return nil, err
	}
	return &kmsapi.SignOutput{KeyId: &key.arn, Signature: sig, SigningAlgorithm: &alg}, nil
}

// Verify checks a signature made by an asymmetric SIGN_VERIFY key (by
// Sign, or outside KMS with its private key); a signature that does not
// verify is a KMSInvalidSignatureException.
func (s *Service) Verify(ctx context.Context, in *kmsapi.VerifyInput) (*kmsapi.VerifyOutput, error) {
	key, alg, mt, err := s.signingKey(ctx, "kms:Verify", in.KeyId, in.SigningAlgorithm, in.MessageType, in.Message, in.GrantTokens, in.DryRun)
	if err != nil {
		return nil, err
	}
	pair, err := key.pair()
	if err != nil {
		return nil, err
	}
	ok, err := pair.Verify(alg, in.Message, mt, in.Signature)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, invalidSignature()
	}
	return &kmsapi.VerifyOutput{KeyId: &key.arn, SignatureValid: new(true), SigningAlgorithm: &alg}, nil
}

// messageTypes are KMS's MessageType values as keyring takes them.
var messageTypes = map[string]keyring.MessageType{
	kmsapi.MessageTypeRaw:        keyring.RawMessage,
	kmsapi.MessageTypeDigest:     keyring.Digest,
	kmsapi.MessageTypeExternalMu: keyring.ExternalMu,
}

// signingKey checks a Sign or Verify request — its message for the
// algorithm and message type, then the key: authorization with
// kms:SigningAlgorithm and kms:MessageType, state, usage, algorithm — and
// returns the key, the algorithm and the message type.
func (s *Service) signingKey(ctx context.Context, action string, keyID, algorithm, messageType *string, msg []byte,
	tokens []string, dry *bool) (key *keyEntry, alg string, mt keyring.MessageType, err error) {
	req := authz.FromContext(ctx)
	alg = deref(algorithm)
	mtName := or(deref(messageType), kmsapi.MessageTypeRaw)
	mt = messageTypes[mtName] // the wire layer admits the three values only
	switch err := keyring.CheckMessage(alg, msg, mt); {
	case errors.Is(err, keyring.ErrDigestLength):
		return nil, "", 0, digestLength(alg)
	case errors.Is(err, keyring.ErrRawOnly):
		return nil, "", 0, rawMessageOnly(alg)
	case errors.Is(err, keyring.ErrExternalMu):
		return nil, "", 0, externalMuRefused(alg)
	case errors.Is(err, keyring.ErrMuLength):
		return nil, "", 0, muLength()
	}
	key, alias, err := s.resolve(ctx, req, deref(keyID), byAlias|crossAccount)
	if err != nil {
		return nil, "", 0, err
	}
	a := &access{action: action, alias: alias, grantTokens: tokens, algorithm: alg,
		conditions: sharedConditions.of(condSigningAlgorithm, alg, condMessageType, mtName)}
	key, err = s.usable(ctx, req, key, a, kmsapi.KeyUsageTypeSignVerify, checkSigning, dry)
	return key, alg, mt, err
}

// checkSigning is the keyCheck of Sign and Verify: an algorithm of the
// key's spec.
func checkSigning(key *keyEntry, a access) error {
	if !slices.Contains(key.spec.signing, a.algorithm) {
		return algorithmIncompatible(a.algorithm, key.rec.spec())
	}
	return nil
}
