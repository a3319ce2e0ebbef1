package kms

import (
	"context"
	"crypto/rand"
	"io"
	"sync"
	"time"

	"github.com/amityhq/amity/internal/api/kmsapi"
	"github.com/amityhq/amity/internal/authz"
	"github.com/amityhq/amity/internal/service/kms/keyring"
	"github.com/amityhq/amity/internal/store"
)

// Options configure a Service.
type Options struct {
	// Store keeps keys, aliases and grants. The Service owns its tables
	// (kms.*) and caches what it reads: no one else may write them.
	Store store.Store
	// Sealer seals key material at rest: the store's master key.
	Sealer keyring.Sealer
	// Authorizer decides every request (IAM's).
	Authorizer *authz.Authorizer
	// Principals, when set, tells whether the IAM principals a key policy
	// names exist; KMS refuses a policy naming one that does not.
	Principals PrincipalChecker
	Now        func() time.Time // default time.Now
	Rand       io.Reader        // default crypto/rand
}

// PrincipalChecker tells whether an IAM principal ARN (a user, a role, an
// account root) exists. IAM implements it.
type PrincipalChecker interface {
	PrincipalExists(ctx context.Context, arn string) (bool, error)
}

// Service is KMS for every account and Region: it implements kmsapi.API.
type Service struct {
	store      store.Store
	sealer     keyring.Sealer
	authorizer *authz.Authorizer
	principals PrincipalChecker
	now        func() time.Time
	rand       io.Reader

	keys     *keyCache
	aliases  sync.Map // aliasKey → *aliasRecord, nil once deleted
	policies documentCache
	opened   *openedKeys
}

var _ kmsapi.API = (*Service)(nil)

// New returns the KMS service described by opts.
func New(opts Options) *Service {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Rand == nil {
		opts.Rand = rand.Reader
	}
	return &Service{
		store:      opts.Store,
		sealer:     opts.Sealer,
		authorizer: opts.Authorizer,
		principals: opts.Principals,
		now:        opts.Now,
		rand:       opts.Rand,
		opened:     newOpenedKeys(opts.Sealer, maxOpenedKeys),
		keys:       newKeyCache(maxCachedKeys),
	}
}
