package ec2_test

import (
	"crypto/md5"
	"crypto/rsa"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/hex"
	"encoding/pem"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsec2 "github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"
)

// colonHex is openssl's -c form of a digest.
func colonHex(sum []byte) string {
	h := hex.EncodeToString(sum)
	var parts []string
	for i := 0; i < len(h); i += 2 {
		parts = append(parts, h[i:i+2])
	}
	return strings.Join(parts, ":")
}

func TestCreateRSAKeyPair(t *testing.T) {
	e := newEnv(t)
	c := e.ec2(acctA, regionA)
	out := must(c.CreateKeyPair(ctx(), &awsec2.CreateKeyPairInput{KeyName: aws.String("deploy")}))(t)
	block, _ := pem.Decode([]byte(*out.KeyMaterial))
	if block == nil || block.Type != "RSA PRIVATE KEY" {
		t.Fatalf("key material %q", *out.KeyMaterial)
	}
	key, err := x509.ParsePKCS1PrivateKey(block.Bytes)
	if err != nil || key.N.BitLen() != 2048 || key.Validate() != nil {
		t.Fatalf("private key: %v", err)
	}
	// The fingerprint of a created RSA key: SHA-1 of its PKCS#8 DER.
	der, _ := x509.MarshalPKCS8PrivateKey(key)
	sum := sha1.Sum(der)
	if *out.KeyFingerprint != colonHex(sum[:]) || !strings.HasPrefix(*out.KeyPairId, "key-") {
		t.Fatalf("fingerprint %s, want %s; id %s", *out.KeyFingerprint, colonHex(sum[:]), *out.KeyPairId)
	}
	_, err = c.CreateKeyPair(ctx(), &awsec2.CreateKeyPairInput{KeyName: aws.String("deploy")})
	wantError(t, err, "InvalidKeyPair.Duplicate", "The keypair already exists")

	// The kept public key matches the private key.
	kp := must(c.DescribeKeyPairs(ctx(), &awsec2.DescribeKeyPairsInput{KeyNames: []string{"deploy"}, IncludePublicKey: aws.Bool(true)}))(t).KeyPairs
	if len(kp) != 1 || kp[0].KeyType != types.KeyTypeRsa || *kp[0].KeyFingerprint != *out.KeyFingerprint {
		t.Fatalf("described %+v", kp)
	}
	if ssh := sshKeygen(t); ssh != "" {
		path := filepath.Join(t.TempDir(), "deploy.pem")
		if err := os.WriteFile(path, []byte(*out.KeyMaterial), 0o600); err != nil {
			t.Fatal(err)
		}
		pub, err := exec.Command(ssh, "-y", "-f", path).Output()
		if err != nil {
			t.Fatal(err)
		}
		if want := strings.TrimSpace(string(pub)) + " deploy"; *kp[0].PublicKey != want {
			t.Fatalf("public key %q\nssh-keygen -y %q", *kp[0].PublicKey, want)
		}
	}
	_, err = c.DescribeKeyPairs(ctx(), &awsec2.DescribeKeyPairsInput{KeyNames: []string{"nope"}})
	wantError(t, err, "InvalidKeyPair.NotFound", "The key pair 'nope' does not exist")
	del := must(c.DeleteKeyPair(ctx(), &awsec2.DeleteKeyPairInput{KeyName: aws.String("deploy")}))(t)
	if !*del.Return || *del.KeyPairId != *out.KeyPairId {
		t.Fatalf("delete = %+v", del)
	}
	// Deleting again succeeds, as on AWS.
	must(c.DeleteKeyPair(ctx(), &awsec2.DeleteKeyPairInput{KeyName: aws.String("deploy")}))(t)
}

