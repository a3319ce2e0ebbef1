package iam

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/amityhq/amity/internal/authz"
	"github.com/amityhq/amity/internal/identity"
	"github.com/amityhq/amity/internal/policy"
	"github.com/amityhq/amity/internal/store"
)

// Policies is IAM's read side for authorization: the identity-based
// policies of every principal, compiled and cached. The application gives
// it to the Authorizer as its PolicySource and to IAM, whose writes make
// the cache stale (changed).
type Policies struct {
	store store.Store
	// generation counts committed IAM writes; cached policy sets carry the
	// generation they were read at and are stale once it moves.
	generation atomic.Uint64
	mu         sync.RWMutex
	principals map[principalKey]*cachedPolicies
	documents  documentCache
}

// principalKey names a user or a role of an account, its name lower-cased
// (IAM names are case-insensitive). A struct, not a joined string: the
// lookup is on every request's path and allocates nothing.
type principalKey struct {
	account string
	role    bool
	name    string
}

// NewPolicies returns the policy source over st, where IAM keeps its
// entities.
func NewPolicies(st store.Store) *Policies {
	return &Policies{store: st, principals: map[principalKey]*cachedPolicies{}}
}

// changed makes every cached policy set stale: IAM calls it after each
// committed write.
func (s *Policies) changed() { s.generation.Add(1) }

type cachedPolicies struct {
	generation uint64
	policies   *authz.IdentityPolicies
}

// IdentityPolicies returns the identity-based policies of the principal a
// credential stands for: a user's inline and attached policies and those of
// its groups (also for the user's federated user sessions), or a session's
// role's; with the permissions boundary and the principal's tags. A
// principal that no longer exists has none, nor has the root user.
func (s *Policies) IdentityPolicies(ctx context.Context, c *identity.Credential) (*authz.IdentityPolicies, error) {
	var key principalKey
	switch {
	case c.Kind == identity.KindUser, c.Kind == identity.KindFederated && c.UserName != "":
		key = principalKey{account: c.Account, name: strings.ToLower(c.UserName)}
	case c.Kind == identity.KindSession:
		key = principalKey{account: c.Account, role: true, name: strings.ToLower(c.Session.RoleName)}
	default:
		return &authz.IdentityPolicies{}, nil
	}
	gen := s.generation.Load() // before reading: a write after this makes the entry stale
	s.mu.RLock()
	cp, ok := s.principals[key]
	s.mu.RUnlock()
	if ok && cp.generation == gen {
		return cp.policies, nil
	}
	var ip *authz.IdentityPolicies
	err := s.store.View(ctx, func(tx store.Tx) error {
		var err error
		if c.Kind != identity.KindSession {
			ip, err = s.userPolicies(tx, c.Account, c.UserName)
		} else {
			ip, err = s.rolePolicies(tx, c.Account, c.Session.RoleName)
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	s.principals[key] = &cachedPolicies{generation: gen, policies: ip}
	s.mu.Unlock()
	return ip, nil
}

func (s *Policies) userPolicies(tx store.Tx, account, name string) (*authz.IdentityPolicies, error) {
	u, err := getUser(tx, account, name)
	if errors.Is(err, errNotFound) {
		return &authz.IdentityPolicies{}, nil
	}
	if err != nil {
		return nil, err
	}
	ip := &authz.IdentityPolicies{Tags: tagMap(u.Tags)}
	if err := s.addEntityPolicies(tx, ip, "user/"+u.Name, &u.Entity); err != nil {
		return nil, err
	}
	for _, gname := range u.Groups {
		g, err := getGroup(tx, account, gname)
		if errors.Is(err, errNotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		if err := s.addEntityPolicies(tx, ip, "group/"+g.Name, &g.Entity); err != nil {
			return nil, err
		}
	}
	return ip, nil
}

func (s *Policies) rolePolicies(tx store.Tx, account, name string) (*authz.IdentityPolicies, error) {
	r, err := getRole(tx, account, name)
	if errors.Is(err, errNotFound) {
		return &authz.IdentityPolicies{}, nil
	}
	if err != nil {
		return nil, err
	}
	ip := &authz.IdentityPolicies{Tags: tagMap(r.Tags)}
	return ip, s.addEntityPolicies(tx, ip, "role/"+r.Name, &r.Entity)
}

// addEntityPolicies compiles an entity's inline and attached policies and
// its boundary into ip.
func (s *Policies) addEntityPolicies(tx store.Tx, ip *authz.IdentityPolicies, label string, e *Entity) error {
	for _, name := range sortedNames(e.Inline) {
		p, err := s.documents.compile(policy.Inline, label+" inline "+name, e.Inline[name])
		if err != nil {
			return fmt.Errorf("iam: %s inline policy %s: %w", label, name, err)
		}
		ip.Policies = append(ip.Policies, p)
	}
	for _, arn := range e.Attached {
		p, err := s.managedPolicy(tx, arn)
		if err != nil {
			return err
		}
		if p != nil {
			ip.Policies = append(ip.Policies, p)
		}
	}
	if e.Boundary != "" {
		p, err := s.managedPolicy(tx, e.Boundary)
		if err != nil {
			return err
		}
		ip.Boundary = p
	}
	return nil
}

// managedPolicy compiles the default version of a managed policy (AWS's or
// the account's); nil when the policy no longer exists.
func (s *Policies) managedPolicy(tx store.Tx, arn string) (*policy.Policy, error) {
	doc, ok, err := managedDocument(tx, arn)
	if err != nil || !ok {
		return nil, err
	}
	p, err := s.documents.compile(policy.Identity, arn, doc)
	if err != nil {
		return nil, fmt.Errorf("iam: managed policy %s: %w", arn, err)
	}
	return p, nil
}

// managedDocument returns the default version's document of a managed
// policy ARN.
func managedDocument(tx store.Tx, arn string) (string, bool, error) {
	p, err := lookupPolicy(tx, arn)
	if errors.Is(err, errNotFound) {
		return "", false, nil
	}
	if err != nil {
		return "", false, err
	}
	v, ok := p.Version(p.DefaultVersion)
	if !ok {
		return "", false, nil
	}
	return v.Document, true, nil
}

func tagMap(tags []Tag) map[string]string {
	if len(tags) == 0 {
		return nil
	}
	m := make(map[string]string, len(tags))
	for _, t := range tags {
		m[t.Key] = t.Value
	}
	return m
}
