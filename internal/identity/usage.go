package identity

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"sync"
	"time"

	"github.com/amityhq/amity/internal/store"
)

// KeyUse is when, and for which service and Region, an access key last
// signed a request: what IAM's GetAccessKeyLastUsed reports.
type KeyUse struct {
	Time    time.Time `json:"time"`
	Service string    `json:"service"`
	Region  string    `json:"region"`
}

// keyUsesTable keeps the last use of each stored access key by key id,
// and of each role used through sessions (roleUseKey).
const keyUsesTable = "credentials.last-used"

// keyUses are uses noted since the last flush.
type keyUses struct {
	mu      sync.Mutex
	pending map[string]KeyUse
}

// NoteUse records that a credential signed a request: the use of its
// access key and, for a role session, of its role (GetRole's
// RoleLastUsed). Uses are held in memory and written by FlushUses: a write
// per request would cost an fsync, and AWS too reports last use with a
// delay (IAM documents up to four hours).
func (r *Registry) NoteUse(c *Credential, service, region string, t time.Time) {
	use := KeyUse{Time: t.UTC(), Service: service, Region: region}
	r.uses.mu.Lock()
	if r.uses.pending == nil {
		r.uses.pending = map[string]KeyUse{}
	}
	r.uses.pending[c.AccessKeyID] = use
	if c.Kind == KindSession {
		r.uses.pending[roleUseKey(c.Account, c.Session.RoleName)] = use
	}
	r.uses.mu.Unlock()
}

// roleUseKey names a role's last use beside the access keys' (key ids
// have no slash).
func roleUseKey(account, role string) string {
	return "role/" + account + "/" + strings.ToLower(role)
}

// RoleUse returns, inside a transaction, a role's last use by any of its
// sessions; ok is false when the role has not been used.
func (r *Registry) RoleUse(tx store.Tx, account, role string) (use KeyUse, ok bool, err error) {
	return r.lastUse(tx, roleUseKey(account, role))
}

// LastUse returns an access key's last recorded use; ok is false when the
// key has not been used.
func (r *Registry) LastUse(ctx context.Context, accessKeyID string) (use KeyUse, ok bool, err error) {
	err = r.store.View(ctx, func(tx store.Tx) error {
		use, ok, err = r.lastUse(tx, accessKeyID)
		return err
	})
	return use, ok, err
}

// lastUse reads a use not yet flushed, else the stored one.
func (r *Registry) lastUse(tx store.Tx, key string) (use KeyUse, ok bool, err error) {
	r.uses.mu.Lock()
	use, ok = r.uses.pending[key]
	r.uses.mu.Unlock()
	if ok {
		return use, true, nil
	}
	raw, err := tx.Get(keyUsesTable, key)
	if errors.Is(err, store.ErrNotFound) || errors.Is(err, store.ErrInvalid) {
		return use, false, nil
	}
	if err != nil {
		return use, false, err
	}
	return use, true, json.Unmarshal(raw, &use)
}

// FlushUses writes the uses noted since the last flush, in one
// transaction, for the keys that still exist, and returns how many it
// wrote. On failure the uses are kept for the next flush.
func (r *Registry) FlushUses(ctx context.Context) (int, error) {
	r.uses.mu.Lock()
	pending := r.uses.pending
	r.uses.pending = nil
	r.uses.mu.Unlock()
	if len(pending) == 0 {
		return 0, nil
	}
	var written int
	err := r.store.Update(ctx, func(tx store.Tx) error {
		for id, use := range pending {
			isKey := !strings.HasPrefix(id, "role/") // a role's use outlives its sessions
			if _, err := tx.Get(credentialsTable, id); isKey && err != nil {
				continue // a deleted key, or a convenience key that is not stored
			}
			raw, err := json.Marshal(use)
			if err != nil {
				return err
			}
			if err := tx.Put(keyUsesTable, id, raw); err != nil {
				return err
			}
			written++
		}
		return nil
	})
	if err != nil {
		r.uses.mu.Lock()
		if r.uses.pending == nil {
			r.uses.pending = map[string]KeyUse{}
		}
		for id, use := range pending {
			if _, newer := r.uses.pending[id]; !newer {
				r.uses.pending[id] = use
			}
		}
		r.uses.mu.Unlock()
		return 0, err
	}
	return written, nil
}
