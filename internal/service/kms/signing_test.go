package kms_test

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rsa"
	"crypto/x509"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awskms "github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/kms/types"
)

// signingCases are every key spec that signs with each of its
// algorithms, as KMS's key spec reference lists them.
var signingCases = []struct {
	spec types.KeySpec
	algs []types.SigningAlgorithmSpec
}{
	{types.KeySpecRsa2048, rsaSigning},
	{types.KeySpecRsa3072, rsaSigning},
	{types.KeySpecRsa4096, rsaSigning},
	{types.KeySpecEccNistP256, []types.SigningAlgorithmSpec{"ECDSA_SHA_256"}},
	{types.KeySpecEccNistP384, []types.SigningAlgorithmSpec{"ECDSA_SHA_384"}},
	{types.KeySpecEccNistP521, []types.SigningAlgorithmSpec{"ECDSA_SHA_512"}},
	{types.KeySpecEccSecgP256k1, []types.SigningAlgorithmSpec{"ECDSA_SHA_256"}},
	{types.KeySpecEccNistEdwards25519, []types.SigningAlgorithmSpec{"ED25519_SHA_512", "ED25519_PH_SHA_512"}},
}

var rsaSigning = []types.SigningAlgorithmSpec{"RSASSA_PSS_SHA_256", "RSASSA_PSS_SHA_384", "RSASSA_PSS_SHA_512",
	"RSASSA_PKCS1_V1_5_SHA_256", "RSASSA_PKCS1_V1_5_SHA_384", "RSASSA_PKCS1_V1_5_SHA_512"}

var hashOf = map[string]crypto.Hash{"256": crypto.SHA256, "384": crypto.SHA384, "512": crypto.SHA512}

func algorithmHash(alg types.SigningAlgorithmSpec) crypto.Hash {
	return hashOf[string(alg)[len(alg)-3:]]
}

// TestSignAndVerifyEveryAlgorithm signs a message (RAW) and its digest
// (DIGEST) with every key spec and algorithm, verifies each signature
// with KMS's Verify, with Go's crypto and with OpenSSL, against the public
// key GetPublicKey returns.
func TestSignAndVerifyEveryAlgorithm(t *testing.T) {
	t.Parallel() // RSA key generation takes long: overlap it with other tests
	e := newEnv(t)
	client := e.root(acctA, regionA)
	msg := []byte("amity signs this message")
	for _, tc := range signingCases {
		m := createKey(t, client, &awskms.CreateKeyInput{KeySpec: tc.spec, KeyUsage: types.KeyUsageTypeSignVerify})
		if !equalStrings(m.SigningAlgorithms, tc.algs) {
			t.Errorf("%s: SigningAlgorithms = %v", tc.spec, m.SigningAlgorithms)
		}
		pub, err := client.GetPublicKey(ctx(), &awskms.GetPublicKeyInput{KeyId: m.KeyId})
		if err != nil || pub.KeySpec != tc.spec || pub.KeyUsage != types.KeyUsageTypeSignVerify {
			t.Fatalf("GetPublicKey = %+v, %v", pub, err)
		}
		for _, alg := range tc.algs {
			t.Run(string(tc.spec)+"/"+string(alg), func(t *testing.T) {
				h := algorithmHash(alg).New()
				h.Write(msg)
				digest := h.Sum(nil)
				raw := sign(t, client, m.KeyId, alg, types.MessageTypeRaw, msg)
				verify(t, client, m.KeyId, alg, types.MessageTypeRaw, msg, raw)
				verifyWithGo(t, pub.PublicKey, alg, msg, digest, raw)
				verifyWithOpenSSL(t, pub.PublicKey, alg, msg, raw)
				if alg == "ED25519_SHA_512" {
					return // signs messages only
				}
				sig := sign(t, client, m.KeyId, alg, types.MessageTypeDigest, digest)
				verify(t, client, m.KeyId, alg, types.MessageTypeRaw, msg, sig)
				verifyWithOpenSSL(t, pub.PublicKey, alg, msg, sig)
			})
		}
	}
}

func sign(t *testing.T, c *awskms.Client, key *string, alg types.SigningAlgorithmSpec, mt types.MessageType, msg []byte) []byte {
	t.Helper()
	out, err := c.Sign(ctx(), &awskms.SignInput{KeyId: key, SigningAlgorithm: alg, MessageType: mt, Message: msg})
	if err != nil || out.SigningAlgorithm != alg {
		t.Fatalf("Sign(%s, %s) = %v", alg, mt, err)
	}
	return out.Signature
}

func verify(t *testing.T, c *awskms.Client, key *string, alg types.SigningAlgorithmSpec, mt types.MessageType, msg, sig []byte) {
	t.Helper()
	out, err := c.Verify(ctx(), &awskms.VerifyInput{KeyId: key, SigningAlgorithm: alg, MessageType: mt, Message: msg, Signature: sig})
	if err != nil || !out.SignatureValid {
		t.Fatalf("Verify(%s, %s) = %+v, %v", alg, mt, out, err)
	}
}

