package kms

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"time"

	"github.com/amityhq/amity/internal/api/kmsapi"
)

// importedMaterial is what a key of Origin EXTERNAL keeps about its
// imported key material. Versions run beside keyRecord.Material: a
// version whose material was deleted keeps its entry, with nil material.
type importedMaterial struct {
	Versions []importedVersion `json:"versions,omitempty"`
	// Pending is material imported as NEW_KEY_MATERIAL into a key that
	// has material already: the next on-demand rotation makes it current.
	Pending *pendingMaterial `json:"pending,omitempty"`
	// Parameters are the GetParametersForImport answers not yet expired.
	Parameters []importParameters `json:"parameters,omitempty"`
}

// importedVersion is one version's import: its KeyMaterialId, its
// description and when it expires.
type importedVersion struct {
	ID          string    `json:"id"`
	Description string    `json:"description,omitempty"`
	Expires     bool      `json:"expires,omitempty"`
	ValidTo     time.Time `json:"validTo,omitzero"`
}

func (v importedVersion) expirationModel() string {
	if v.Expires {
		return kmsapi.ExpirationModelTypeKeyMaterialExpires
	}
	return kmsapi.ExpirationModelTypeKeyMaterialDoesNotExpire
}

// pendingMaterial is imported material waiting for a rotation, sealed
// for the version it will become.
type pendingMaterial struct {
	Sealed  []byte          `json:"sealed"`
	Version importedVersion `json:"version"`
}

// importParameters is one GetParametersForImport answer: the import token
// and the wrapping key pair's private key, sealed, valid 24 hours.
type importParameters struct {
	Token       []byte    `json:"token"`
	WrappingKey []byte    `json:"wrappingKey"` // sealed PKCS#8
	Spec        string    `json:"spec"`
	Algorithm   string    `json:"algorithm"`
	ValidTo     time.Time `json:"validTo"`
}

// importParametersLifetime is how long a wrapping key and its import
// token may be used [KMS API reference, GetParametersForImport].
const importParametersLifetime = 24 * time.Hour

// maxImportParameters bounds the outstanding GetParametersForImport
// answers a key keeps; the oldest goes first.
const maxImportParameters = 10

// wrappingKeyVersion is the version the sealed private keys of import
// parameters are bound to: no key material has version 0.
const wrappingKeyVersion = 0

// importedMaterialID is the KeyMaterialId of imported material: "based on
// the KMS key ID and the imported key material" [KMS API reference,
// ImportKeyMaterial], so that reimporting the same material gives the
// same id. An HMAC keyed by the material reveals nothing of it.
func importedMaterialID(account, keyID string, material []byte) string {
	h := hmac.New(sha256.New, material)
	h.Write([]byte("amity kms imported key material id\x00" + account + "\x00" + keyID))
	return hex.EncodeToString(h.Sum(nil))
}

// versionOf returns the version (from 1) whose KeyMaterialId is id; 0
// when none has.
func (im *importedMaterial) versionOf(id string) uint32 {
	for i, v := range im.Versions {
		if v.ID == id {
			return uint32(i + 1)
		}
	}
	return 0
}

// parameters returns the unexpired parameters of token; expired is true
// when the token was issued and has expired.
func (im *importedMaterial) parameters(token []byte, now time.Time) (p *importParameters, expired bool) {
	for i := range im.Parameters {
		if hmac.Equal(im.Parameters[i].Token, token) {
			if !now.Before(im.Parameters[i].ValidTo) {
				return nil, true
			}
			return &im.Parameters[i], false
		}
	}
	return nil, false
}
