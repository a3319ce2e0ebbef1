package identity

import (
	"context"
	"encoding/json"
	"errors"
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

// keyUsesTable keeps the last use of each stored access key by key id.
const keyUsesTable = "credentials.last-used"

// keyUses are uses noted since the last flush.
type keyUses struct {
	mu      sync.Mutex
	pending map[string]KeyUse
}

// NoteUse records that an access key signed a request. Uses are held in
// memory and written by FlushUses: a write per request would cost an fsync,
// and AWS too reports last use with a delay (IAM documents up to four
// hours).
func (r *Registry) NoteUse(accessKeyID, service, region string, t time.Time) {
	r.uses.mu.Lock()
	if r.uses.pending == nil {
		r.uses.pending = map[string]KeyUse{}
	}
	r.uses.pending[accessKeyID] = KeyUse{Time: t.UTC(), Service: service, Region: region}
	r.uses.mu.Unlock()
}

// LastUse returns an access key's last recorded use; ok is false when the
// key has not been used.
func (r *Registry) LastUse(ctx context.Context, accessKeyID string) (use KeyUse, ok bool, err error) {
	r.uses.mu.Lock()
	use, ok = r.uses.pending[accessKeyID]
	r.uses.mu.Unlock()
	if ok {
		return use, true, nil
	}
	err = r.store.View(ctx, func(tx store.Tx) error {
		raw, err := tx.Get(keyUsesTable, accessKeyID)
		if errors.Is(err, store.ErrNotFound) || errors.Is(err, store.ErrInvalid) {
			return nil
		}
		if err != nil {
			return err
		}
		ok = true
		return json.Unmarshal(raw, &use)
	})
	return use, ok, err
}

// FlushUses writes the uses noted since the last flush, in one
// transaction, for the keys that still exist. On failure the uses are kept
// for the next flush.
func (r *Registry) FlushUses(ctx context.Context) error {
	r.uses.mu.Lock()
	pending := r.uses.pending
	r.uses.pending = nil
	r.uses.mu.Unlock()
	if len(pending) == 0 {
		return nil
	}
	err := r.store.Update(ctx, func(tx store.Tx) error {
		for id, use := range pending {
			if _, err := tx.Get(credentialsTable, id); err != nil {
				continue // a deleted key, or a convenience key that is not stored
			}
			raw, err := json.Marshal(use)
			if err != nil {
				return err
			}
			if err := tx.Put(keyUsesTable, id, raw); err != nil {
				return err
			}
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
	}
	return err
}
