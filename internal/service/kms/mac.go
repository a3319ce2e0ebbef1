package kms

import (
	"context"
	"slices"

	"github.com/amityhq/amity/internal/api/kmsapi"
	"github.com/amityhq/amity/internal/authz"
)

// GenerateMac returns the HMAC of a message of up to 4096 bytes under an
// HMAC key.
func (s *Service) GenerateMac(ctx context.Context, in *kmsapi.GenerateMacInput) (*kmsapi.GenerateMacOutput, error) {
	key, err := s.macKey(ctx, "kms:GenerateMac", in.KeyId, deref(in.MacAlgorithm), in.GrantTokens, in.DryRun)
	if err != nil {
		return nil, err
	}
	m, err := key.mac()
	if err != nil {
		return nil, err
	}
	return &kmsapi.GenerateMacOutput{Mac: m.Sum(in.Message), MacAlgorithm: in.MacAlgorithm, KeyId: &key.arn}, nil
}

// VerifyMac checks an HMAC under an HMAC key; one that does not match is
// a KMSInvalidMacException.
func (s *Service) VerifyMac(ctx context.Context, in *kmsapi.VerifyMacInput) (*kmsapi.VerifyMacOutput, error) {
	key, err := s.macKey(ctx, "kms:VerifyMac", in.KeyId, deref(in.MacAlgorithm), in.GrantTokens, in.DryRun)
	if err != nil {
		return nil, err
	}
	m, err := key.mac()
	if err != nil {
		return nil, err
	}
	if !m.Verify(in.Message, in.Mac) {
		return nil, invalidMac()
	}
	return &kmsapi.VerifyMacOutput{KeyId: &key.arn, MacValid: new(true), MacAlgorithm: in.MacAlgorithm}, nil
}

// macKey admits a GenerateMac or VerifyMac request on its key, with
// kms:MacAlgorithm.
func (s *Service) macKey(ctx context.Context, action string, keyID *string, alg string, tokens []string, dry *bool) (*keyEntry, error) {
	req := authz.FromContext(ctx)
	key, alias, err := s.resolve(ctx, req, deref(keyID), byAlias|crossAccount)
	if err != nil {
		return nil, err
	}
	a := &access{action: action, alias: alias, grantTokens: tokens, algorithm: alg,
		conditions: sharedConditions.of(condMacAlgorithm, alg, "", "")}
	return s.usable(ctx, req, key, a, kmsapi.KeyUsageTypeGenerateVerifyMac, checkMac, dry)
}

// checkMac is the keyCheck of the MAC operations: the key spec's algorithm.
func checkMac(key *keyEntry, a access) error {
	if !slices.Contains(key.spec.mac, a.algorithm) {
		return algorithmIncompatible(a.algorithm, key.rec.spec())
	}
	return nil
}
