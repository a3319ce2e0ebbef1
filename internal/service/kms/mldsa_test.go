package kms_test

import (
	"bytes"
	"crypto/sha3"
	"crypto/x509/pkix"
	"encoding/asn1"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awskms "github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/kms/types"
	circlsign "github.com/cloudflare/circl/sign"
	"github.com/cloudflare/circl/sign/mldsa/mldsa44"
	"github.com/cloudflare/circl/sign/mldsa/mldsa65"
	"github.com/cloudflare/circl/sign/mldsa/mldsa87"
)

// ML-DSA keys are checked against CIRCL, an implementation independent of
// amity's: it reads the public key GetPublicKey returns and verifies what
// Sign made (OpenSSL 3.0, on which the other specs are checked, has no
// ML-DSA).

var mldsaCases = []struct {
	spec   types.KeySpec
	oid    asn1.ObjectIdentifier
	scheme circlsign.Scheme
}{
	{types.KeySpecMlDsa44, asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 3, 17}, mldsa44.Scheme()},
	{types.KeySpecMlDsa65, asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 3, 18}, mldsa65.Scheme()},
	{types.KeySpecMlDsa87, asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 3, 19}, mldsa87.Scheme()},
}

const mldsaAlg = types.SigningAlgorithmSpecMlDsaShake256

// externalMu is μ as a caller computes it for MessageType EXTERNAL_MU
// [FIPS 204 §6.2; KMS Developer Guide, "ML-DSA key specs"]: pure ML-DSA
// with an empty context, μ = SHAKE256(SHAKE256(pk, 64) ‖ 0 ‖ 0 ‖ M, 64).
func externalMu(rawPublicKey, msg []byte) []byte {
	tr := sha3.SumSHAKE256(rawPublicKey, 64)
	return sha3.SumSHAKE256(append(append(tr, 0, 0), msg...), 64)
}

// mldsaPublicKey reads GetPublicKey's SubjectPublicKeyInfo as RFC 9881
// writes it: the parameter set's OID, no parameters, the raw key.
func mldsaPublicKey(t *testing.T, spki []byte, oid asn1.ObjectIdentifier, scheme circlsign.Scheme) (raw []byte, pub circlsign.PublicKey) {
	t.Helper()
	var info struct {
		Algorithm pkix.AlgorithmIdentifier
		PublicKey asn1.BitString
	}
	if rest, err := asn1.Unmarshal(spki, &info); err != nil || len(rest) > 0 {
		t.Fatalf("SubjectPublicKeyInfo: %v", err)
	}
	if !info.Algorithm.Algorithm.Equal(oid) || len(info.Algorithm.Parameters.FullBytes) != 0 {
		t.Fatalf("algorithm %v with parameters %x, want %v without", info.Algorithm.Algorithm, info.Algorithm.Parameters.FullBytes, oid)
	}
	raw = info.PublicKey.Bytes
	if len(raw) != scheme.PublicKeySize() || info.PublicKey.BitLength != 8*len(raw) {
		t.Fatalf("public key of %d bytes, want %d", len(raw), scheme.PublicKeySize())
	}
	pub, err := scheme.UnmarshalBinaryPublicKey(raw)
	if err != nil {
		t.Fatal(err)
	}
	return raw, pub
}

