package datadir

import (
	"crypto/hkdf"
	"crypto/sha256"
	"encoding/hex"

	"github.com/amityhq/amity/internal/store/seal"
)

// AdminToken returns the admin token of the data directory dir, which must
// have been opened before: a secret derived from its master key (HKDF-SHA256,
// info "amity/admin-token/v1"). Whoever can read the master key — the
// key file is private to its owner — can show it, and a web page cannot:
// amity's own endpoints that hand out credentials ask for it. getenv
// supplies seal.EnvMasterKey as for Open.
func AdminToken(dir string, getenv func(string) string) (string, error) {
	key, err := seal.ReadKey(dir, getenv)
	if err != nil {
		return "", err
	}
	return adminToken(key), nil
}

func adminToken(masterKey []byte) string {
	// HKDF cannot fail for a 32-byte output from SHA-256.
	token, _ := hkdf.Key(sha256.New, masterKey, nil, "amity/admin-token/v1", 32)
	return hex.EncodeToString(token)
}
