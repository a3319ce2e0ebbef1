package kms_test

import (
	"bytes"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awskms "github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/kms/types"
)

// wrapWithOpenSSL wraps the key material in dir/material as AWS's guide
// shows ("Encrypt the key material"), under the public key of a
// GetParametersForImport answer: RSA-OAEP of the material, or RSA-OAEP of
// a fresh AES key followed by the material wrapped with it
// (id-aes256-wrap-pad).
func wrapWithOpenSSL(t *testing.T, dir string, publicKey []byte, alg types.AlgorithmSpec) []byte {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, "PublicKey.der"), publicKey, 0o600); err != nil {
		t.Fatal(err)
	}
	md := "sha256"
	if strings.HasSuffix(string(alg), "SHA_1") {
		md = "sha1"
	}
	oaep := func(in, out string) {
		openssl(t, dir, "pkeyutl", "-encrypt", "-in", in, "-out", out, "-inkey", "PublicKey.der", "-keyform", "DER", "-pubin",
			"-pkeyopt", "rsa_padding_mode:oaep", "-pkeyopt", "rsa_oaep_md:"+md, "-pkeyopt", "rsa_mgf1_md:"+md)
	}
	if !strings.HasPrefix(string(alg), "RSA_AES") {
		oaep("material", "EncryptedKeyMaterial.bin")
		return readFile(t, dir, "EncryptedKeyMaterial.bin")
	}
	openssl(t, dir, "rand", "-out", "aes-key.bin", "32")
	aesKey := hex.EncodeToString(readFile(t, dir, "aes-key.bin"))
	openssl(t, dir, "enc", "-id-aes256-wrap-pad", "-K", aesKey, "-iv", "A65959A6", "-in", "material", "-out", "key-material-wrapped.bin")
	oaep("aes-key.bin", "aes-key-wrapped.bin")
	return append(readFile(t, dir, "aes-key-wrapped.bin"), readFile(t, dir, "key-material-wrapped.bin")...)
}

