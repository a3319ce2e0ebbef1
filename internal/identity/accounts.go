package identity

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/amityhq/amity/internal/store"
)

const accountsTable = "accounts"

// IsAccountID reports whether s is a 12-digit account id.
func IsAccountID(s string) bool {
	if len(s) != 12 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// getAccount reads an account inside a transaction (ErrNoSuchAccount).
func getAccount(tx store.Tx, id string) (*Account, error) {
	raw, err := tx.Get(accountsTable, id)
	if errors.Is(err, store.ErrNotFound) || errors.Is(err, store.ErrInvalid) {
		return nil, ErrNoSuchAccount
	}
	if err != nil {
		return nil, err
	}
	var a Account
	return &a, json.Unmarshal(raw, &a)
}

// putAccount writes an account inside a transaction.
func (r *Registry) putAccount(tx store.Tx, a *Account) error {
	raw, err := json.Marshal(a)
	if err != nil {
		return err
	}
	tx.AfterCommit(func() { r.cache.dropAccount(a.ID) })
	return tx.Put(accountsTable, a.ID, raw)
}

// Account returns an account (ErrNoSuchAccount).
func (r *Registry) Account(ctx context.Context, id string) (*Account, error) {
	a, generation := r.cache.account(id)
	if a != nil {
		return a, nil
	}
	err := r.store.View(ctx, func(tx store.Tx) error {
		var err error
		a, err = getAccount(tx, id)
		return err
	})
	if err != nil {
		return nil, err
	}
	r.cache.putAccount(a, generation)
	return a, nil
}

// EnsureAccount returns the account, creating it when absent.
func (r *Registry) EnsureAccount(ctx context.Context, id string) (*Account, error) {
	if a, err := r.Account(ctx, id); !errors.Is(err, ErrNoSuchAccount) {
		return a, err
	}
	var a *Account
	err := r.store.Update(ctx, func(tx store.Tx) error {
		var err error
		if a, err = getAccount(tx, id); !errors.Is(err, ErrNoSuchAccount) {
			return err // created meanwhile, or a real error
		}
		a = &Account{ID: id, Created: r.opts.Now().UTC()}
		return r.putAccount(tx, a)
	})
	return a, err
}

// CreateAccount creates an account with root access keys and returns both.
// An empty id picks a random one; an existing id fails with
// ErrAccountExists.
func (r *Registry) CreateAccount(ctx context.Context, id string) (*Account, *Credential, error) {
	var a *Account
	var root *Credential
	err := r.store.Update(ctx, func(tx store.Tx) error {
		if id == "" {
			id = r.randomDigits(12)
		}
		if _, err := getAccount(tx, id); !errors.Is(err, ErrNoSuchAccount) {
			if err == nil {
				return ErrAccountExists
			}
			return err
		}
		a = &Account{ID: id, Created: r.opts.Now().UTC()}
		if err := r.putAccount(tx, a); err != nil {
			return err
		}
		root = r.NewAccessKey(id, KindRoot)
		return r.PutCredential(tx, root)
	})
	return a, root, err
}

// ListAccounts returns every account, by id.
func (r *Registry) ListAccounts(ctx context.Context) ([]*Account, error) {
	var out []*Account
	err := r.store.View(ctx, func(tx store.Tx) error {
		return tx.Scan(accountsTable, "", "", func(_ string, raw []byte) (bool, error) {
			var a Account
			if err := json.Unmarshal(raw, &a); err != nil {
				return false, err
			}
			out = append(out, &a)
			return true, nil
		})
	})
	return out, err
}

// SetRegionStatus records an opt-in Region's status for an account
// (RegionEnabled or RegionDisabled). It returns ErrNoSuchAccount, and an
// error for a Region that needs no opt-in or does not exist.
func (r *Registry) SetRegionStatus(ctx context.Context, account, region, status string) error {
	return r.store.Update(ctx, func(tx store.Tx) error {
		a, err := getAccount(tx, account)
		if err != nil {
			return err
		}
		if current, ok := a.RegionStatus(region); !ok || current == RegionEnabledByDefault {
			return fmt.Errorf("identity: %s is not an opt-in Region", region)
		}
		if a.OptInRegions == nil {
			a.OptInRegions = map[string]string{}
		}
		a.OptInRegions[region] = status
		return r.putAccount(tx, a)
	})
}

// ImportRootKey stores a root access key with a chosen id and secret (for
// declarative bootstrap files); the account must exist.
func (r *Registry) ImportRootKey(ctx context.Context, account, accessKeyID, secret string) error {
	return r.store.Update(ctx, func(tx store.Tx) error {
		if _, err := getAccount(tx, account); err != nil {
			return err
		}
		c := r.NewAccessKey(account, KindRoot)
		c.AccessKeyID, c.Secret = accessKeyID, secret
		return r.PutCredential(tx, c)
	})
}

// AccountExists reports, inside a write transaction, whether an account
// exists for policies that name it. With the convenience credentials on,
// every account exists: any 12-digit key id would create it on first use,
// so a trust policy may name an account before it has made a call; the
// account is created here.
func (r *Registry) AccountExists(tx store.Tx, id string) (bool, error) {
	_, err := getAccount(tx, id)
	switch {
	case err == nil:
		return true, nil
	case !errors.Is(err, ErrNoSuchAccount):
		return false, err
	case !r.opts.Convenience:
		return false, nil
	}
	return true, r.putAccount(tx, &Account{ID: id, Created: r.opts.Now().UTC()})
}
