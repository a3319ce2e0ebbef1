package kms_test

import (
	"bytes"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awskms "github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/kms/types"
)

// headerLen is the length of a blob's header in regionA: it names the key
// and version (keyring's format).
const headerLen = 2 + len(regionA) + 12 + 16 + 4

func TestEncryptDecryptWithContext(t *testing.T) {
	e := newEnv(t)
	client := e.root(acctA, regionA)
	m := createKey(t, client, nil)
	ec := map[string]string{"aws:ebs:id": "vol-0894f908458cca170", "purpose": "test"}
	enc, err := client.Encrypt(ctx(), &awskms.EncryptInput{KeyId: m.KeyId, Plaintext: []byte("secret"), EncryptionContext: ec})
	if err != nil {
		t.Fatal(err)
	}
	if aws.ToString(enc.KeyId) != aws.ToString(m.Arn) || enc.EncryptionAlgorithm != types.EncryptionAlgorithmSpecSymmetricDefault {
		t.Fatalf("Encrypt = %+v", enc)
	}
	tests := []struct {
		name  string
		ec    map[string]string
		keyID *string
		code  string
	}{
		{"same context", map[string]string{"purpose": "test", "aws:ebs:id": "vol-0894f908458cca170"}, nil, ""},
		{"same context, key named", ec, m.Arn, ""},
		{"missing context", nil, nil, "InvalidCiphertextException"},
		{"wrong value", map[string]string{"aws:ebs:id": "vol-1", "purpose": "test"}, nil, "InvalidCiphertextException"},
		{"extra pair", map[string]string{"aws:ebs:id": "vol-0894f908458cca170", "purpose": "test", "x": "y"}, nil, "InvalidCiphertextException"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dec, err := client.Decrypt(ctx(), &awskms.DecryptInput{CiphertextBlob: enc.CiphertextBlob, EncryptionContext: tt.ec, KeyId: tt.keyID})
			if tt.code != "" {
				wantError(t, err, tt.code, "") // KMS says nothing more
				return
			}
			if err != nil || string(dec.Plaintext) != "secret" || aws.ToString(dec.KeyId) != aws.ToString(m.Arn) ||
				dec.EncryptionAlgorithm != types.EncryptionAlgorithmSpecSymmetricDefault {
				t.Fatalf("Decrypt = %+v, %v", dec, err)
			}
		})
	}
}

func TestDecryptErrors(t *testing.T) {
	e := newEnv(t)
	client := e.root(acctA, regionA)
	m := createKey(t, client, nil)
	other := createKey(t, client, nil)
	enc, err := client.Encrypt(ctx(), &awskms.EncryptInput{KeyId: m.KeyId, Plaintext: []byte("x")})
	if err != nil {
		t.Fatal(err)
	}
	tampered := bytes.Clone(enc.CiphertextBlob)
	tampered[len(tampered)-1] ^= 1
	tests := []struct {
		name    string
		in      *awskms.DecryptInput
		code    string
		message string
	}{
		{"not a blob", &awskms.DecryptInput{CiphertextBlob: []byte("garbage")}, "InvalidCiphertextException", ""},
		{"tampered", &awskms.DecryptInput{CiphertextBlob: tampered}, "InvalidCiphertextException", ""},
		{"another key named", &awskms.DecryptInput{CiphertextBlob: enc.CiphertextBlob, KeyId: other.KeyId},
			"IncorrectKeyException", "The key ID in the request does not identify a CMK that can perform this operation."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := client.Decrypt(ctx(), tt.in)
			wantError(t, err, tt.code, tt.message)
		})
	}
}

func TestPlaintextLimit(t *testing.T) {
	e := newEnv(t)
	client := e.root(acctA, regionA)
	m := createKey(t, client, nil)
	if _, err := client.Encrypt(ctx(), &awskms.EncryptInput{KeyId: m.KeyId, Plaintext: make([]byte, 4096)}); err != nil {
		t.Fatal(err)
	}
	_, err := client.Encrypt(ctx(), &awskms.EncryptInput{KeyId: m.KeyId, Plaintext: make([]byte, 4097)})
	wantError(t, err, "ValidationException",
		"1 validation error detected: Value at 'plaintext' failed to satisfy constraint: Member must have length less than or equal to 4096")
}

