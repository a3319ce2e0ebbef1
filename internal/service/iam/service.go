// Package iam is amity's IAM: users, groups, roles, instance profiles,
// managed and inline policies, permissions boundaries, access keys,
// service-specific credentials, service-linked roles and the policy
// simulator, in many accounts. It is also the source of every
// principal's identity-based policies for authorization (Policies).
package iam

import (
	"context"
	"sync"
	"time"

	"github.com/amityhq/amity/internal/authz"
	"github.com/amityhq/amity/internal/identity"
	"github.com/amityhq/amity/internal/policy"
	"github.com/amityhq/amity/internal/store"
)

// Service is IAM for all accounts.
type Service struct {
	store    store.Store
	ids      *identity.Registry
	authz    *authz.Authorizer
	policies *Policies
}

// New returns the IAM service over st. policies is the source the
// Authorizer reads identity policies from: IAM's writes keep it current.
func New(st store.Store, ids *identity.Registry, policies *Policies, az *authz.Authorizer) *Service {
	return &Service{store: st, ids: ids, authz: az, policies: policies}
}

// update runs fn in a write transaction and, once it commits, makes cached
// policy sets stale.
func (s *Service) update(ctx context.Context, fn func(store.Tx) error) error {
	err := s.store.Update(ctx, fn)
	if err == nil {
		s.policies.changed()
	}
	return err
}

// documentCache compiles each distinct document once: AWS managed policies
// are shared by many principals, and compiling costs far more than a
// decision.
type documentCache struct {
	mu   sync.Mutex
	docs map[documentKey]*policy.Policy
}

type documentKey struct {
	kind     policy.Kind
	name     string
	document string
}

const maxCachedDocuments = 4096

func (c *documentCache) compile(kind policy.Kind, name, doc string) (*policy.Policy, error) {
	k := documentKey{kind, name, doc}
	c.mu.Lock()
	p, ok := c.docs[k]
	c.mu.Unlock()
	if ok {
		return p, nil
	}
	p, err := policy.Parse(kind, name, doc)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	if c.docs == nil || len(c.docs) >= maxCachedDocuments {
		c.docs = make(map[documentKey]*policy.Policy)
	}
	c.docs[k] = p
	c.mu.Unlock()
	return p, nil
}

// now is the time IAM stamps on what it creates, in whole seconds as IAM
// reports its dates.
func (s *Service) now() time.Time { return s.ids.Now().UTC().Truncate(time.Second) }