// verifyWithGo checks a signature with crypto/rsa, crypto/ecdsa or
// crypto/ed25519 (which have no secp256k1: OpenSSL checks those).
func verifyWithGo(t *testing.T, spki []byte, alg types.SigningAlgorithmSpec, msg, digest, sig []byte) {
	t.Helper()
	pub, err := x509.ParsePKIXPublicKey(spki)
	if err != nil {
		if strings.Contains(err.Error(), "unsupported elliptic curve") {
			return
		}
		t.Fatal(err)
	}
	var ok bool
	switch k := pub.(type) {
	case *rsa.PublicKey:
		if strings.Contains(string(alg), "PSS") {
			ok = rsa.VerifyPSS(k, algorithmHash(alg), digest, sig, &rsa.PSSOptions{SaltLength: rsa.PSSSaltLengthEqualsHash}) == nil
		} else {
			ok = rsa.VerifyPKCS1v15(k, algorithmHash(alg), digest, sig) == nil
		}
	case *ecdsa.PublicKey:
		ok = ecdsa.VerifyASN1(k, digest, sig)
	case ed25519.PublicKey:
		opts := &ed25519.Options{}
		signed := msg
		if alg == "ED25519_PH_SHA_512" {
			opts.Hash, signed = crypto.SHA512, digest
		}
		ok = ed25519.VerifyWithOptions(k, signed, sig, opts) == nil
	}
	if !ok {
		t.Fatalf("Go's crypto rejects the %s signature", alg)
	}
}

// verifyWithOpenSSL checks a signature of msg with openssl (OpenSSL 3.0
// has no Ed25519ph: those are left to Go).
func verifyWithOpenSSL(t *testing.T, spki []byte, alg types.SigningAlgorithmSpec, msg, sig []byte) {
	t.Helper()
	dir := writeFiles(t, map[string][]byte{"pub.pem:PUBLIC KEY": spki, "msg": msg, "sig": sig})
	switch {
	case alg == "ED25519_PH_SHA_512":
	case alg == "ED25519_SHA_512":
		openssl(t, dir, "pkeyutl", "-verify", "-pubin", "-inkey", "pub.pem", "-rawin", "-in", "msg", "-sigfile", "sig")
	default:
		args := []string{"dgst", "-sha" + string(alg)[len(alg)-3:], "-verify", "pub.pem", "-signature", "sig"}
		if strings.Contains(string(alg), "PSS") {
			args = append(args, "-sigopt", "rsa_padding_mode:pss", "-sigopt", "rsa_pss_saltlen:digest")
		}
		openssl(t, dir, append(args, "msg")...)
	}
}

func equalStrings[S ~string](a []S, b []S) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestSigningErrors(t *testing.T) {
	e := newEnv(t)
	client := e.root(acctA, regionA)
	ec := createKey(t, client, &awskms.CreateKeyInput{KeySpec: types.KeySpecEccNistP256, KeyUsage: types.KeyUsageTypeSignVerify})
	sym := createKey(t, client, nil)
	arn := aws.ToString(ec.Arn)
	good := sign(t, client, ec.KeyId, "ECDSA_SHA_256", types.MessageTypeRaw, []byte("m"))
	tests := []struct {
		name, code, message string
		call                func() error
	}{
		{"algorithm of another spec", "InvalidKeyUsageException", "Algorithm ECDSA_SHA_384 is incompatible with key spec ECC_NIST_P256.", func() error {
			_, err := client.Sign(ctx(), &awskms.SignInput{KeyId: ec.KeyId, SigningAlgorithm: "ECDSA_SHA_384", Message: []byte("m")})
			return err
		}},
		{"digest of the wrong length", "ValidationException", "Digest is invalid length for algorithm ECDSA_SHA_256.", func() error {
			_, err := client.Sign(ctx(), &awskms.SignInput{KeyId: ec.KeyId, SigningAlgorithm: "ECDSA_SHA_256", MessageType: types.MessageTypeDigest, Message: []byte("m")})
			return err
		}},
		{"Encrypt with a signing key", "InvalidKeyUsageException", arn + " key usage is SIGN_VERIFY which is not valid for Encrypt.", func() error {
			_, err := client.Encrypt(ctx(), &awskms.EncryptInput{KeyId: ec.KeyId, Plaintext: []byte("m")})
			return err
		}},
		{"Sign with a symmetric key", "InvalidKeyUsageException", aws.ToString(sym.Arn) + " key usage is ENCRYPT_DECRYPT which is not valid for Sign.", func() error {
			_, err := client.Sign(ctx(), &awskms.SignInput{KeyId: sym.KeyId, SigningAlgorithm: "ECDSA_SHA_256", Message: []byte("m")})
			return err
		}},
		{"signature of another message", "KMSInvalidSignatureException", "", func() error {
			_, err := client.Verify(ctx(), &awskms.VerifyInput{KeyId: ec.KeyId, SigningAlgorithm: "ECDSA_SHA_256", Message: []byte("n"), Signature: good})
			return err
		}},
		{"GetPublicKey of a symmetric key", "UnsupportedOperationException", "-", func() error {
			_, err := client.GetPublicKey(ctx(), &awskms.GetPublicKeyInput{KeyId: sym.KeyId})
			return err
		}},
		{"dry run", "DryRunOperationException", "-", func() error {
			_, err := client.Sign(ctx(), &awskms.SignInput{KeyId: ec.KeyId, SigningAlgorithm: "ECDSA_SHA_256", Message: []byte("m"), DryRun: aws.Bool(true)})
			return err
		}},
		{"KeyUsage missing", "ValidationException", "You must specify a KeyUsage value for all KMS keys except for symmetric encryption keys.", func() error {
			_, err := client.CreateKey(ctx(), &awskms.CreateKeyInput{KeySpec: types.KeySpecEccNistP256})
			return err
		}},
		{"KeyUsage of another spec", "ValidationException", "KeyUsage ENCRYPT_DECRYPT is not compatible with KeySpec ECC_SECG_P256K1", func() error {
			_, err := client.CreateKey(ctx(), &awskms.CreateKeyInput{KeySpec: types.KeySpecEccSecgP256k1, KeyUsage: types.KeyUsageTypeEncryptDecrypt})
			return err
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { wantError(t, tt.call(), tt.code, tt.message) })
	}
}