func TestRotationKeepsOldCiphertexts(t *testing.T) {
	e := newEnv(t)
	client := e.root(acctA, regionA)
	m := createKey(t, client, nil)
	old, err := client.Encrypt(ctx(), &awskms.EncryptInput{KeyId: m.KeyId, Plaintext: []byte("before")})
	if err != nil {
		t.Fatal(err)
	}
	rot, err := client.RotateKeyOnDemand(ctx(), &awskms.RotateKeyOnDemandInput{KeyId: m.KeyId})
	if err != nil || aws.ToString(rot.KeyId) != aws.ToString(m.Arn) {
		t.Fatalf("RotateKeyOnDemand = %+v, %v", rot, err)
	}
	now, err := client.Encrypt(ctx(), &awskms.EncryptInput{KeyId: m.KeyId, Plaintext: []byte("after")})
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(old.CiphertextBlob[:headerLen], now.CiphertextBlob[:headerLen]) {
		t.Error("blobs before and after rotation have the same header: the new version is not used")
	}
	for want, blob := range map[string][]byte{"before": old.CiphertextBlob, "after": now.CiphertextBlob} {
		dec, err := client.Decrypt(ctx(), &awskms.DecryptInput{CiphertextBlob: blob})
		if err != nil || string(dec.Plaintext) != want {
			t.Errorf("Decrypt(%s) = %v, %v", want, dec, err)
		}
	}
}

func TestAutomaticRotation(t *testing.T) {
	e := newEnv(t)
	client := e.root(acctA, regionA)
	m := createKey(t, client, nil)
	status := func() *awskms.GetKeyRotationStatusOutput {
		t.Helper()
		out, err := client.GetKeyRotationStatus(ctx(), &awskms.GetKeyRotationStatusInput{KeyId: m.KeyId})
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	if s := status(); s.KeyRotationEnabled || s.NextRotationDate != nil || aws.ToString(s.KeyId) != aws.ToString(m.Arn) {
		t.Fatalf("status of a new key = %+v", s)
	}
	if _, err := client.EnableKeyRotation(ctx(), &awskms.EnableKeyRotationInput{KeyId: m.KeyId, RotationPeriodInDays: aws.Int32(90)}); err != nil {
		t.Fatal(err)
	}
	s := status()
	if !s.KeyRotationEnabled || aws.ToInt32(s.RotationPeriodInDays) != 90 || s.NextRotationDate == nil {
		t.Fatalf("status after EnableKeyRotation = %+v", s)
	}
	first := *s.NextRotationDate
	old, err := client.Encrypt(ctx(), &awskms.EncryptInput{KeyId: m.KeyId, Plaintext: []byte("v1")})
	if err != nil {
		t.Fatal(err)
	}
	e.clock.advance(first.Sub(e.clock.Now()) + time.Second) // the wire rounds to milliseconds
	rotated, err := client.Encrypt(ctx(), &awskms.EncryptInput{KeyId: m.KeyId, Plaintext: []byte("v2")})
	if err != nil {
		t.Fatal(err)
	}
	if next := status().NextRotationDate; next == nil || !next.Equal(first.AddDate(0, 0, 90)) {
		t.Errorf("NextRotationDate after rotation = %v, want %v", next, first.AddDate(0, 0, 90))
	}
	if bytes.Equal(old.CiphertextBlob[:headerLen], rotated.CiphertextBlob[:headerLen]) {
		t.Error("the due rotation did not happen")
	}
	if dec, err := client.Decrypt(ctx(), &awskms.DecryptInput{CiphertextBlob: old.CiphertextBlob}); err != nil || string(dec.Plaintext) != "v1" {
		t.Errorf("Decrypt of the old blob = %v, %v", dec, err)
	}
	if _, err := client.DisableKeyRotation(ctx(), &awskms.DisableKeyRotationInput{KeyId: m.KeyId}); err != nil {
		t.Fatal(err)
	}
	if s := status(); s.KeyRotationEnabled {
		t.Errorf("status after DisableKeyRotation = %+v", s)
	}
	if _, err := client.DisableKey(ctx(), &awskms.DisableKeyInput{KeyId: m.KeyId}); err != nil {
		t.Fatal(err)
	}
	_, err = client.EnableKeyRotation(ctx(), &awskms.EnableKeyRotationInput{KeyId: m.KeyId})
	wantError(t, err, "DisabledException", aws.ToString(m.Arn)+" is disabled.")
}

func TestCrossRegionBlob(t *testing.T) {
	e := newEnv(t)
	m := createKey(t, e.root(acctA, regionA), nil)
	enc, err := e.root(acctA, regionA).Encrypt(ctx(), &awskms.EncryptInput{KeyId: m.KeyId, Plaintext: []byte("x")})
	if err != nil {
		t.Fatal(err)
	}
	_, err = e.root(acctA, regionB).Decrypt(ctx(), &awskms.DecryptInput{CiphertextBlob: enc.CiphertextBlob})
	wantError(t, err, "InvalidCiphertextException", "")
}

func TestGenerateDataKey(t *testing.T) {
	e := newEnv(t)
	client := e.root(acctA, regionA)
	m := createKey(t, client, nil)
	ec := map[string]string{"aws:ebs:id": "vol-1"}
	tests := []struct {
		name  string
		spec  types.DataKeySpec
		bytes *int32
		size  int
		code  string
	}{
		{"AES_256", types.DataKeySpecAes256, nil, 32, ""},
		{"AES_128", types.DataKeySpecAes128, nil, 16, ""},
		{"one byte", "", aws.Int32(1), 1, ""},
		{"1024 bytes", "", aws.Int32(1024), 1024, ""},
		{"both", types.DataKeySpecAes256, aws.Int32(32), 0, "ValidationException"},
		{"neither", "", nil, 0, "ValidationException"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, err := client.GenerateDataKey(ctx(), &awskms.GenerateDataKeyInput{KeyId: m.KeyId, KeySpec: tt.spec,
				NumberOfBytes: tt.bytes, EncryptionContext: ec})
			if tt.code != "" {
				wantError(t, err, tt.code, "Please specify either number of bytes or key spec.")
				return
			}
			if err != nil || len(out.Plaintext) != tt.size || aws.ToString(out.KeyId) != aws.ToString(m.Arn) {
				t.Fatalf("GenerateDataKey = %+v, %v", out, err)
			}
			dec, err := client.Decrypt(ctx(), &awskms.DecryptInput{CiphertextBlob: out.CiphertextBlob, EncryptionContext: ec})
			if err != nil || !bytes.Equal(dec.Plaintext, out.Plaintext) {
				t.Fatalf("Decrypt of the data key = %v, %v", dec, err)
			}
		})
	}
	wp, err := client.GenerateDataKeyWithoutPlaintext(ctx(), &awskms.GenerateDataKeyWithoutPlaintextInput{KeyId: m.KeyId,
		NumberOfBytes: aws.Int32(64), EncryptionContext: ec})
	if err != nil || aws.ToString(wp.KeyId) != aws.ToString(m.Arn) {
		t.Fatalf("GenerateDataKeyWithoutPlaintext = %+v, %v", wp, err)
	}
	dec, err := client.Decrypt(ctx(), &awskms.DecryptInput{CiphertextBlob: wp.CiphertextBlob, EncryptionContext: ec})
	if err != nil || len(dec.Plaintext) != 64 {
		t.Fatalf("Decrypt = %v, %v", dec, err)
	}
}

