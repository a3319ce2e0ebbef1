package kms

import (
	"slices"

	"github.com/amityhq/amity/internal/api/kmsapi"
)

// keySpec is what KMS allows a key spec: its key usages and, for each, the
// algorithms a key of the spec performs [KMS Developer Guide, "Key spec
// reference": asymmetric-key-specs.md, hmac.md, and the API reference's
// KeySpec table].
type keySpec struct {
	usages     []string
	encryption []string // ENCRYPT_DECRYPT
	signing    []string // SIGN_VERIFY
	mac        []string // GENERATE_VERIFY_MAC
	agreement  []string // KEY_AGREEMENT
}

var (
	rsaEncryption = []string{kmsapi.EncryptionAlgorithmSpecRsaesOaepSha1, kmsapi.EncryptionAlgorithmSpecRsaesOaepSha256}
	rsaSigning    = []string{
		kmsapi.SigningAlgorithmSpecRsassaPssSha256, kmsapi.SigningAlgorithmSpecRsassaPssSha384, kmsapi.SigningAlgorithmSpecRsassaPssSha512,
		kmsapi.SigningAlgorithmSpecRsassaPkcs1V15Sha256, kmsapi.SigningAlgorithmSpecRsassaPkcs1V15Sha384, kmsapi.SigningAlgorithmSpecRsassaPkcs1V15Sha512,
	}
	ecdh = []string{kmsapi.KeyAgreementAlgorithmSpecEcdh}
)

func rsaSpec() *keySpec {
	return &keySpec{usages: []string{kmsapi.KeyUsageTypeEncryptDecrypt, kmsapi.KeyUsageTypeSignVerify},
		encryption: rsaEncryption, signing: rsaSigning}
}

func nistCurveSpec(alg string) *keySpec {
	return &keySpec{usages: []string{kmsapi.KeyUsageTypeSignVerify, kmsapi.KeyUsageTypeKeyAgreement},
		signing: []string{alg}, agreement: ecdh}
}

func hmacSpec(alg string) *keySpec {
	return &keySpec{usages: []string{kmsapi.KeyUsageTypeGenerateVerifyMac}, mac: []string{alg}}
}

func mldsaSpec() *keySpec {
	return &keySpec{usages: []string{kmsapi.KeyUsageTypeSignVerify},
		signing: []string{kmsapi.SigningAlgorithmSpecMlDsaShake256}}
}

// keySpecs are the key specs amity makes keys of. SM2 (China Regions
// only) is not among them: CreateKey answers NotImplemented. amity's
// cryptography is the standard library's, with two exceptions for what it
// lacks or keeps to itself: secp256k1 (decred's module) and ML-DSA, which
// Go has only inside crypto/internal/fips140, where no other package may
// import it — amity's own, written from FIPS 204, is keyring/mldsa.
var keySpecs = map[string]*keySpec{
	kmsapi.KeySpecSymmetricDefault: {usages: encryptDecrypt, encryption: symmetricAlgorithm},
	kmsapi.KeySpecRsa2048:          rsaSpec(),
	kmsapi.KeySpecRsa3072:          rsaSpec(),
	kmsapi.KeySpecRsa4096:          rsaSpec(),
	kmsapi.KeySpecEccNistP256:      nistCurveSpec(kmsapi.SigningAlgorithmSpecEcdsaSha256),
	kmsapi.KeySpecEccNistP384:      nistCurveSpec(kmsapi.SigningAlgorithmSpecEcdsaSha384),
	kmsapi.KeySpecEccNistP521:      nistCurveSpec(kmsapi.SigningAlgorithmSpecEcdsaSha512),
	kmsapi.KeySpecEccSecgP256k1: {usages: []string{kmsapi.KeyUsageTypeSignVerify},
		signing: []string{kmsapi.SigningAlgorithmSpecEcdsaSha256}},
	kmsapi.KeySpecEccNistEdwards25519: {usages: []string{kmsapi.KeyUsageTypeSignVerify},
		signing: []string{kmsapi.SigningAlgorithmSpecEd25519Sha512, kmsapi.SigningAlgorithmSpecEd25519PhSha512}},
	kmsapi.KeySpecMlDsa44: mldsaSpec(),
	kmsapi.KeySpecMlDsa65: mldsaSpec(),
	kmsapi.KeySpecMlDsa87: mldsaSpec(),
	kmsapi.KeySpecHmac224: hmacSpec(kmsapi.MacAlgorithmSpecHmacSha224),
	kmsapi.KeySpecHmac256: hmacSpec(kmsapi.MacAlgorithmSpecHmacSha256),
	kmsapi.KeySpecHmac384: hmacSpec(kmsapi.MacAlgorithmSpecHmacSha384),
	kmsapi.KeySpecHmac512: hmacSpec(kmsapi.MacAlgorithmSpecHmacSha512),
}

// algorithms returns the algorithms of a key of spec ks used for usage.
func (ks *keySpec) algorithms(usage string) []string {
	switch usage {
	case kmsapi.KeyUsageTypeEncryptDecrypt:
		return ks.encryption
	case kmsapi.KeyUsageTypeSignVerify:
		return ks.signing
	case kmsapi.KeyUsageTypeGenerateVerifyMac:
		return ks.mac
	case kmsapi.KeyUsageTypeKeyAgreement:
		return ks.agreement
	}
	return nil
}

// keyKind is how a key's material is held.
type keyKind uint8

const (
	symmetricKey keyKind = iota // a keyring.Ring of AES-256-GCM versions
	pairKey                     // a keyring.Pair
	macKey                      // a keyring.MAC
)

func kindOf(spec string) keyKind {
	switch {
	case spec == kmsapi.KeySpecSymmetricDefault:
		return symmetricKey
	case slices.Contains(keySpecs[spec].usages, kmsapi.KeyUsageTypeGenerateVerifyMac):
		return macKey
	}
	return pairKey
}

// newKeySpec reads CreateKey's KeySpec (or its older name
// CustomerMasterKeySpec) and KeyUsage, as KMS checks them.
func newKeySpec(in *kmsapi.CreateKeyInput) (spec, usage string, err error) {
	spec = deref(in.KeySpec)
	if spec == "" {
		spec = deref(in.CustomerMasterKeySpec)
	}
	if spec == "" {
		spec = kmsapi.KeySpecSymmetricDefault
	}
	ks, ok := keySpecs[spec]
	if !ok {
		return "", "", notImplemented("KMS keys with KeySpec " + spec)
	}
	usage = deref(in.KeyUsage)
	switch {
	case usage == "" && spec != kmsapi.KeySpecSymmetricDefault:
		return "", "", keyUsageRequired()
	case usage == "":
		usage = kmsapi.KeyUsageTypeEncryptDecrypt
	case !slices.Contains(ks.usages, usage):
		return "", "", keyUsageIncompatible(usage, spec)
	}
	return spec, usage, nil
}
