package authz

import (
	"sync"

	"github.com/amityhq/amity/internal/identity"
	"github.com/amityhq/amity/internal/policy"
)

// sessionPolicies caches the compiled session policies of STS sessions by
// access key id: compiling costs far more than a decision, and a session's
// policies never change. Entries go when the cache is full; a session
// simply compiles again.
type sessionPolicies struct {
	mu    sync.Mutex
	byKey map[string][]*policy.Policy
}

const maxCachedSessions = 10000

func (s *sessionPolicies) get(c *identity.Credential) ([]*policy.Policy, error) {
	s.mu.Lock()
	ps, ok := s.byKey[c.AccessKeyID]
	s.mu.Unlock()
	if ok {
		return ps, nil
	}
	for _, doc := range c.Session.SessionPolicies {
		p, err := policy.Parse(policy.Session, "session policy", doc)
		if err != nil {
			return nil, err
		}
		ps = append(ps, p)
	}
	s.mu.Lock()
	if s.byKey == nil || len(s.byKey) >= maxCachedSessions {
		s.byKey = make(map[string][]*policy.Policy)
	}
	s.byKey[c.AccessKeyID] = ps
	s.mu.Unlock()
	return ps, nil
}
