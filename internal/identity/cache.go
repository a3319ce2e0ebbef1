package identity

import (
	"maps"
	"sync"
)

// cache keeps accounts and stored credentials in memory: authentication
// reads both on every request, and decoding them (and opening a sealed
// secret) from the store each time was a tenth of the server's CPU.
//
// Entries are dropped after the commit of every write to them
// (store.Tx.AfterCommit). A reader that read the store before such a
// commit must not put its stale value back: it remembers the generation
// before reading and stores its value only if no drop happened since.
// The cache assumes one amity owns the store, as the embedded store's
// file lock ensures.
type cache struct {
	mu          sync.RWMutex
	generation  uint64
	accounts    map[string]*Account
	credentials map[string]*Credential
}

func newCache() *cache {
	return &cache{accounts: map[string]*Account{}, credentials: map[string]*Credential{}}
}

// account returns a copy of the cached account, or the generation to
// pass to putAccount after reading the store.
func (c *cache) account(id string) (*Account, uint64) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	if a, ok := c.accounts[id]; ok {
		return a.clone(), 0
	}
	return nil, c.generation
}

// credential returns a copy of the cached credential, or the generation
// to pass to putCredential after reading the store.
func (c *cache) credential(accessKeyID string) (*Credential, uint64) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	if cr, ok := c.credentials[accessKeyID]; ok {
		copied := *cr
		return &copied, 0
	}
	return nil, c.generation
}

func (c *cache) putAccount(a *Account, generation uint64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if generation == c.generation {
		c.accounts[a.ID] = a.clone()
	}
}

func (c *cache) putCredential(cr *Credential, generation uint64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if generation == c.generation {
		copied := *cr
		c.credentials[cr.AccessKeyID] = &copied
	}
}

func (c *cache) dropAccount(id string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.generation++
	delete(c.accounts, id)
}

func (c *cache) dropCredential(accessKeyID string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.generation++
	delete(c.credentials, accessKeyID)
}

// clone copies an account with its map, so that no caller shares the
// cache's.
func (a *Account) clone() *Account {
	copied := *a
	copied.OptInRegions = maps.Clone(a.OptInRegions)
	return &copied
}
