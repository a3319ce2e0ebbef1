package identity

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/amityhq/amity/internal/store"
)

// Sealer seals secrets at rest (the store's master key).
type Sealer interface {
	Seal(plaintext, associatedData []byte) []byte
	Open(sealed, associatedData []byte) ([]byte, error)
}

// Options configure a Registry.
type Options struct {
	// Convenience keeps LocalStack users' habits: access key id "test" with
	// secret "test" is the root of account 000000000000, and a 12-digit
	// access key id with secret "test" is the root of that account, which
	// is created on its first signed request. amity serve --strict turns it
	// off.
	Convenience bool
	Now         func() time.Time // default time.Now
	Rand        io.Reader        // default crypto/rand
}

// Registry is the accounts and credentials of one amity.
type Registry struct {
	store  store.Store
	sealer Sealer
	opts   Options
	uses   keyUses
	cache  *cache
}

// Errors of the registry's contracts.
var (
	ErrNoSuchAccount = errors.New("identity: no such account")
	ErrUnknownKey    = errors.New("identity: unknown access key")
	ErrAccountExists = errors.New("identity: account exists")
)

const credentialsTable = "credentials"

// New returns the registry kept in st, with secrets sealed by sealer.
func New(st store.Store, sealer Sealer, opts Options) *Registry {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Rand == nil {
		opts.Rand = rand.Reader
	}
	return &Registry{store: st, sealer: sealer, opts: opts, cache: newCache()}
}

// Now returns the registry's clock.
func (r *Registry) Now() time.Time { return r.opts.Now() }

// Lookup returns the credential of an access key id, with its secret (and
// session token) opened. It returns ErrUnknownKey when there is none; an
// inactive key is returned with its Status, for the caller to refuse. A
// convenience credential's account may not exist yet: AccountOf creates
// it, once the credential has signed a request.
func (r *Registry) Lookup(ctx context.Context, accessKeyID string) (*Credential, error) {
	if c, ok := r.convenience(accessKeyID); ok {
		return c, nil
	}
	c, generation := r.cache.credential(accessKeyID)
	if c != nil {
		return c, nil
	}
	err := r.store.View(ctx, func(tx store.Tx) error {
		var err error
		c, err = r.GetCredential(tx, accessKeyID)
		return err
	})
	if err != nil {
		return nil, err
	}
	r.cache.putCredential(c, generation)
	return c, nil
}

// Convenience reports whether the LocalStack-style root keys are on
// (Options.Convenience).
func (r *Registry) Convenience() bool { return r.opts.Convenience }

// IsConvenienceKey reports whether accessKeyID is one of the
// LocalStack-style root keys, with the secret "test", and they are on.
func (r *Registry) IsConvenienceKey(accessKeyID string) bool {
	_, ok := r.convenienceAccount(accessKeyID)
	return ok
}

// convenience resolves the LocalStack-style root keys when enabled.
func (r *Registry) convenience(accessKeyID string) (*Credential, bool) {
	account, ok := r.convenienceAccount(accessKeyID)
	if !ok {
		return nil, false
	}
	return &Credential{AccessKeyID: accessKeyID, Secret: "test", Account: account, Kind: KindRoot,
		Status: StatusActive}, true
}

// convenienceAccount is the account whose root a convenience access key id
// is, when the convenience credentials are on.
func (r *Registry) convenienceAccount(accessKeyID string) (string, bool) {
	switch {
	case !r.opts.Convenience:
		return "", false
	case accessKeyID == "test":
		return "000000000000", true
	case IsAccountID(accessKeyID):
		return accessKeyID, true
	}
	return "", false
}

// AccountOf returns the account of a credential that has signed a request:
// for a convenience credential the account is created here, on first use,
// so that a request whose signature fails creates nothing. It returns
// ErrNoSuchAccount.
func (r *Registry) AccountOf(ctx context.Context, c *Credential) (*Account, error) {
	if account, ok := r.convenienceAccount(c.AccessKeyID); ok && c.Kind == KindRoot {
		return r.EnsureAccount(ctx, account)
	}
	return r.Account(ctx, c.Account)
}

