package kms

import "github.com/amityhq/amity/internal/api/kmsapi"

// The errors of imported key material.

// pendingImport: a key of Origin EXTERNAL without usable key material
// [AWS_TEXTS.md §3g: "KEY-ARN is pending import."].
func pendingImport(arn string) error {
	return kmsapi.KMSInvalidStateException(arn + " is pending import.")
}

// notExternal: an import operation on a key whose material KMS made.
// UNVERIFIED text; the code is the model's.
func notExternal(arn, operation string) error {
	return kmsapi.UnsupportedOperationException(arn + " origin is AWS_KMS which is not valid for " + operation + ".")
}

// wrappingDeprecated: RSAES_PKCS1_V1_5, which KMS has refused since
// October 10, 2023 [KMS API reference, GetParametersForImport].
// UNVERIFIED text and code.
func wrappingDeprecated() error {
	return validation("The RSAES_PKCS1_V1_5 wrapping algorithm is not supported.")
}

// wrappingNeedsAES: a wrapping algorithm that cannot wrap the key's
// material (an RSA private key, or a P-521 one under RSA_2048) [KMS API
// reference, GetParametersForImport]. UNVERIFIED text and code.
func wrappingNeedsAES(alg, spec string) error {
	return validation("The wrapping algorithm " + alg + " cannot wrap key material of key spec " + spec + "; use an RSA_AES wrapping algorithm.")
}

// invalidImportToken, expiredImportToken, incorrectKeyMaterial: the
// model's codes; UNVERIFIED texts, left empty.
func invalidImportToken() error   { return kmsapi.InvalidImportTokenException("") }
func expiredImportToken() error   { return kmsapi.ExpiredImportTokenException("") }
func incorrectKeyMaterial() error { return kmsapi.IncorrectKeyMaterialException("") }

// symmetricImportOnly: ImportType, KeyMaterialId or KeyMaterialDescription
// with a key that is not a symmetric encryption key ("only usable with
// symmetric encryption keys" [KMS API reference]). UNVERIFIED text.
func symmetricImportOnly() error {
	return validation("ImportType, KeyMaterialId and KeyMaterialDescription are only valid for symmetric encryption KMS keys.")
}

// keyMaterialIDWithNew: a KeyMaterialId with ImportType NEW_KEY_MATERIAL
// [KMS API reference]. UNVERIFIED text.
func keyMaterialIDWithNew() error {
	return validation("KeyMaterialId cannot be specified with ImportType NEW_KEY_MATERIAL.")
}

// validToRequired, validToNotAllowed, validToOutOfRange: ImportKeyMaterial's
// rules for ValidTo [KMS API reference]. UNVERIFIED texts.
func validToRequired() error {
	return validation("ValidTo is required when ExpirationModel is KEY_MATERIAL_EXPIRES.")
}

func validToNotAllowed() error {
	return validation("ValidTo is not valid when ExpirationModel is KEY_MATERIAL_DOES_NOT_EXPIRE.")
}

func validToOutOfRange() error {
	return validation("ValidTo must be in the future and at most 365 days from now.")
}

// keyMaterialNotFound: DeleteImportedKeyMaterial of a KeyMaterialId the
// key does not have. UNVERIFIED text and code.
func keyMaterialNotFound(id string) error {
	return kmsapi.NotFoundException("Key material " + id + " does not exist")
}

// noPendingMaterial: RotateKeyOnDemand of a key of Origin EXTERNAL with no
// material imported for the rotation. UNVERIFIED text and code.
func noPendingMaterial(arn string) error {
	return kmsapi.UnsupportedOperationException(arn + " has no imported key material pending rotation.")
}