func readFile(t *testing.T, dir, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// importParameters asks for an RSA_2048 wrapping key (the quickest to
// make) and a token.
func importParameters(t *testing.T, c *awskms.Client, key *string, alg types.AlgorithmSpec) *awskms.GetParametersForImportOutput {
	t.Helper()
	p, err := c.GetParametersForImport(ctx(), &awskms.GetParametersForImportInput{KeyId: key, WrappingAlgorithm: alg, WrappingKeySpec: types.WrappingKeySpecRsa2048})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// importMaterial wraps dir/material with OpenSSL and imports it.
func importMaterial(t *testing.T, c *awskms.Client, key *string, dir string, alg types.AlgorithmSpec, in *awskms.ImportKeyMaterialInput) (*awskms.ImportKeyMaterialOutput, error) {
	t.Helper()
	p := importParameters(t, c, key, alg)
	in.KeyId, in.ImportToken, in.EncryptedKeyMaterial = key, p.ImportToken, wrapWithOpenSSL(t, dir, p.PublicKey, alg)
	if in.ExpirationModel == "" {
		in.ExpirationModel = types.ExpirationModelTypeKeyMaterialDoesNotExpire
	}
	return c.ImportKeyMaterial(ctx(), in)
}

func keyState(t *testing.T, c *awskms.Client, key *string) *types.KeyMetadata {
	t.Helper()
	d, err := c.DescribeKey(ctx(), &awskms.DescribeKeyInput{KeyId: key})
	if err != nil {
		t.Fatal(err)
	}
	return d.KeyMetadata
}

// TestImportSymmetricKeyMaterial walks the import of AWS's guide with
// OpenSSL: a key without material is pending import; imported material
// with an expiry encrypts until it expires; the same material reimported
// brings old ciphertexts back; other material is refused; deleted
// material makes the key pending import again.
func TestImportSymmetricKeyMaterial(t *testing.T) {
	t.Parallel() // RSA key generation takes long: overlap it with other tests
	e := newEnv(t)
	client := e.root(acctA, regionA)
	m := createKey(t, client, &awskms.CreateKeyInput{Origin: types.OriginTypeExternal})
	if m.KeyState != types.KeyStatePendingImport || m.Enabled || m.Origin != types.OriginTypeExternal || m.CurrentKeyMaterialId != nil {
		t.Fatalf("CreateKey EXTERNAL = %+v", m)
	}
	_, err := client.Encrypt(ctx(), &awskms.EncryptInput{KeyId: m.KeyId, Plaintext: []byte("x")})
	wantError(t, err, "KMSInvalidStateException", aws.ToString(m.Arn)+" is pending import.")

	dir := t.TempDir()
	openssl(t, dir, "rand", "-out", "material", "32")
	p, err := client.GetParametersForImport(ctx(), &awskms.GetParametersForImportInput{KeyId: m.KeyId,
		WrappingAlgorithm: types.AlgorithmSpecRsaAesKeyWrapSha256, WrappingKeySpec: types.WrappingKeySpecRsa3072})
	if err != nil {
		t.Fatal(err)
	}
	if d := time.Until(aws.ToTime(p.ParametersValidTo)); d < 23*time.Hour || d > 25*time.Hour {
		t.Fatalf("ParametersValidTo in %v, want 24 hours", d)
	}
	validTo := time.Now().Add(24 * time.Hour).UTC().Truncate(time.Second)
	imp, err := client.ImportKeyMaterial(ctx(), &awskms.ImportKeyMaterialInput{KeyId: m.KeyId, ImportToken: p.ImportToken,
		EncryptedKeyMaterial: wrapWithOpenSSL(t, dir, p.PublicKey, types.AlgorithmSpecRsaAesKeyWrapSha256),
		ExpirationModel:      types.ExpirationModelTypeKeyMaterialExpires, ValidTo: &validTo})
	if err != nil {
		t.Fatal(err)
	}
	md := keyState(t, client, m.KeyId)
	if md.KeyState != types.KeyStateEnabled || md.ExpirationModel != types.ExpirationModelTypeKeyMaterialExpires ||
		!aws.ToTime(md.ValidTo).Equal(validTo) || aws.ToString(md.CurrentKeyMaterialId) != aws.ToString(imp.KeyMaterialId) {
		t.Fatalf("after import: %+v", md)
	}
	enc, err := client.Encrypt(ctx(), &awskms.EncryptInput{KeyId: m.KeyId, Plaintext: []byte("imported")})
	if err != nil {
		t.Fatal(err)
	}

	e.clock.advance(25 * time.Hour)
	if st := keyState(t, client, m.KeyId).KeyState; st != types.KeyStatePendingImport {
		t.Fatalf("after ValidTo: %s", st)
	}
	_, err = client.Decrypt(ctx(), &awskms.DecryptInput{CiphertextBlob: enc.CiphertextBlob})
	wantError(t, err, "KMSInvalidStateException", aws.ToString(m.Arn)+" is pending import.")
	_, err = client.ImportKeyMaterial(ctx(), &awskms.ImportKeyMaterialInput{KeyId: m.KeyId, ImportToken: p.ImportToken,
		EncryptedKeyMaterial: []byte("x"), ExpirationModel: types.ExpirationModelTypeKeyMaterialDoesNotExpire})
	wantError(t, err, "ExpiredImportTokenException", "")

	// The same material, wrapped the old way (RSAES_OAEP_SHA_1, as the
	// guide's first example), brings the ciphertext back.
	again, err := importMaterial(t, client, m.KeyId, dir, types.AlgorithmSpecRsaesOaepSha1, &awskms.ImportKeyMaterialInput{})
	if err != nil || aws.ToString(again.KeyMaterialId) != aws.ToString(imp.KeyMaterialId) {
		t.Fatalf("reimport = %+v, %v", again, err)
	}
	if dec, err := client.Decrypt(ctx(), &awskms.DecryptInput{CiphertextBlob: enc.CiphertextBlob}); err != nil || string(dec.Plaintext) != "imported" {
		t.Fatalf("Decrypt after reimport: %v", err)
	}

	other := t.TempDir()
	openssl(t, other, "rand", "-out", "material", "32")
	_, err = importMaterial(t, client, m.KeyId, other, types.AlgorithmSpecRsaesOaepSha256, &awskms.ImportKeyMaterialInput{})
	wantError(t, err, "IncorrectKeyMaterialException", "")
	_, err = client.ImportKeyMaterial(ctx(), &awskms.ImportKeyMaterialInput{KeyId: m.KeyId, ImportToken: []byte("forged"),
		EncryptedKeyMaterial: []byte("x"), ExpirationModel: types.ExpirationModelTypeKeyMaterialDoesNotExpire})
	wantError(t, err, "InvalidImportTokenException", "")

	del, err := client.DeleteImportedKeyMaterial(ctx(), &awskms.DeleteImportedKeyMaterialInput{KeyId: m.KeyId})
	if err != nil || aws.ToString(del.KeyMaterialId) != aws.ToString(imp.KeyMaterialId) {
		t.Fatalf("DeleteImportedKeyMaterial = %+v, %v", del, err)
	}
	if st := keyState(t, client, m.KeyId).KeyState; st != types.KeyStatePendingImport {
		t.Fatalf("after DeleteImportedKeyMaterial: %s", st)
	}
}

// TestRotateImportedKeyMaterial: new material imported into a key with
// material waits for an on-demand rotation, then encrypts; the old keeps
// decrypting.
func TestRotateImportedKeyMaterial(t *testing.T) {
	t.Parallel() // RSA key generation takes long: overlap it with other tests
	e := newEnv(t)
	client := e.root(acctA, regionA)
	m := createKey(t, client, &awskms.CreateKeyInput{Origin: types.OriginTypeExternal})
	first, second := t.TempDir(), t.TempDir()
	openssl(t, first, "rand", "-out", "material", "32")
	openssl(t, second, "rand", "-out", "material", "32")
	imp1, err := importMaterial(t, client, m.KeyId, first, types.AlgorithmSpecRsaesOaepSha256, &awskms.ImportKeyMaterialInput{})
	if err != nil {
		t.Fatal(err)
	}
	old, err := client.Encrypt(ctx(), &awskms.EncryptInput{KeyId: m.KeyId, Plaintext: []byte("first")})
	if err != nil {
		t.Fatal(err)
	}
	_, err = client.RotateKeyOnDemand(ctx(), &awskms.RotateKeyOnDemandInput{KeyId: m.KeyId})
	wantError(t, err, "UnsupportedOperationException", "-")
	imp2, err := importMaterial(t, client, m.KeyId, second, types.AlgorithmSpecRsaesOaepSha256, &awskms.ImportKeyMaterialInput{
		ImportType: types.ImportTypeNewKeyMaterial, KeyMaterialDescription: aws.String("second")})
	if err != nil {
		t.Fatal(err)
	}
	all, err := client.ListKeyRotations(ctx(), &awskms.ListKeyRotationsInput{KeyId: m.KeyId, IncludeKeyMaterial: types.IncludeKeyMaterialAllKeyMaterial})
	if err != nil || len(all.Rotations) != 2 || all.Rotations[1].KeyMaterialState != types.KeyMaterialStatePendingRotation ||
		aws.ToString(all.Rotations[1].KeyMaterialDescription) != "second" || all.Rotations[0].ImportState != types.ImportStateImported {
		t.Fatalf("ListKeyRotations = %+v, %v", all, err)
	}
	if _, err := client.RotateKeyOnDemand(ctx(), &awskms.RotateKeyOnDemandInput{KeyId: m.KeyId}); err != nil {
		t.Fatal(err)
	}
	md := keyState(t, client, m.KeyId)
	if aws.ToString(md.CurrentKeyMaterialId) != aws.ToString(imp2.KeyMaterialId) || aws.ToString(imp1.KeyMaterialId) == aws.ToString(imp2.KeyMaterialId) {
		t.Fatalf("current material after rotation = %s", aws.ToString(md.CurrentKeyMaterialId))
	}
	dec, err := client.Decrypt(ctx(), &awskms.DecryptInput{CiphertextBlob: old.CiphertextBlob})
	if err != nil || string(dec.Plaintext) != "first" || aws.ToString(dec.KeyMaterialId) != aws.ToString(imp1.KeyMaterialId) {
		t.Fatalf("Decrypt of the first material's ciphertext = %+v, %v", dec, err)
	}
	rot, err := client.ListKeyRotations(ctx(), &awskms.ListKeyRotationsInput{KeyId: m.KeyId})
	if err != nil {
		t.Fatal(err)
	}
	if len(rot.Rotations) != 1 || rot.Rotations[0].RotationType != types.RotationTypeOnDemand || rot.Rotations[0].KeyMaterialState != types.KeyMaterialStateCurrent {
		t.Fatalf("ListKeyRotations after rotation = %+v", rot.Rotations)
	}
}

// TestImportAsymmetricAndHMACKeyMaterial: a P-256 private key and an HMAC
// key made by OpenSSL sign and MAC in KMS as they do in OpenSSL.
func TestImportAsymmetricAndHMACKeyMaterial(t *testing.T) {
	t.Parallel() // RSA key generation takes long: overlap it with other tests
	e := newEnv(t)
	client := e.root(acctA, regionA)
	ec := createKey(t, client, &awskms.CreateKeyInput{Origin: types.OriginTypeExternal, KeySpec: types.KeySpecEccNistP256, KeyUsage: types.KeyUsageTypeSignVerify})
	dir := t.TempDir()
	// KMS takes asymmetric key material as DER PKCS#8 [KMS Developer
	// Guide, "Requirements for imported key material"].
	openssl(t, dir, "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", "key.pem")
	openssl(t, dir, "pkcs8", "-topk8", "-nocrypt", "-in", "key.pem", "-outform", "DER", "-out", "material")
	openssl(t, dir, "pkey", "-in", "key.pem", "-pubout", "-out", "pub.pem")
	_, err := importMaterial(t, client, ec.KeyId, dir, types.AlgorithmSpecRsaAesKeyWrapSha256, &awskms.ImportKeyMaterialInput{ImportType: types.ImportTypeNewKeyMaterial})
	wantError(t, err, "ValidationException", "-")
	if _, err := importMaterial(t, client, ec.KeyId, dir, types.AlgorithmSpecRsaAesKeyWrapSha1, &awskms.ImportKeyMaterialInput{}); err != nil {
		t.Fatal(err)
	}
	sig := sign(t, client, ec.KeyId, "ECDSA_SHA_256", types.MessageTypeRaw, []byte("imported signer"))
	if err := os.WriteFile(filepath.Join(dir, "sig"), sig, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "msg"), []byte("imported signer"), 0o600); err != nil {
		t.Fatal(err)
	}
	openssl(t, dir, "dgst", "-sha256", "-verify", "pub.pem", "-signature", "sig", "msg")

	mac := createKey(t, client, &awskms.CreateKeyInput{Origin: types.OriginTypeExternal, KeySpec: types.KeySpecHmac256, KeyUsage: types.KeyUsageTypeGenerateVerifyMac})
	hdir := t.TempDir()
	openssl(t, hdir, "rand", "-out", "material", "48")
	if _, err := importMaterial(t, client, mac.KeyId, hdir, types.AlgorithmSpecRsaesOaepSha256, &awskms.ImportKeyMaterialInput{}); err != nil {
		t.Fatal(err)
	}
	got, err := client.GenerateMac(ctx(), &awskms.GenerateMacInput{KeyId: mac.KeyId, MacAlgorithm: "HMAC_SHA_256", Message: []byte("m")})
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(hdir, "msg"), []byte("m"), 0o600); err != nil {
		t.Fatal(err)
	}
	out := openssl(t, hdir, "dgst", "-sha256", "-mac", "HMAC", "-macopt", "hexkey:"+hex.EncodeToString(readFile(t, hdir, "material")), "-binary", "msg")
	if !bytes.Equal(out, got.Mac) {
		t.Fatal("KMS's HMAC differs from OpenSSL's with the same key")
	}
}

