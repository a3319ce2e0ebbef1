package kms

import (
	"context"
	"errors"
	"slices"

	"github.com/amityhq/amity/internal/api/kmsapi"
	"github.com/amityhq/amity/internal/authz"
	"github.com/amityhq/amity/internal/service/kms/keyring"
)

// DeriveSharedSecret is ECDH between a KEY_AGREEMENT key's private key and
// a peer's public key (DER SubjectPublicKeyInfo on the key's curve): the
// raw shared secret, which only the caller gets.
func (s *Service) DeriveSharedSecret(ctx context.Context, in *kmsapi.DeriveSharedSecretInput) (*kmsapi.DeriveSharedSecretOutput, error) {
	req := authz.FromContext(ctx)
	if in.Recipient != nil {
		return nil, recipientRefused()
	}
	key, alias, err := s.resolve(ctx, req, deref(in.KeyId), byAlias|crossAccount)
	if err != nil {
		return nil, err
	}
	alg := deref(in.KeyAgreementAlgorithm)
	a := &access{action: "kms:DeriveSharedSecret", alias: alias, grantTokens: in.GrantTokens, algorithm: alg,
		conditions: sharedConditions.of(condKeyAgreementAlgorithm, alg, "", "")}
	if key, err = s.usable(ctx, req, key, a, kmsapi.KeyUsageTypeKeyAgreement, checkAgreement, in.DryRun); err != nil {
		return nil, err
	}
	pair, err := key.pair()
	if err != nil {
		return nil, err
	}
	secret, err := pair.DeriveSharedSecret(in.PublicKey)
	if errors.Is(err, keyring.ErrPeerKey) {
		return nil, peerKeyInvalid(key.rec.spec())
	}
	if err != nil {
		return nil, err
	}
	return &kmsapi.DeriveSharedSecretOutput{KeyId: &key.arn, SharedSecret: secret, KeyAgreementAlgorithm: &alg,
		KeyOrigin: new(key.rec.origin())}, nil
}

// checkAgreement is the keyCheck of DeriveSharedSecret.
func checkAgreement(key *keyEntry, a access) error {
	if !slices.Contains(key.spec.agreement, a.algorithm) {
		return algorithmIncompatible(a.algorithm, key.rec.spec())
	}
	return nil
}
