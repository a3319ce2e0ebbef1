package kms_test

import (
	"bytes"
	"crypto/ecdh"
	"crypto/ecdsa"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awskms "github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/kms/types"
)

// TestRSAEncryption encrypts up to KMS's plaintext limit of each RSA key
// spec and algorithm, one byte more is refused; ciphertexts made outside
// KMS with the public key decrypt; ReEncrypt moves one to a symmetric key.
func TestRSAEncryption(t *testing.T) {
	t.Parallel() // RSA key generation takes long: overlap it with other tests
	e := newEnv(t)
	client := e.root(acctA, regionA)
	sym := createKey(t, client, nil)
	limits := map[types.KeySpec]map[types.EncryptionAlgorithmSpec]int{
		types.KeySpecRsa2048: {"RSAES_OAEP_SHA_1": 214, "RSAES_OAEP_SHA_256": 190},
		types.KeySpecRsa3072: {"RSAES_OAEP_SHA_1": 342, "RSAES_OAEP_SHA_256": 318},
		types.KeySpecRsa4096: {"RSAES_OAEP_SHA_1": 470, "RSAES_OAEP_SHA_256": 446},
	}
	for spec, algs := range limits {
		m := createKey(t, client, &awskms.CreateKeyInput{KeySpec: spec, KeyUsage: types.KeyUsageTypeEncryptDecrypt})
		pub, err := client.GetPublicKey(ctx(), &awskms.GetPublicKeyInput{KeyId: m.KeyId})
		if err != nil || len(pub.EncryptionAlgorithms) != 2 {
			t.Fatalf("GetPublicKey = %+v, %v", pub, err)
		}
		for alg, max := range algs {
			t.Run(string(spec)+"/"+string(alg), func(t *testing.T) {
				pt := bytes.Repeat([]byte{'p'}, max)
				enc, err := client.Encrypt(ctx(), &awskms.EncryptInput{KeyId: m.KeyId, Plaintext: pt, EncryptionAlgorithm: alg})
				if err != nil || enc.EncryptionAlgorithm != alg {
					t.Fatalf("Encrypt = %v", err)
				}
				dec, err := client.Decrypt(ctx(), &awskms.DecryptInput{KeyId: m.KeyId, CiphertextBlob: enc.CiphertextBlob, EncryptionAlgorithm: alg})
				if err != nil || !bytes.Equal(dec.Plaintext, pt) || dec.KeyMaterialId != nil {
					t.Fatalf("Decrypt = %+v, %v", dec, err)
				}
				_, err = client.Encrypt(ctx(), &awskms.EncryptInput{KeyId: m.KeyId, Plaintext: append(pt, 'x'), EncryptionAlgorithm: alg})
				wantError(t, err, "ValidationException", "-")
			})
		}
		if spec != types.KeySpecRsa2048 {
			continue
		}
		key, _ := x509.ParsePKIXPublicKey(pub.PublicKey)
		outside, err := rsa.EncryptOAEP(sha256.New(), rand.Reader, key.(*rsa.PublicKey), []byte("from outside"), nil)
		if err != nil {
			t.Fatal(err)
		}
		re, err := client.ReEncrypt(ctx(), &awskms.ReEncryptInput{CiphertextBlob: outside, SourceKeyId: m.KeyId,
			SourceEncryptionAlgorithm: "RSAES_OAEP_SHA_256", DestinationKeyId: sym.KeyId})
		if err != nil || re.DestinationKeyMaterialId == nil || re.SourceKeyMaterialId != nil {
			t.Fatalf("ReEncrypt = %+v, %v", re, err)
		}
		dec, err := client.Decrypt(ctx(), &awskms.DecryptInput{CiphertextBlob: re.CiphertextBlob})
		if err != nil || string(dec.Plaintext) != "from outside" || aws.ToString(dec.KeyMaterialId) != aws.ToString(sym.CurrentKeyMaterialId) {
			t.Fatalf("Decrypt after ReEncrypt = %+v, %v", dec, err)
		}
		_, err = client.Decrypt(ctx(), &awskms.DecryptInput{CiphertextBlob: outside})
		wantError(t, err, "InvalidCiphertextException", "")
		_, err = client.Encrypt(ctx(), &awskms.EncryptInput{KeyId: m.KeyId, Plaintext: []byte("x")})
		wantError(t, err, "InvalidKeyUsageException", "Algorithm SYMMETRIC_DEFAULT is incompatible with key spec RSA_2048.")
		_, err = client.GenerateDataKey(ctx(), &awskms.GenerateDataKeyInput{KeyId: m.KeyId, KeySpec: types.DataKeySpecAes256})
		wantError(t, err, "InvalidKeyUsageException", aws.ToString(m.Arn)+" key spec is RSA_2048 which is not valid for GenerateDataKey.")
	}
}

