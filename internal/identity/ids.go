package identity

import (
	"encoding/base64"
	"io"
	"time"

	"github.com/amityhq/amity/internal/awsid"
)

// Prefixes of AWS's unique identifiers.
const (
	PrefixAccessKey       = "AKIA" // long-term access key
	PrefixSessionKey      = "ASIA" // STS temporary access key
	PrefixUser            = "AIDA"
	PrefixRole            = "AROA"
	PrefixGroup           = "AGPA"
	PrefixPolicy          = "ANPA"
	PrefixInstanceProfile = "AIPA"
	// PrefixServiceCredential begins a service-specific credential's id
	// ("ACCAEXAMPLE123EXAMPLE" [AWS CLI list-service-specific-credentials
	// example]).
	PrefixServiceCredential = "ACCA"
)

func (r *Registry) random(n int) []byte {
	b := make([]byte, n)
	if _, err := io.ReadFull(r.opts.Rand, b); err != nil {
		panic("identity: random source failed: " + err.Error())
	}
	return b
}

// UniqueID returns an identifier like AWS's: the prefix and 17 characters
// of upper-case letters and digits (21 in all; access keys are 20).
func (r *Registry) UniqueID(prefix string) string {
	n := 17
	if prefix == PrefixAccessKey || prefix == PrefixSessionKey {
		n = 16
	}
	id, err := awsid.Unique(r.opts.Rand, prefix, n)
	if err != nil {
		panic("identity: random source failed: " + err.Error())
	}
	return id
}

func (r *Registry) randomDigits(n int) string {
	b := r.random(n)
	for i := range b {
		b[i] = '0' + b[i]%10
	}
	if b[0] == '0' {
		b[0] = '1'
	}
	return string(b)
}

// NewAccessKey returns a new active long-term credential of the given kind
// (not yet stored): a 20-character AKIA key id and a 40-character secret.
func (r *Registry) NewAccessKey(account string, kind CredentialKind) *Credential {
	return r.newKey(PrefixAccessKey, account, kind)
}

// NewTemporaryKey returns new STS credentials (ASIA key id) of the given
// kind, with a session expiring at expiration; the caller fills in the
// rest of the session, then SealSession gives it its token.
func (r *Registry) NewTemporaryKey(account string, kind CredentialKind, expiration time.Time) *Credential {
	c := r.newKey(PrefixSessionKey, account, kind)
	c.Session = &Session{Expiration: expiration.UTC()}
	return c
}

func (r *Registry) newKey(prefix, account string, kind CredentialKind) *Credential {
	return &Credential{
		AccessKeyID: r.UniqueID(prefix),
		Secret:      base64.StdEncoding.EncodeToString(r.random(30)),
		Account:     account,
		Kind:        kind,
		Status:      StatusActive,
		Created:     r.opts.Now().UTC(),
	}
}
