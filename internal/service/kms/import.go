package kms

import (
	"context"
	"io"
	"strings"
	"time"

	"github.com/amityhq/amity/internal/api/kmsapi"
	"github.com/amityhq/amity/internal/authz"
	"github.com/amityhq/amity/internal/service/kms/keyring"
)

// GetParametersForImport makes an RSA wrapping key pair and an import
// token, valid 24 hours, for importing key material into a key of Origin
// EXTERNAL: kms:GetParametersForImport with kms:WrappingAlgorithm and
// kms:WrappingKeySpec.
func (s *Service) GetParametersForImport(ctx context.Context, in *kmsapi.GetParametersForImportInput) (*kmsapi.GetParametersForImportOutput, error) {
	req := authz.FromContext(ctx)
	alg, spec := deref(in.WrappingAlgorithm), deref(in.WrappingKeySpec)
	key, err := s.importKey(ctx, req, deref(in.KeyId), "kms:GetParametersForImport",
		map[string][]string{condWrappingAlgorithm: {alg}, condWrappingKeySpec: {spec}})
	if err != nil {
		return nil, err
	}
	if err := checkWrapping(key.rec.spec(), alg, spec); err != nil {
		return nil, err
	}
	der, err := keyring.GeneratePair(s.rand, spec)
	if err != nil {
		return nil, err
	}
	defer clear(der)
	pair, err := keyring.ParsePair(spec, der)
	if err != nil {
		return nil, err
	}
	p := importParameters{Token: make([]byte, 33), Spec: spec, Algorithm: alg, ValidTo: s.now().UTC().Add(importParametersLifetime),
		WrappingKey: keyring.SealMaterial(s.sealer, key.rec.ref(), wrappingKeyVersion, der)}
	p.Token[0] = 1 // the form of amity's import tokens
	if _, err := io.ReadFull(s.rand, p.Token[1:]); err != nil {
		return nil, err
	}
	now := s.now()
	err = s.modifyKey(ctx, key.rec.ref(), func(rec *keyRecord) error {
		im := rec.Imported
		kept := im.Parameters[:0]
		for _, q := range im.Parameters {
			if now.Before(q.ValidTo) {
				kept = append(kept, q)
			}
		}
		im.Parameters = append(kept, p)
		if n := len(im.Parameters); n > maxImportParameters {
			im.Parameters = im.Parameters[n-maxImportParameters:]
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &kmsapi.GetParametersForImportOutput{KeyId: &key.arn, ImportToken: p.Token, PublicKey: pair.PublicKey(), ParametersValidTo: &p.ValidTo}, nil
}

// checkWrapping applies KMS's rules to a wrapping algorithm and key spec
// for material of keySpec [KMS API reference, GetParametersForImport].
func checkWrapping(keySpec, alg, spec string) error {
	switch {
	case alg == kmsapi.AlgorithmSpecRsaesPkcs1V15:
		return wrappingDeprecated()
	case !keyring.IsWrappingAlgorithm(alg) || !strings.HasPrefix(spec, "RSA_"):
		return notImplemented("importing key material wrapped with " + alg + " under a " + spec + " key")
	case strings.HasPrefix(keySpec, "RSA_") && !keyring.WrapsWithAES(alg):
		return wrappingNeedsAES(alg, keySpec)
	case keySpec == kmsapi.KeySpecEccNistP521 && spec == kmsapi.WrappingKeySpecRsa2048 && !keyring.WrapsWithAES(alg):
		return wrappingNeedsAES(alg, keySpec)
	}
	return nil
}

// ImportKeyMaterial imports key material wrapped under the public key of
// a GetParametersForImport answer: new material (the first, or for a
// symmetric key material for its next on-demand rotation), or material
// the key had before (after deletion or expiry), with its expiration.
func (s *Service) ImportKeyMaterial(ctx context.Context, in *kmsapi.ImportKeyMaterialInput) (*kmsapi.ImportKeyMaterialOutput, error) {
	req := authz.FromContext(ctx)
	model := or(deref(in.ExpirationModel), kmsapi.ExpirationModelTypeKeyMaterialExpires)
	version, err := s.expiry(model, in.ValidTo)
	if err != nil {
		return nil, err
	}
	version.Description = deref(in.KeyMaterialDescription)
	key, err := s.importKey(ctx, req, deref(in.KeyId), "kms:ImportKeyMaterial", map[string][]string{condExpirationModel: {model}})
	if err != nil {
		return nil, err
	}
	if key.kind != symmetricKey && (in.ImportType != nil || in.KeyMaterialId != nil || in.KeyMaterialDescription != nil) {
		return nil, symmetricImportOnly()
	}
	p, expired := key.rec.Imported.parameters(in.ImportToken, s.now())
	switch {
	case expired:
		return nil, expiredImportToken()
	case p == nil:
		return nil, invalidImportToken()
	}
	material, err := s.unwrap(key, p, in.EncryptedKeyMaterial)
	if err != nil {
		return nil, err
	}
	defer clear(material)
	version.ID = importedMaterialID(key.rec.Account, key.rec.ID, material)
	if in.KeyMaterialId != nil && *in.KeyMaterialId != version.ID {
		return nil, incorrectKeyMaterial()
	}
	err = s.modifyKey(ctx, key.rec.ref(), func(rec *keyRecord) error {
		return s.placeMaterial(rec, material, version, deref(in.ImportType), in.KeyMaterialId != nil, in.KeyMaterialDescription != nil)
	})
	if err != nil {
		return nil, err
	}
	return &kmsapi.ImportKeyMaterialOutput{KeyId: &key.arn, KeyMaterialId: &version.ID}, nil
}

// expiry reads ImportKeyMaterial's ExpirationModel and ValidTo: a date in
// the next 365 days exactly when the material expires.
func (s *Service) expiry(model string, validTo *time.Time) (importedVersion, error) {
	now := s.now()
	switch {
	case model == kmsapi.ExpirationModelTypeKeyMaterialDoesNotExpire && validTo != nil:
		return importedVersion{}, validToNotAllowed()
	case model == kmsapi.ExpirationModelTypeKeyMaterialDoesNotExpire:
		return importedVersion{}, nil
	case validTo == nil:
		return importedVersion{}, validToRequired()
	case !validTo.After(now) || validTo.After(now.Add(365*day)):
		return importedVersion{}, validToOutOfRange()
	}
	return importedVersion{Expires: true, ValidTo: validTo.UTC()}, nil
}

// unwrap opens the import's wrapping key and unwraps material with it,
// checking that it is material of the key's spec.
func (s *Service) unwrap(key *keyEntry, p *importParameters, wrapped []byte) ([]byte, error) {
	wrapping, err := keyring.OpenPair(s.sealer, key.rec.ref(), p.Spec, p.WrappingKey, wrappingKeyVersion)
	if err != nil {
		return nil, err
	}
	material, err := wrapping.Unwrap(p.Algorithm, wrapped)
	if err != nil {
		return nil, invalidCiphertext("the key material does not unwrap under the import's wrapping key with " + p.Algorithm)
	}
	var bad error
	switch key.kind {
	case symmetricKey:
		if len(material) != keyring.SymmetricMaterialSize {
			bad = keyring.ErrMaterialLength
		}
	case macKey:
		_, bad = keyring.ParseMAC(key.rec.spec(), material)
	case pairKey:
		_, bad = keyring.ParsePair(key.rec.spec(), material)
	}
	if bad != nil {
		clear(material)
		return nil, incorrectKeyMaterial()
	}
	return material, nil
}

// placeMaterial puts imported material into rec: as its first version,
// back into the version it was (EXISTING_KEY_MATERIAL), or as the pending
// material of the next rotation (NEW_KEY_MATERIAL once a key has
// material).
func (s *Service) placeMaterial(rec *keyRecord, material []byte, version importedVersion, importType string, idGiven, describes bool) error {
	im := rec.Imported
	if importType == "" {
		importType = kmsapi.ImportTypeExistingKeyMaterial
		if len(im.Versions) == 0 {
			importType = kmsapi.ImportTypeNewKeyMaterial
		}
	}
	switch v := im.versionOf(version.ID); {
	case importType == kmsapi.ImportTypeNewKeyMaterial && idGiven:
		return keyMaterialIDWithNew()
	case importType == kmsapi.ImportTypeNewKeyMaterial && v != 0:
		return incorrectKeyMaterial() // associated with the key already
	case importType == kmsapi.ImportTypeNewKeyMaterial && len(im.Versions) == 0:
		rec.Material = append(rec.Material, keyring.SealMaterial(s.sealer, rec.ref(), 1, material))
		im.Versions = append(im.Versions, version)
	case importType == kmsapi.ImportTypeNewKeyMaterial:
		next := uint32(len(rec.Material) + 1)
		im.Pending = &pendingMaterial{Sealed: keyring.SealMaterial(s.sealer, rec.ref(), next, material), Version: version}
	case im.Pending != nil && im.Pending.Version.ID == version.ID:
		im.Pending.Version = version
	case v == 0:
		return incorrectKeyMaterial()
	default:
		if !describes {
			version.Description = im.Versions[v-1].Description
		}
		rec.Material[v-1] = keyring.SealMaterial(s.sealer, rec.ref(), v, material)
		im.Versions[v-1] = version
	}
	return nil
}

// DeleteImportedKeyMaterial deletes imported key material — the current
// material, or the version (or pending material) KeyMaterialId names — so
// that the key is unusable until the same material is imported again.
func (s *Service) DeleteImportedKeyMaterial(ctx context.Context, in *kmsapi.DeleteImportedKeyMaterialInput) (*kmsapi.DeleteImportedKeyMaterialOutput, error) {
	req := authz.FromContext(ctx)
	key, err := s.importKey(ctx, req, deref(in.KeyId), "kms:DeleteImportedKeyMaterial", nil)
	if err != nil {
		return nil, err
	}
	var deleted string
	err = s.modifyKey(ctx, key.rec.ref(), func(rec *keyRecord) error {
		im := rec.Imported
		if in.KeyMaterialId != nil && im.Pending != nil && im.Pending.Version.ID == *in.KeyMaterialId {
			deleted, im.Pending = im.Pending.Version.ID, nil
			return nil
		}
		v := uint32(len(rec.Material))
		if in.KeyMaterialId != nil {
			v = im.versionOf(*in.KeyMaterialId)
		}
		switch {
		case v == 0 && in.KeyMaterialId == nil:
			return pendingImport(rec.ref().ARN()) // nothing was ever imported
		case v == 0:
			return keyMaterialNotFound(*in.KeyMaterialId)
		}
		rec.Material[v-1] = nil
		deleted = im.Versions[v-1].ID
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &kmsapi.DeleteImportedKeyMaterialOutput{KeyId: &key.arn, KeyMaterialId: &deleted}, nil
}

// importKey resolves and authorizes the key of an import operation: a
// key of the caller's account and Origin EXTERNAL, not pending deletion.
func (s *Service) importKey(ctx context.Context, req *authz.Request, id, action string, conditions map[string][]string) (*keyEntry, error) {
	key, _, err := s.resolve(ctx, req, id, 0)
	if err != nil {
		return nil, err
	}
	if _, err := s.authorizeKey(ctx, req, key, &access{action: action, conditions: conditions}); err != nil {
		return nil, err
	}
	if key.rec.Imported == nil {
		return nil, notExternal(key.arn, operationOf(action))
	}
	return key, checkState(key.rec, s.now, notPendingDeletion)
}

// rotateImported makes a key's pending imported material its current
// version: the on-demand rotation of a key of Origin EXTERNAL.
func rotateImported(rec *keyRecord) error {
	im := rec.Imported
	if im.Pending == nil {
		return noPendingMaterial(rec.ref().ARN())
	}
	if rec.MultiRegion != nil {
		return notImplemented("on-demand rotation of multi-Region keys with imported key material")
	}
	rec.Material = append(rec.Material, im.Pending.Sealed)
	im.Versions = append(im.Versions, im.Pending.Version)
	im.Pending = nil
	return nil
}
