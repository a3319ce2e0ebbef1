package ec2

import (
	"bytes"
	"crypto/ed25519"
	"crypto/hmac"
	"crypto/md5"
	"crypto/rsa"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"io"
	"math/big"
	"strconv"
	"strings"
)

// Key material as EC2 hands it out and takes it in [EC2 API reference,
// CreateKeyPair: "an unencrypted PEM encoded PKCS#1 private key or an
// unencrypted PPK formatted private key"; KeyPairInfo.KeyFingerprint:
// created RSA keys "the SHA-1 digest of the DER encoded private key",
// imported RSA keys the MD5 public key fingerprint, ED25519 keys "the
// base64-encoded SHA-256 digest"; EC2 User Guide, "Verify the
// fingerprint": `openssl pkcs8 … -topk8 -nocrypt | openssl sha1 -c` and
// `openssl rsa -pubout -outform DER | openssl md5 -c`]. Private keys are
// returned once and never kept.

const (
	sshRSA     = "ssh-rsa"
	sshEd25519 = "ssh-ed25519"
)

// keyPairMaterial is a new key pair: the private key to return once, and
// what EC2 keeps.
type keyPairMaterial struct {
	private     string
	public      string // authorized_keys form: "ssh-rsa AAAA…"
	fingerprint string
}

// newKeyPair generates a key of typ ("rsa": 2048 bits, or "ed25519") and
// writes its private key in format ("pem" or "ppk"), comment being the
// key's name.
func newKeyPair(rand io.Reader, typ, format, comment string) (keyPairMaterial, error) {
	if typ == "ed25519" {
		pub, priv, err := ed25519.GenerateKey(rand)
		if err != nil {
			return keyPairMaterial{}, err
		}
		blob := ed25519Blob(pub)
		m := keyPairMaterial{public: authorized(blob), fingerprint: sha256Fingerprint(blob)}
		if format == "ppk" {
			m.private = ppk(sshEd25519, comment, blob, sshString(priv.Seed()))
		} else {
			m.private, err = openSSHPrivate(rand, blob, priv, comment)
		}
		return m, err
	}
	key, err := rsa.GenerateKey(rand, 2048)
	if err != nil {
		return keyPairMaterial{}, err
	}
	der, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return keyPairMaterial{}, err
	}
	blob := rsaBlob(&key.PublicKey)
	m := keyPairMaterial{public: authorized(blob), fingerprint: colonHex(sha1Sum(der))}
	if format == "ppk" {
		private := concat(mpint(key.D), mpint(key.Primes[0]), mpint(key.Primes[1]), mpint(key.Precomputed.Qinv))
		m.private = ppk(sshRSA, comment, blob, private)
	} else {
		m.private = string(pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(key)}))
	}
	return m, nil
}

var errKeyFormat = errors.New("ec2: key material is not a supported public key")

// importedKey reads ImportKeyPair's material — an OpenSSH public key, an
// RFC 4716 SSH2 public key, or a base64 DER (RSA) public key — and
// returns its type, its authorized_keys form and its fingerprint. RSA keys
// must be 1024, 2048 or 4096 bits [EC2 User Guide, "Create a key pair
// using a third-party tool and import the public key"].
func importedKey(material []byte) (typ, public, fingerprint string, err error) {
	blob, err := publicBlob(bytes.TrimSpace(material))
	if err != nil {
		return "", "", "", err
	}
	kind, rest, ok := readString(blob)
	switch {
	case !ok:
		return "", "", "", errKeyFormat
	case string(kind) == sshEd25519:
		pub, rest, ok := readString(rest)
		if !ok || len(pub) != ed25519.PublicKeySize || len(rest) != 0 {
			return "", "", "", errKeyFormat
		}
		return "ed25519", authorized(blob), sha256Fingerprint(blob), nil
	case string(kind) == sshRSA:
		e, rest, ok1 := readString(rest)
		n, rest, ok2 := readString(rest)
		if !ok1 || !ok2 || len(rest) != 0 {
			return "", "", "", errKeyFormat
		}
		key := &rsa.PublicKey{N: new(big.Int).SetBytes(n), E: int(new(big.Int).SetBytes(e).Int64())}
		if bits := key.N.BitLen(); bits != 1024 && bits != 2048 && bits != 4096 {
			return "", "", "", errKeyFormat
		}
		der, err := x509.MarshalPKIXPublicKey(key)
		if err != nil {
			return "", "", "", errKeyFormat
		}
		sum := md5.Sum(der)
		return "rsa", authorized(blob), colonHex(sum[:]), nil
	}
	return "", "", "", errKeyFormat
}

// publicBlob decodes a public key's SSH wire form from any of the
// accepted encodings.
func publicBlob(text []byte) ([]byte, error) {
	s := string(text)
	if strings.HasPrefix(s, "---- BEGIN SSH2 PUBLIC KEY ----") {
		var body strings.Builder
		continued := false
		for _, line := range strings.Split(s, "\n")[1:] {
			line = strings.TrimSpace(line)
			switch {
			case strings.HasPrefix(line, "---- END SSH2 PUBLIC KEY ----"):
				return base64.StdEncoding.DecodeString(body.String())
			case continued || strings.Contains(line, ":"):
				continued = strings.HasSuffix(line, "\\")
			default:
				body.WriteString(line)
			}
		}
		return nil, errKeyFormat
	}
	if fields := strings.Fields(s); len(fields) >= 2 && (fields[0] == sshRSA || fields[0] == sshEd25519) {
		blob, err := base64.StdEncoding.DecodeString(fields[1])
		if err != nil {
			return nil, errKeyFormat
		}
		if kind, _, ok := readString(blob); !ok || string(kind) != fields[0] {
			return nil, errKeyFormat
		}
		return blob, nil
	}
	der, err := base64.StdEncoding.DecodeString(strings.Join(strings.Fields(s), ""))
	if err != nil {
		return nil, errKeyFormat
	}
	pub, err := x509.ParsePKIXPublicKey(der)
	if err != nil {
		return nil, errKeyFormat
	}
	if key, ok := pub.(*rsa.PublicKey); ok {
		return rsaBlob(key), nil
	}
	return nil, errKeyFormat
}