func TestMLDSASignAndVerify(t *testing.T) {
	e := newEnv(t)
	client := e.root(acctA, regionA)
	msg := []byte("amity signs this message with ML-DSA")
	long := bytes.Repeat([]byte("a message longer than Sign takes "), 1000) // signed through μ alone
	for _, tc := range mldsaCases {
		t.Run(string(tc.spec), func(t *testing.T) {
			m := createKey(t, client, &awskms.CreateKeyInput{KeySpec: tc.spec, KeyUsage: types.KeyUsageTypeSignVerify})
			d, err := client.DescribeKey(ctx(), &awskms.DescribeKeyInput{KeyId: m.KeyId})
			if err != nil {
				t.Fatal(err)
			}
			for _, md := range []*types.KeyMetadata{m, d.KeyMetadata} {
				if md.KeySpec != tc.spec || md.KeyUsage != types.KeyUsageTypeSignVerify || !equalStrings(md.SigningAlgorithms, []types.SigningAlgorithmSpec{mldsaAlg}) ||
					len(md.EncryptionAlgorithms) != 0 || len(md.KeyAgreementAlgorithms) != 0 {
					t.Fatalf("KeyMetadata = %+v", md)
				}
			}
			pub, err := client.GetPublicKey(ctx(), &awskms.GetPublicKeyInput{KeyId: m.KeyId})
			if err != nil || pub.KeySpec != tc.spec || pub.KeyUsage != types.KeyUsageTypeSignVerify ||
				!equalStrings(pub.SigningAlgorithms, []types.SigningAlgorithmSpec{mldsaAlg}) {
				t.Fatalf("GetPublicKey = %+v, %v", pub, err)
			}
			raw, circlKey := mldsaPublicKey(t, pub.PublicKey, tc.oid, tc.scheme)
			mu := externalMu(raw, msg)

			// RAW: KMS and CIRCL verify it as the message's, and KMS as μ's.
			sig := sign(t, client, m.KeyId, mldsaAlg, types.MessageTypeRaw, msg)
			if len(sig) != tc.scheme.SignatureSize() || !tc.scheme.Verify(circlKey, msg, sig, nil) {
				t.Fatalf("CIRCL refuses the RAW signature (%d bytes)", len(sig))
			}
			verify(t, client, m.KeyId, mldsaAlg, types.MessageTypeRaw, msg, sig)
			verify(t, client, m.KeyId, mldsaAlg, types.MessageTypeExternalMu, mu, sig)

			// EXTERNAL_MU: the signature is the message's, both ways.
			muSig := sign(t, client, m.KeyId, mldsaAlg, types.MessageTypeExternalMu, mu)
			if !tc.scheme.Verify(circlKey, msg, muSig, nil) {
				t.Fatal("CIRCL refuses the EXTERNAL_MU signature as the message's")
			}
			verify(t, client, m.KeyId, mldsaAlg, types.MessageTypeExternalMu, mu, muSig)
			verify(t, client, m.KeyId, mldsaAlg, types.MessageTypeRaw, msg, muSig)

			// A message over Sign's 4096 bytes is signed through its μ.
			longSig := sign(t, client, m.KeyId, mldsaAlg, types.MessageTypeExternalMu, externalMu(raw, long))
			if !tc.scheme.Verify(circlKey, long, longSig, nil) {
				t.Fatal("CIRCL refuses the signature of the long message")
			}
			// Signing is hedged, as KMS's: two signatures of one message differ.
			if again := sign(t, client, m.KeyId, mldsaAlg, types.MessageTypeRaw, msg); bytes.Equal(again, sig) {
				t.Fatal("two signatures of one message are equal")
			}
			// So is a signature of the longest RAW message.
			max := bytes.Repeat([]byte{0x5a}, 4096)
			if !tc.scheme.Verify(circlKey, max, sign(t, client, m.KeyId, mldsaAlg, types.MessageTypeRaw, max), nil) {
				t.Fatal("CIRCL refuses the signature of a 4096-byte message")
			}

			bad := bytes.Clone(sig)
			bad[len(bad)/2] ^= 1
			for _, in := range []*awskms.VerifyInput{
				{Message: msg, Signature: bad},
				{Message: []byte("another message"), Signature: sig},
				{Message: mu, MessageType: types.MessageTypeExternalMu, Signature: bad},
				{Message: msg, Signature: sig[:len(sig)-1]},
			} {
				in.KeyId, in.SigningAlgorithm = m.KeyId, mldsaAlg
				_, err := client.Verify(ctx(), in)
				wantError(t, err, "KMSInvalidSignatureException", "")
			}
		})
	}
}