func TestImportErrors(t *testing.T) {
	t.Parallel() // RSA key generation takes long: overlap it with other tests
	e := newEnv(t)
	client := e.root(acctA, regionA)
	own := createKey(t, client, nil)
	rsa := createKey(t, client, &awskms.CreateKeyInput{Origin: types.OriginTypeExternal, KeySpec: types.KeySpecRsa2048, KeyUsage: types.KeyUsageTypeSignVerify})
	ext := createKey(t, client, &awskms.CreateKeyInput{Origin: types.OriginTypeExternal})
	params := func(key *string, alg types.AlgorithmSpec) error {
		_, err := client.GetParametersForImport(ctx(), &awskms.GetParametersForImportInput{KeyId: key, WrappingAlgorithm: alg, WrappingKeySpec: types.WrappingKeySpecRsa2048})
		return err
	}
	wantError(t, params(own.KeyId, types.AlgorithmSpecRsaesOaepSha256), "UnsupportedOperationException", "-")
	wantError(t, params(ext.KeyId, types.AlgorithmSpecRsaesPkcs1V15), "ValidationException", "-")
	wantError(t, params(rsa.KeyId, types.AlgorithmSpecRsaesOaepSha256), "ValidationException", "-")
	p := importParameters(t, client, ext.KeyId, types.AlgorithmSpecRsaesOaepSha256)
	_, err := client.ImportKeyMaterial(ctx(), &awskms.ImportKeyMaterialInput{KeyId: ext.KeyId, ImportToken: p.ImportToken, EncryptedKeyMaterial: []byte("x")})
	wantError(t, err, "ValidationException", "ValidTo is required when ExpirationModel is KEY_MATERIAL_EXPIRES.")
	_, err = client.ImportKeyMaterial(ctx(), &awskms.ImportKeyMaterialInput{KeyId: ext.KeyId, ImportToken: p.ImportToken,
		EncryptedKeyMaterial: bytes.Repeat([]byte{1}, 384), ExpirationModel: types.ExpirationModelTypeKeyMaterialDoesNotExpire})
	wantError(t, err, "InvalidCiphertextException", "")
	_, err = client.DisableKey(ctx(), &awskms.DisableKeyInput{KeyId: ext.KeyId})
	wantError(t, err, "KMSInvalidStateException", aws.ToString(ext.Arn)+" is pending import.")

	// kms:ExpirationModel: this user may import only expiring material.
	user, _ := e.user(acctA, regionA, "importer", `{"Version":"2012-10-17","Statement":[
		{"Effect":"Allow","Action":["kms:GetParametersForImport","kms:ImportKeyMaterial"],"Resource":"*"},
		{"Effect":"Deny","Action":"kms:ImportKeyMaterial","Resource":"*","Condition":{"StringEquals":{"kms:ExpirationModel":"KEY_MATERIAL_DOES_NOT_EXPIRE"}}}]}`)
	dir := t.TempDir()
	openssl(t, dir, "rand", "-out", "material", "32")
	_, err = importMaterial(t, user, ext.KeyId, dir, types.AlgorithmSpecRsaesOaepSha256, &awskms.ImportKeyMaterialInput{})
	wantError(t, err, "AccessDeniedException", "-")
}