// rsaBlob and ed25519Blob are public keys in the SSH wire form
// [RFC 4253 §6.6; RFC 8709].
func rsaBlob(k *rsa.PublicKey) []byte {
	return concat(sshString([]byte(sshRSA)), mpint(big.NewInt(int64(k.E))), mpint(k.N))
}

func ed25519Blob(pub ed25519.PublicKey) []byte {
	return concat(sshString([]byte(sshEd25519)), sshString(pub))
}

// authorized is a blob in authorized_keys form, without comment.
func authorized(blob []byte) string {
	kind, _, _ := readString(blob)
	return string(kind) + " " + base64.StdEncoding.EncodeToString(blob)
}

// sha256Fingerprint is OpenSSH's SHA256 fingerprint as EC2 shows it:
// base64 of the digest of the key's wire form, with its padding
// (UNVERIFIED: the padding).
func sha256Fingerprint(blob []byte) string {
	sum := sha256.Sum256(blob)
	return base64.StdEncoding.EncodeToString(sum[:])
}

func sha1Sum(b []byte) []byte {
	sum := sha1.Sum(b)
	return sum[:]
}

// colonHex is a digest as `openssl … -c` prints it: aa:bb:….
func colonHex(sum []byte) string {
	parts := make([]string, len(sum))
	for i, b := range sum {
		parts[i] = hex.EncodeToString([]byte{b})
	}
	return strings.Join(parts, ":")
}

// openSSHPrivate writes an ED25519 private key in OpenSSH's format
// (openssh-key-v1, unencrypted) [OpenSSH PROTOCOL.key].
func openSSHPrivate(rand io.Reader, blob []byte, priv ed25519.PrivateKey, comment string) (string, error) {
	check := make([]byte, 4)
	if _, err := io.ReadFull(rand, check); err != nil {
		return "", err
	}
	pub := priv.Public().(ed25519.PublicKey)
	private := concat(check, check, sshString([]byte(sshEd25519)), sshString(pub), sshString(priv), sshString([]byte(comment)))
	for i := byte(1); len(private)%8 != 0; i++ {
		private = append(private, i)
	}
	none := sshString([]byte("none"))
	body := concat([]byte("openssh-key-v1\x00"), none, none, sshString(nil), uint32Bytes(1), sshString(blob), sshString(private))
	return string(pem.EncodeToMemory(&pem.Block{Type: "OPENSSH PRIVATE KEY", Bytes: body})), nil
}

// ppk writes a private key in PuTTY's format, version 3, unencrypted:
// its MAC is HMAC-SHA-256 under an empty key [PuTTY manual, appendix C].
// The ED25519 private part is the 32-byte seed as a string (UNVERIFIED
// against PuTTYgen).
func ppk(kind, comment string, public, private []byte) string {
	mac := hmac.New(sha256.New, nil)
	mac.Write(concat(sshString([]byte(kind)), sshString([]byte("none")), sshString([]byte(comment)), sshString(public), sshString(private)))
	var b strings.Builder
	b.WriteString("PuTTY-User-Key-File-3: " + kind + "\nEncryption: none\nComment: " + comment + "\n")
	writeLines := func(label string, data []byte) {
		enc := base64.StdEncoding.EncodeToString(data)
		var lines []string
		for len(enc) > 64 {
			lines, enc = append(lines, enc[:64]), enc[64:]
		}
		lines = append(lines, enc)
		b.WriteString(label + "-Lines: " + strconv.Itoa(len(lines)) + "\n" + strings.Join(lines, "\n") + "\n")
	}
	writeLines("Public", public)
	writeLines("Private", private)
	b.WriteString("Private-MAC: " + hex.EncodeToString(mac.Sum(nil)) + "\n")
	return b.String()
}

// SSH wire encoding [RFC 4251 §5].
func sshString(b []byte) []byte { return append(uint32Bytes(uint32(len(b))), b...) }

func uint32Bytes(n uint32) []byte { return binary.BigEndian.AppendUint32(nil, n) }

func mpint(n *big.Int) []byte {
	b := n.Bytes()
	if len(b) > 0 && b[0]&0x80 != 0 {
		b = append([]byte{0}, b...)
	}
	return sshString(b)
}

func readString(b []byte) (s, rest []byte, ok bool) {
	if len(b) < 4 {
		return nil, nil, false
	}
	n := binary.BigEndian.Uint32(b)
	if uint64(n) > uint64(len(b)-4) {
		return nil, nil, false
	}
	return b[4 : 4+n], b[4+n:], true
}

// concat concatenates byte slices.
func concat(parts ...[]byte) []byte { return bytes.Join(parts, nil) }
