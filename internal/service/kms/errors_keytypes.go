package kms

import (
	"strconv"

	"github.com/amityhq/amity/internal/api/kmsapi"
)

// AWS's texts for the errors of key specs, key usages and algorithms
// (asymmetric and HMAC keys), where known; UNVERIFIED marks the others.

// keyUsageRequired: CreateKey of a key spec other than SYMMETRIC_DEFAULT
// without KeyUsage [LocalStack's provider; UNVERIFIED on AWS].
func keyUsageRequired() error {
	return validation("You must specify a KeyUsage value for all KMS keys except for symmetric encryption keys.")
}

// keyUsageIncompatible: CreateKey with a KeyUsage its KeySpec does not
// allow [local-kms and moto; UNVERIFIED on AWS].
func keyUsageIncompatible(usage, spec string) error {
	return validation("KeyUsage " + usage + " is not compatible with KeySpec " + spec)
}

// customKeyStoreNotFound: a CustomKeyStoreId naming no custom key store;
// amity has none. UNVERIFIED: the model's code, without AWS's text.
func customKeyStoreNotFound() error { return kmsapi.CustomKeyStoreNotFoundException("") }

// customKeyStoreRequired: Origin AWS_CLOUDHSM or EXTERNAL_KEY_STORE (or an
// XksKeyId) without a custom key store. UNVERIFIED text.
func customKeyStoreRequired(origin string) error {
	return validation("Origin " + origin + " requires a CustomKeyStoreId.")
}

// invalidKeyUsage: an operation the key's usage does not allow
// [AWS_TEXTS.md §3g; jwt-kms#4: "… key usage is SIGN_VERIFY which is not
// valid for Encrypt."].
func invalidKeyUsage(arn, usage, operation string) error {
	return kmsapi.InvalidKeyUsageException(arn + " key usage is " + usage + " which is not valid for " + operation + ".")
}

// algorithmIncompatible: an algorithm the key's spec does not perform.
// UNVERIFIED text [LocalStack's provider's wording].
func algorithmIncompatible(alg, spec string) error {
	return kmsapi.InvalidKeyUsageException("Algorithm " + alg + " is incompatible with key spec " + spec + ".")
}

// notSymmetric: an operation of symmetric encryption keys alone
// (GenerateDataKey*) on an RSA key, whose usage is ENCRYPT_DECRYPT all the
// same. UNVERIFIED text.
func notSymmetric(arn, spec, operation string) error {
	return kmsapi.InvalidKeyUsageException(arn + " key spec is " + spec + " which is not valid for " + operation + ".")
}

// contextNotSupported: an encryption context with an asymmetric key,
// which KMS does not bind to RSA ciphertexts. UNVERIFIED text and code.
func contextNotSupported() error {
	return validation("EncryptionContext is not supported with asymmetric KMS keys.")
}

// plaintextTooLarge: a plaintext over the RSA limit of the key spec and
// algorithm (KMS's table: RSA_2048 with RSAES_OAEP_SHA_256, 190 bytes).
// UNVERIFIED text, in the Coral form of the 4096-byte limit.
func plaintextTooLarge(max int) error {
	return validation("1 validation error detected: Value at 'plaintext' failed to satisfy constraint: Member must have length less than or equal to " + strconv.Itoa(max))
}

// recipientRefused: the Recipient parameter, whose attestation document
// only a Nitro enclave or NitroTPM can produce and none amity serves
// verifies. UNVERIFIED text.
func recipientRefused() error {
	return validation("The attestation document in the Recipient parameter is not valid.")
}

// noPublicKey: GetPublicKey of a symmetric or HMAC key. UNVERIFIED text;
// the code is among the model's GetPublicKey errors.
func noPublicKey(arn, spec string) error {
	return kmsapi.UnsupportedOperationException(arn + " key spec is " + spec + " which is not valid for GetPublicKey.")
}

// invalidSignature: Verify of a signature that does not verify. AWS
// answers the code without a message [LocalStack's snapshot recorded on
// AWS: KMSInvalidSignatureException with no message; UNVERIFIED today].
func invalidSignature() error { return kmsapi.KMSInvalidSignatureException("") }

// invalidMac: VerifyMac of a MAC that does not match; no message, as
// InvalidSignature [UNVERIFIED].
func invalidMac() error { return kmsapi.KMSInvalidMacException("") }

// digestLength: MessageType DIGEST with a message that is not a digest of
// the algorithm's hash. UNVERIFIED text [LocalStack's provider].
func digestLength(alg string) error {
	return validation("Digest is invalid length for algorithm " + alg + ".")
}

// rawMessageOnly: MessageType DIGEST with ED25519_SHA_512, which signs
// messages only, or with ML_DSA_SHAKE_256, which signs messages and μ
// [KMS API reference, Sign: "EXTERNAL_MU" for ML-DSA, DIGEST not among
// its message types]. UNVERIFIED texts.
func rawMessageOnly(alg string) error {
	if alg == kmsapi.SigningAlgorithmSpecMlDsaShake256 {
		return validation("The signing algorithm " + alg + " requires MessageType RAW or EXTERNAL_MU.")
	}
	return validation("The signing algorithm " + alg + " requires MessageType RAW.")
}

// externalMuRefused: MessageType EXTERNAL_MU with an algorithm other than
// ML-DSA's, the one that signs a μ. UNVERIFIED text and code.
func externalMuRefused(alg string) error {
	return validation("MessageType EXTERNAL_MU is not valid for the signing algorithm " + alg + ".")
}

// muLength: MessageType EXTERNAL_MU with a message that is not 64 bytes
// [KMS API reference, Sign: "When the value of MessageType is EXTERNAL_MU
// the length of the Message value must be 64 bytes."]. UNVERIFIED text,
// in the words of digestLength's.
func muLength() error {
	return validation("Digest is invalid length for MessageType EXTERNAL_MU; it must be 64 bytes.")
}

// peerKeyInvalid: DeriveSharedSecret with a public key that is not on the
// key's curve. UNVERIFIED text.
func peerKeyInvalid(spec string) error {
	return validation("The public key must be a DER-encoded X.509 public key on the curve of key spec " + spec + ".")
}