func TestHMAC(t *testing.T) {
	e := newEnv(t)
	client := e.root(acctA, regionA)
	sizes := map[types.KeySpec]types.MacAlgorithmSpec{
		types.KeySpecHmac224: "HMAC_SHA_224", types.KeySpecHmac256: "HMAC_SHA_256",
		types.KeySpecHmac384: "HMAC_SHA_384", types.KeySpecHmac512: "HMAC_SHA_512",
	}
	for spec, alg := range sizes {
		m := createKey(t, client, &awskms.CreateKeyInput{KeySpec: spec, KeyUsage: types.KeyUsageTypeGenerateVerifyMac})
		if len(m.MacAlgorithms) != 1 || m.MacAlgorithms[0] != alg || m.CurrentKeyMaterialId != nil {
			t.Fatalf("%s metadata = %+v", spec, m)
		}
		mac, err := client.GenerateMac(ctx(), &awskms.GenerateMacInput{KeyId: m.KeyId, MacAlgorithm: alg, Message: []byte("msg")})
		if err != nil || mac.MacAlgorithm != alg {
			t.Fatalf("GenerateMac = %v", err)
		}
		again, _ := client.GenerateMac(ctx(), &awskms.GenerateMacInput{KeyId: m.KeyId, MacAlgorithm: alg, Message: []byte("msg")})
		if !bytes.Equal(mac.Mac, again.Mac) {
			t.Fatal("HMAC is not deterministic")
		}
		ok, err := client.VerifyMac(ctx(), &awskms.VerifyMacInput{KeyId: m.KeyId, MacAlgorithm: alg, Message: []byte("msg"), Mac: mac.Mac})
		if err != nil || !ok.MacValid {
			t.Fatalf("VerifyMac = %+v, %v", ok, err)
		}
		_, err = client.VerifyMac(ctx(), &awskms.VerifyMacInput{KeyId: m.KeyId, MacAlgorithm: alg, Message: []byte("other"), Mac: mac.Mac})
		wantError(t, err, "KMSInvalidMacException", "")
		if spec == types.KeySpecHmac256 {
			_, err = client.GenerateMac(ctx(), &awskms.GenerateMacInput{KeyId: m.KeyId, MacAlgorithm: "HMAC_SHA_512", Message: []byte("m")})
			wantError(t, err, "InvalidKeyUsageException", "Algorithm HMAC_SHA_512 is incompatible with key spec HMAC_256.")
			_, err = client.Encrypt(ctx(), &awskms.EncryptInput{KeyId: m.KeyId, Plaintext: []byte("m")})
			wantError(t, err, "InvalidKeyUsageException", aws.ToString(m.Arn)+" key usage is GENERATE_VERIFY_MAC which is not valid for Encrypt.")
		}
	}
}