// A multi-Region key of imported material: the replica imports the same
// material (EXISTING_KEY_MATERIAL) and then decrypts the primary's
// ciphertexts.
func TestImportIntoMultiRegionReplica(t *testing.T) {
	t.Parallel() // RSA key generation takes long: overlap it with other tests
	e := newEnv(t)
	east, west := e.root(acctA, regionB), e.root(acctA, regionA)
	m := createKey(t, east, &awskms.CreateKeyInput{Origin: types.OriginTypeExternal, MultiRegion: aws.Bool(true)})
	dir := t.TempDir()
	openssl(t, dir, "rand", "-out", "material", "32")
	imp, err := importMaterial(t, east, m.KeyId, dir, types.AlgorithmSpecRsaesOaepSha256, &awskms.ImportKeyMaterialInput{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := east.ReplicateKey(ctx(), &awskms.ReplicateKeyInput{KeyId: m.KeyId, ReplicaRegion: aws.String(regionA)}); err != nil {
		t.Fatal(err)
	}
	if st := keyState(t, west, m.KeyId).KeyState; st != types.KeyStatePendingImport {
		t.Fatalf("replica before its import: %s", st)
	}
	enc, _ := east.Encrypt(ctx(), &awskms.EncryptInput{KeyId: m.KeyId, Plaintext: []byte("mr")})
	rep, err := importMaterial(t, west, m.KeyId, dir, types.AlgorithmSpecRsaesOaepSha256, &awskms.ImportKeyMaterialInput{
		ImportType: types.ImportTypeExistingKeyMaterial, KeyMaterialId: imp.KeyMaterialId})
	if err != nil || aws.ToString(rep.KeyMaterialId) != aws.ToString(imp.KeyMaterialId) {
		t.Fatalf("import into the replica = %+v, %v", rep, err)
	}
	if dec, err := west.Decrypt(ctx(), &awskms.DecryptInput{CiphertextBlob: enc.CiphertextBlob}); err != nil || string(dec.Plaintext) != "mr" {
		t.Fatalf("replica's Decrypt: %v", err)
	}
}