// credentialRecord is a Credential as stored: secrets sealed, bound to the
// access key id.
type credentialRecord struct {
	Credential
	SealedSecret []byte `json:"sealedSecret"`
	SealedToken  []byte `json:"sealedToken,omitempty"`
}

// GetCredential reads a credential inside a transaction (ErrUnknownKey).
func (r *Registry) GetCredential(tx store.Tx, accessKeyID string) (*Credential, error) {
	raw, err := tx.Get(credentialsTable, accessKeyID)
	if errors.Is(err, store.ErrNotFound) || errors.Is(err, store.ErrInvalid) {
		return nil, ErrUnknownKey
	}
	if err != nil {
		return nil, err
	}
	var rec credentialRecord
	if err := json.Unmarshal(raw, &rec); err != nil {
		return nil, fmt.Errorf("identity: credential %s: %w", accessKeyID, err)
	}
	ad := []byte(accessKeyID)
	secret, err := r.sealer.Open(rec.SealedSecret, ad)
	if err != nil {
		return nil, fmt.Errorf("identity: credential %s: %w", accessKeyID, err)
	}
	c := rec.Credential
	c.Secret = string(secret)
	if c.Session != nil {
		s := *c.Session
		token, err := r.sealer.Open(rec.SealedToken, ad)
		if err != nil {
			return nil, fmt.Errorf("identity: session %s: %w", accessKeyID, err)
		}
		s.SessionToken = string(token)
		c.Session = &s
	}
	return &c, nil
}

// PutCredential stores c inside a transaction.
func (r *Registry) PutCredential(tx store.Tx, c *Credential) error {
	ad := []byte(c.AccessKeyID)
	rec := credentialRecord{Credential: *c, SealedSecret: r.sealer.Seal([]byte(c.Secret), ad)}
	if c.Session != nil {
		rec.SealedToken = r.sealer.Seal([]byte(c.Session.SessionToken), ad)
	}
	raw, err := json.Marshal(&rec)
	if err != nil {
		return err
	}
	id := c.AccessKeyID
	tx.AfterCommit(func() { r.cache.dropCredential(id) })
	if err := tx.Put(credentialsTable, c.AccessKeyID, raw); err != nil {
		return err
	}
	if c.longTermUserKey() {
		return tx.Put(userKeysTable, userKeyIndex(c.Account, c.UserName, c.AccessKeyID), nil)
	}
	return nil
}

// longTermUserKey reports whether c is one of a user's access keys (as
// ListAccessKeys shows them), not temporary credentials of the user.
func (c *Credential) longTermUserKey() bool { return c.Kind == KindUser && c.Session == nil }

// DeleteCredential removes a credential inside a transaction.
func (r *Registry) DeleteCredential(tx store.Tx, c *Credential) error {
	id := c.AccessKeyID
	tx.AfterCommit(func() { r.cache.dropCredential(id) })
	if c.longTermUserKey() {
		if err := tx.Delete(userKeysTable, userKeyIndex(c.Account, c.UserName, c.AccessKeyID)); err != nil {
			return err
		}
	}
	if err := tx.Delete(keyUsesTable, c.AccessKeyID); err != nil {
		return err
	}
	return tx.Delete(credentialsTable, c.AccessKeyID)
}

// userKeysTable indexes IAM users' access keys: ACCOUNT/USER/KEY-ID.
const userKeysTable = "credentials.user"

func userKeyIndex(account, user, accessKeyID string) string {
	return account + "/" + user + "/" + accessKeyID
}

// UserAccessKeys returns the access keys of an IAM user, oldest id first.
func (r *Registry) UserAccessKeys(tx store.Tx, account, user string) ([]*Credential, error) {
	var keys []*Credential
	prefix := account + "/" + user + "/"
	err := tx.Scan(userKeysTable, prefix, "", func(key string, _ []byte) (bool, error) {
		c, err := r.GetCredential(tx, key[len(prefix):])
		if err != nil {
			return false, err
		}
		keys = append(keys, c)
		return true, nil
	})
	return keys, err
}

// Save stores c in a transaction of its own.
func (r *Registry) Save(ctx context.Context, c *Credential) error {
	return r.store.Update(ctx, func(tx store.Tx) error { return r.PutCredential(tx, c) })
}
