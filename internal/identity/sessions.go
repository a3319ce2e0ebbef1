package identity

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"strings"

	"github.com/amityhq/amity/internal/store"
)

// STS credentials are not stored: the session token carries the session,
// sealed under the master key and bound to its access key id, as AWS's
// tokens carry theirs. So issuing a session writes nothing and a session
// takes no space however many are issued (a steady AssumeRole load once
// grew the store by a record per call, for ever), and an expired token is
// still known for what it is (ExpiredToken) as long as the master key is
// the same. The price: a token of some 600 characters, sealed with a fresh
// nonce each (seal's bound of 2^32 values per key allows a session a
// second for a century).

// sessionTokenPrefix starts every session token, as "IQoJb3JpZ2luX2Vj"
// starts AWS's current ones.
const sessionTokenPrefix = "IQoJb3JpZ2luX2Vj"

// sessionClaims is what a session token seals: the credential, secret
// included.
type sessionClaims struct {
	Credential
	Secret string `json:"secret"`
}

// sessionAD binds a sealed session to its access key id.
func sessionAD(accessKeyID string) []byte { return []byte("sts-session/" + accessKeyID) }

// SealSession writes the session token of new STS credentials (from
// NewTemporaryKey, their session filled in): the credentials are issued,
// with nothing stored.
func (r *Registry) SealSession(c *Credential) error {
	claims, err := json.Marshal(&sessionClaims{Credential: *c, Secret: c.Secret})
	if err != nil {
		return err
	}
	sealed := r.sealer.Seal(claims, sessionAD(c.AccessKeyID))
	c.Session.SessionToken = sessionTokenPrefix + base64.StdEncoding.EncodeToString(sealed)
	return nil
}

// openSession returns the credential a session token seals for
// accessKeyID, and false when the token is not one SealSession wrote for
// that key under this master key.
func (r *Registry) openSession(accessKeyID, token string) (*Credential, bool) {
	text, ok := strings.CutPrefix(token, sessionTokenPrefix)
	if !ok {
		return nil, false
	}
	sealed, err := base64.StdEncoding.DecodeString(text)
	if err != nil {
		return nil, false
	}
	raw, err := r.sealer.Open(sealed, sessionAD(accessKeyID))
	if err != nil {
		return nil, false
	}
	var claims sessionClaims
	if json.Unmarshal(raw, &claims) != nil || claims.Session == nil || claims.AccessKeyID != accessKeyID {
		return nil, false
	}
	c := claims.Credential
	c.Secret = claims.Secret
	c.Session.SessionToken = token
	return &c, true
}

// Resolve returns the credential a request signs with: the session its
// session token seals, else the stored (or convenience) credential of its
// access key id, whose session token the caller then compares. A session
// of a deleted IAM user is unknown. It returns ErrUnknownKey.
func (r *Registry) Resolve(ctx context.Context, accessKeyID, sessionToken string) (*Credential, error) {
	c, ok := r.openSession(accessKeyID, sessionToken)
	if !ok {
		var err error
		if c, err = r.Lookup(ctx, accessKeyID); err != nil {
			return nil, err
		}
	}
	if c.Kind != KindUser || c.Session == nil {
		return c, nil
	}
	err := r.store.View(ctx, func(tx store.Tx) error {
		_, err := tx.Get(endedUsersTable, c.UserID)
		return err
	})
	switch {
	case err == nil:
		return nil, ErrUnknownKey
	case errors.Is(err, store.ErrNotFound), errors.Is(err, store.ErrInvalid):
		return c, nil
	}
	return nil, err
}

// endedUsersTable holds the unique ids of deleted IAM users, whose
// GetSessionToken credentials stop working with them. A user id is never
// reused, so a user created again under the same name has other sessions.
const endedUsersTable = "credentials.ended-users"

// EndUserSessions ends, inside the transaction deleting an IAM user, the
// temporary credentials the user got from GetSessionToken.
func (r *Registry) EndUserSessions(tx store.Tx, userID string) error {
	return tx.Put(endedUsersTable, userID, nil)
}