func TestReEncrypt(t *testing.T) {
	e := newEnv(t)
	client := e.root(acctA, regionA)
	src := createKey(t, client, nil)
	dst := createKey(t, client, nil)
	enc, err := client.Encrypt(ctx(), &awskms.EncryptInput{KeyId: src.KeyId, Plaintext: []byte("moved"),
		EncryptionContext: map[string]string{"from": "a"}})
	if err != nil {
		t.Fatal(err)
	}
	_, err = client.ReEncrypt(ctx(), &awskms.ReEncryptInput{CiphertextBlob: enc.CiphertextBlob, DestinationKeyId: dst.KeyId})
	wantError(t, err, "InvalidCiphertextException", "")
	re, err := client.ReEncrypt(ctx(), &awskms.ReEncryptInput{CiphertextBlob: enc.CiphertextBlob, DestinationKeyId: dst.Arn,
		SourceEncryptionContext: map[string]string{"from": "a"}, DestinationEncryptionContext: map[string]string{"to": "b"}})
	if err != nil || aws.ToString(re.SourceKeyId) != aws.ToString(src.Arn) || aws.ToString(re.KeyId) != aws.ToString(dst.Arn) {
		t.Fatalf("ReEncrypt = %+v, %v", re, err)
	}
	dec, err := client.Decrypt(ctx(), &awskms.DecryptInput{CiphertextBlob: re.CiphertextBlob, EncryptionContext: map[string]string{"to": "b"}})
	if err != nil || string(dec.Plaintext) != "moved" || aws.ToString(dec.KeyId) != aws.ToString(dst.Arn) {
		t.Fatalf("Decrypt = %+v, %v", dec, err)
	}
}

func TestGenerateRandom(t *testing.T) {
	e := newEnv(t)
	client := e.root(acctA, regionA)
	out, err := client.GenerateRandom(ctx(), &awskms.GenerateRandomInput{NumberOfBytes: aws.Int32(1024)})
	if err != nil || len(out.Plaintext) != 1024 {
		t.Fatalf("GenerateRandom = %v, %v", out, err)
	}
	_, err = client.GenerateRandom(ctx(), &awskms.GenerateRandomInput{})
	wantError(t, err, "ValidationException", "NumberOfBytes is required.")
	_, err = client.GenerateRandom(ctx(), &awskms.GenerateRandomInput{NumberOfBytes: aws.Int32(1025)})
	wantError(t, err, "ValidationException",
		"1 validation error detected: Value '1025' at 'numberOfBytes' failed to satisfy constraint: Member must have value less than or equal to 1024")
}