func TestCreateED25519KeyPair(t *testing.T) {
	e := newEnv(t)
	c := e.ec2(acctA, regionA)
	out := must(c.CreateKeyPair(ctx(), &awsec2.CreateKeyPairInput{KeyName: aws.String("ed"), KeyType: types.KeyTypeEd25519,
		TagSpecifications: []types.TagSpecification{{ResourceType: types.ResourceTypeKeyPair, Tags: []types.Tag{{Key: aws.String("k"), Value: aws.String("v")}}}}}))(t)
	if !strings.HasPrefix(*out.KeyMaterial, "-----BEGIN OPENSSH PRIVATE KEY-----") || len(out.Tags) != 1 {
		t.Fatalf("created %+v", out)
	}
	kp := must(c.DescribeKeyPairs(ctx(), &awsec2.DescribeKeyPairsInput{IncludePublicKey: aws.Bool(true),
		Filters: []types.Filter{{Name: aws.String("tag:k"), Values: []string{"v"}}}}))(t).KeyPairs
	if len(kp) != 1 || kp[0].KeyType != types.KeyTypeEd25519 {
		t.Fatalf("described %+v", kp)
	}
	// The fingerprint: base64 SHA-256 of the public key's wire form.
	fields := strings.Fields(*kp[0].PublicKey)
	blob, err := base64.StdEncoding.DecodeString(fields[1])
	if err != nil || fields[0] != "ssh-ed25519" || fields[2] != "ed" {
		t.Fatalf("public key %q", *kp[0].PublicKey)
	}
	sum := sha256.Sum256(blob)
	if *out.KeyFingerprint != base64.StdEncoding.EncodeToString(sum[:]) {
		t.Fatalf("fingerprint %s", *out.KeyFingerprint)
	}
	if ssh := sshKeygen(t); ssh != "" {
		path := filepath.Join(t.TempDir(), "ed")
		if err := os.WriteFile(path, []byte(*out.KeyMaterial), 0o600); err != nil {
			t.Fatal(err)
		}
		pub, err := exec.Command(ssh, "-y", "-f", path).Output()
		if err != nil {
			t.Fatalf("ssh-keygen -y: %v", err)
		}
		if got := strings.Fields(string(pub)); got[1] != fields[1] {
			t.Fatalf("ssh-keygen derives %q, EC2 keeps %q", got[1], fields[1])
		}
	}
	ppk := must(c.CreateKeyPair(ctx(), &awsec2.CreateKeyPairInput{KeyName: aws.String("putty"), KeyFormat: types.KeyFormatPpk}))(t)
	if !strings.HasPrefix(*ppk.KeyMaterial, "PuTTY-User-Key-File-3: ssh-rsa\nEncryption: none\nComment: putty\n") ||
		!strings.Contains(*ppk.KeyMaterial, "\nPrivate-MAC: ") {
		t.Fatalf("ppk %q", *ppk.KeyMaterial)
	}
}

func TestImportKeyPair(t *testing.T) {
	e := newEnv(t)
	c := e.ec2(acctA, regionA)
	ssh := sshKeygen(t)
	if ssh == "" {
		t.Skip("ssh-keygen is not installed")
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "id_rsa")
	if out, err := exec.Command(ssh, "-q", "-t", "rsa", "-b", "2048", "-m", "PEM", "-N", "", "-f", path).CombinedOutput(); err != nil {
		t.Fatalf("ssh-keygen: %v %s", err, out)
	}
	pub, _ := os.ReadFile(path + ".pub")
	imported := must(c.ImportKeyPair(ctx(), &awsec2.ImportKeyPairInput{KeyName: aws.String("mine"), PublicKeyMaterial: pub}))(t)
	// An imported RSA key's fingerprint: MD5 of the DER public key.
	raw, _ := os.ReadFile(path)
	block, _ := pem.Decode(raw)
	key, err := x509.ParsePKCS1PrivateKey(block.Bytes)
	if err != nil {
		t.Fatal(err)
	}
	der, _ := x509.MarshalPKIXPublicKey(key.Public().(*rsa.PublicKey))
	sum := md5.Sum(der)
	if *imported.KeyFingerprint != colonHex(sum[:]) {
		t.Fatalf("fingerprint %s, want %s", *imported.KeyFingerprint, colonHex(sum[:]))
	}
	// RFC 4716 form of the same key is the same key (its name is taken).
	rfc, err := exec.Command(ssh, "-e", "-f", path+".pub").Output()
	if err != nil {
		t.Fatal(err)
	}
	again := must(c.ImportKeyPair(ctx(), &awsec2.ImportKeyPairInput{KeyName: aws.String("mine2"), PublicKeyMaterial: rfc}))(t)
	if *again.KeyFingerprint != *imported.KeyFingerprint {
		t.Fatalf("RFC 4716 import fingerprint %s", *again.KeyFingerprint)
	}
	_, err = c.ImportKeyPair(ctx(), &awsec2.ImportKeyPairInput{KeyName: aws.String("mine"), PublicKeyMaterial: pub})
	wantError(t, err, "InvalidKeyPair.Duplicate", "The keypair already exists")
	_, err = c.ImportKeyPair(ctx(), &awsec2.ImportKeyPairInput{KeyName: aws.String("bad"), PublicKeyMaterial: []byte("ssh-rsa not-base64!")})
	wantError(t, err, "InvalidKey.Format", "Key is not in valid OpenSSH public key format")
	byID := must(c.DescribeKeyPairs(ctx(), &awsec2.DescribeKeyPairsInput{KeyPairIds: []string{*imported.KeyPairId}}))(t).KeyPairs
	if len(byID) != 1 || *byID[0].KeyName != "mine" || byID[0].PublicKey != nil {
		t.Fatalf("by id %+v", byID)
	}
	must(c.DeleteKeyPair(ctx(), &awsec2.DeleteKeyPairInput{KeyPairId: imported.KeyPairId}))(t)
	_, err = c.DescribeKeyPairs(ctx(), &awsec2.DescribeKeyPairsInput{KeyPairIds: []string{*imported.KeyPairId}})
	wantError(t, err, "InvalidKeyPair.NotFound", "")
}

// sshKeygen is ssh-keygen's path, or "" where it is not installed.
func sshKeygen(t *testing.T) string {
	path, err := exec.LookPath("ssh-keygen")
	if err != nil {
		t.Log("ssh-keygen not installed: checked with Go's crypto only")
		return ""
	}
	return path
}