func TestDeriveSharedSecret(t *testing.T) {
	e := newEnv(t)
	client := e.root(acctA, regionA)
	curves := map[types.KeySpec]ecdh.Curve{
		types.KeySpecEccNistP256: ecdh.P256(), types.KeySpecEccNistP384: ecdh.P384(), types.KeySpecEccNistP521: ecdh.P521(),
	}
	for spec, curve := range curves {
		m := createKey(t, client, &awskms.CreateKeyInput{KeySpec: spec, KeyUsage: types.KeyUsageTypeKeyAgreement})
		if len(m.KeyAgreementAlgorithms) != 1 || m.SigningAlgorithms != nil {
			t.Fatalf("%s metadata = %+v", spec, m)
		}
		peer, _ := curve.GenerateKey(rand.Reader)
		peerDER, _ := x509.MarshalPKIXPublicKey(peer.PublicKey())
		out, err := client.DeriveSharedSecret(ctx(), &awskms.DeriveSharedSecretInput{KeyId: m.KeyId, KeyAgreementAlgorithm: "ECDH", PublicKey: peerDER})
		if err != nil || out.KeyOrigin != types.OriginTypeAwsKms {
			t.Fatalf("DeriveSharedSecret = %v", err)
		}
		pub, _ := client.GetPublicKey(ctx(), &awskms.GetPublicKeyInput{KeyId: m.KeyId})
		own, _ := x509.ParsePKIXPublicKey(pub.PublicKey)
		ownECDH, _ := own.(*ecdsa.PublicKey).ECDH()
		want, _ := peer.ECDH(ownECDH)
		if !bytes.Equal(out.SharedSecret, want) {
			t.Fatalf("%s: the peer derives another secret", spec)
		}
		if spec == types.KeySpecEccNistP256 {
			_, err = client.Sign(ctx(), &awskms.SignInput{KeyId: m.KeyId, SigningAlgorithm: "ECDSA_SHA_256", Message: []byte("m")})
			wantError(t, err, "InvalidKeyUsageException", aws.ToString(m.Arn)+" key usage is KEY_AGREEMENT which is not valid for Sign.")
			other, _ := ecdh.P384().GenerateKey(rand.Reader)
			otherDER, _ := x509.MarshalPKIXPublicKey(other.PublicKey())
			_, err = client.DeriveSharedSecret(ctx(), &awskms.DeriveSharedSecretInput{KeyId: m.KeyId, KeyAgreementAlgorithm: "ECDH", PublicKey: otherDER})
			wantError(t, err, "ValidationException", "-")
		}
	}
}

// TestGenerateDataKeyPair: the private key comes in plaintext (PKCS#8, as
// OpenSSL reads it) and encrypted under the KMS key; Decrypt gives it
// back; the public key is its own.
func TestGenerateDataKeyPair(t *testing.T) {
	t.Parallel() // RSA key generation takes long: overlap it with other tests
	e := newEnv(t)
	client := e.root(acctA, regionA)
	m := createKey(t, client, nil)
	ec := map[string]string{"purpose": "pair"}
	for _, spec := range []types.DataKeyPairSpec{"RSA_2048", "RSA_3072", "RSA_4096", "ECC_NIST_P256", "ECC_NIST_P384", "ECC_NIST_P521", "ECC_SECG_P256K1", "ECC_NIST_EDWARDS25519"} {
		t.Run(string(spec), func(t *testing.T) {
			out, err := client.GenerateDataKeyPair(ctx(), &awskms.GenerateDataKeyPairInput{KeyId: m.KeyId, KeyPairSpec: spec, EncryptionContext: ec})
			if err != nil || out.KeyPairSpec != spec || aws.ToString(out.KeyMaterialId) != aws.ToString(m.CurrentKeyMaterialId) {
				t.Fatalf("GenerateDataKeyPair = %+v, %v", out, err)
			}
			dec, err := client.Decrypt(ctx(), &awskms.DecryptInput{CiphertextBlob: out.PrivateKeyCiphertextBlob, EncryptionContext: ec})
			if err != nil || !bytes.Equal(dec.Plaintext, out.PrivateKeyPlaintext) {
				t.Fatalf("Decrypt of the private key: %v", err)
			}
			dir := writeFiles(t, map[string][]byte{"key.der": out.PrivateKeyPlaintext})
			spki := openssl(t, dir, "pkey", "-inform", "DER", "-in", "key.der", "-pubout", "-outform", "DER")
			if !bytes.Equal(spki, out.PublicKey) {
				t.Fatal("OpenSSL derives another public key from the private key")
			}
			wp, err := client.GenerateDataKeyPairWithoutPlaintext(ctx(), &awskms.GenerateDataKeyPairWithoutPlaintextInput{KeyId: m.KeyId, KeyPairSpec: spec})
			if err != nil || len(wp.PublicKey) == 0 || len(wp.PrivateKeyCiphertextBlob) == 0 {
				t.Fatalf("WithoutPlaintext = %+v, %v", wp, err)
			}
		})
	}
	_, err := client.GenerateDataKeyPair(ctx(), &awskms.GenerateDataKeyPairInput{KeyId: m.KeyId, KeyPairSpec: "ECC_NIST_P256",
		Recipient: &types.RecipientInfo{AttestationDocument: []byte("not from an enclave"), KeyEncryptionAlgorithm: types.KeyEncryptionMechanismRsaesOaepSha256}})
	wantError(t, err, "ValidationException", "-")
}