func TestMLDSAErrors(t *testing.T) {
	e := newEnv(t)
	client := e.root(acctA, regionA)
	key := createKey(t, client, &awskms.CreateKeyInput{KeySpec: types.KeySpecMlDsa44, KeyUsage: types.KeyUsageTypeSignVerify})
	ec := createKey(t, client, &awskms.CreateKeyInput{KeySpec: types.KeySpecEccNistP256, KeyUsage: types.KeyUsageTypeSignVerify})
	signWith := func(k *string, alg types.SigningAlgorithmSpec, mt types.MessageType, msg []byte) func() error {
		return func() error {
			_, err := client.Sign(ctx(), &awskms.SignInput{KeyId: k, SigningAlgorithm: alg, MessageType: mt, Message: msg})
			return err
		}
	}
	tests := []struct {
		name, code, message string
		call                func() error
	}{
		{"DIGEST", "ValidationException", "The signing algorithm ML_DSA_SHAKE_256 requires MessageType RAW or EXTERNAL_MU.",
			signWith(key.KeyId, mldsaAlg, types.MessageTypeDigest, make([]byte, 64))},
		{"63-byte μ", "ValidationException", "Digest is invalid length for MessageType EXTERNAL_MU; it must be 64 bytes.",
			signWith(key.KeyId, mldsaAlg, types.MessageTypeExternalMu, make([]byte, 63))},
		{"65-byte μ", "ValidationException", "-", signWith(key.KeyId, mldsaAlg, types.MessageTypeExternalMu, make([]byte, 65))},
		{"message over 4096 bytes", "ValidationException", "-", signWith(key.KeyId, mldsaAlg, types.MessageTypeRaw, make([]byte, 4097))},
		{"EXTERNAL_MU with ECDSA", "ValidationException", "MessageType EXTERNAL_MU is not valid for the signing algorithm ECDSA_SHA_256.",
			signWith(ec.KeyId, "ECDSA_SHA_256", types.MessageTypeExternalMu, make([]byte, 64))},
		{"ECDSA with an ML-DSA key", "InvalidKeyUsageException", "Algorithm ECDSA_SHA_256 is incompatible with key spec ML_DSA_44.",
			signWith(key.KeyId, "ECDSA_SHA_256", types.MessageTypeRaw, []byte("m"))},
		{"ML-DSA with an ECC key", "InvalidKeyUsageException", "Algorithm ML_DSA_SHAKE_256 is incompatible with key spec ECC_NIST_P256.",
			signWith(ec.KeyId, mldsaAlg, types.MessageTypeRaw, []byte("m"))},
		{"KeyUsage ENCRYPT_DECRYPT", "ValidationException", "KeyUsage ENCRYPT_DECRYPT is not compatible with KeySpec ML_DSA_65", func() error {
			_, err := client.CreateKey(ctx(), &awskms.CreateKeyInput{KeySpec: types.KeySpecMlDsa65, KeyUsage: types.KeyUsageTypeEncryptDecrypt})
			return err
		}},
		{"KeyUsage missing", "ValidationException", "You must specify a KeyUsage value for all KMS keys except for symmetric encryption keys.", func() error {
			_, err := client.CreateKey(ctx(), &awskms.CreateKeyInput{KeySpec: types.KeySpecMlDsa87})
			return err
		}},
		{"no ML-DSA data key pairs", "ValidationException", "-", func() error {
			sym := createKey(t, client, nil)
			_, err := client.GenerateDataKeyPair(ctx(), &awskms.GenerateDataKeyPairInput{KeyId: sym.KeyId, KeyPairSpec: "ML_DSA_44"})
			return err
		}},
		{"DeriveSharedSecret", "InvalidKeyUsageException", aws.ToString(key.Arn) + " key usage is SIGN_VERIFY which is not valid for DeriveSharedSecret.", func() error {
			_, err := client.DeriveSharedSecret(ctx(), &awskms.DeriveSharedSecretInput{KeyId: key.KeyId, KeyAgreementAlgorithm: "ECDH", PublicKey: []byte{1}})
			return err
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { wantError(t, tt.call(), tt.code, tt.message) })
	}
}

// TestMLDSAMessageTypeCondition: kms:MessageType tells EXTERNAL_MU from
// RAW, so a key policy can allow signatures of messages and refuse μ.
func TestMLDSAMessageTypeCondition(t *testing.T) {
	e := newEnv(t)
	root := e.root(acctA, regionA)
	key := createKey(t, root, &awskms.CreateKeyInput{KeySpec: types.KeySpecMlDsa65, KeyUsage: types.KeyUsageTypeSignVerify,
		Policy: aws.String(keyPolicy(rootStatement(acctA),
			`{"Effect":"Allow","Principal":{"AWS":"`+userARN(acctA, "signer")+`"},"Action":"kms:Sign","Resource":"*","Condition":{"StringEquals":{"kms:MessageType":"RAW"}}}`))})
	signer, _ := e.user(acctA, regionA, "signer")
	if _, err := signer.Sign(ctx(), &awskms.SignInput{KeyId: key.KeyId, SigningAlgorithm: mldsaAlg, Message: []byte("m")}); err != nil {
		t.Fatalf("RAW: %v", err)
	}
	_, err := signer.Sign(ctx(), &awskms.SignInput{KeyId: key.KeyId, SigningAlgorithm: mldsaAlg, MessageType: types.MessageTypeExternalMu, Message: make([]byte, 64)})
	wantError(t, err, "AccessDeniedException", "-")
}

// TestMLDSAImportedKeyMaterial imports an ML-DSA-65 seed as PKCS#8 in
// RFC 9881's seed form: the key's public key is the one CIRCL derives
// from the seed, and its signatures verify with it. Whether AWS imports
// ML-DSA material, and in which forms, is UNVERIFIED: amity takes the
// PKCS#8 forms that hold a seed (seed, both).
func TestMLDSAImportedKeyMaterial(t *testing.T) {
	e := newEnv(t)
	client := e.root(acctA, regionA)
	tc := mldsaCases[1]
	m := createKey(t, client, &awskms.CreateKeyInput{Origin: types.OriginTypeExternal, KeySpec: tc.spec, KeyUsage: types.KeyUsageTypeSignVerify})
	seed := bytes.Repeat([]byte{0x42}, 32)
	inner, _ := asn1.Marshal(asn1.RawValue{Class: asn1.ClassContextSpecific, Tag: 0, Bytes: seed})
	material, err := asn1.Marshal(struct {
		Version    int
		Algorithm  pkix.AlgorithmIdentifier
		PrivateKey []byte
	}{Algorithm: pkix.AlgorithmIdentifier{Algorithm: tc.oid}, PrivateKey: inner})
	if err != nil {
		t.Fatal(err)
	}
	dir := writeFiles(t, map[string][]byte{"material": material})
	if _, err := importMaterial(t, client, m.KeyId, dir, types.AlgorithmSpecRsaesOaepSha256, &awskms.ImportKeyMaterialInput{}); err != nil {
		t.Fatal(err)
	}
	pub, err := client.GetPublicKey(ctx(), &awskms.GetPublicKeyInput{KeyId: m.KeyId})
	if err != nil {
		t.Fatal(err)
	}
	raw, circlKey := mldsaPublicKey(t, pub.PublicKey, tc.oid, tc.scheme)
	derived, _ := tc.scheme.DeriveKey(seed)
	if want, _ := derived.MarshalBinary(); !bytes.Equal(raw, want) {
		t.Fatal("the imported key's public key is not the seed's")
	}
	msg := []byte("signed by imported material")
	if !tc.scheme.Verify(circlKey, msg, sign(t, client, m.KeyId, mldsaAlg, types.MessageTypeRaw, msg), nil) {
		t.Fatal("CIRCL refuses the imported key's signature")
	}
}
