package kms

import (
	"context"
	"strings"

	"github.com/amityhq/amity/internal/authz"
)

// keyCheck is an operation's own check of its request against the key
// (an algorithm the key spec performs, a message of the right length),
// made after authorization and before a dry run is answered. A plain
// function, so that passing one allocates nothing; it takes the access by
// value, since a pointer given to a function value moves to the heap.
type keyCheck func(key *keyEntry, a access) error

// usable admits a cryptographic access to key: authorization, then the
// key's state, its usage (which must be usage), the operation's own check
// when not nil, and a dry run. It returns the key as it then is, rotated
// first when an automatic rotation has come due.
func (s *Service) usable(ctx context.Context, req *authz.Request, key *keyEntry, a *access, usage string, check keyCheck, dry *bool) (*keyEntry, error) {
	if _, err := s.authorizeKey(ctx, req, key, a); err != nil {
		return nil, err
	}
	if err := checkState(key.rec, s.now, enabledOnly); err != nil {
		return nil, err
	}
	if key.rec.usage() != usage {
		return nil, invalidKeyUsage(key.arn, key.rec.usage(), operationOf(a.action))
	}
	if check != nil {
		if err := check(key, *a); err != nil {
			return nil, err
		}
	}
	if err := dryRun(dry); err != nil {
		return nil, err
	}
	if key.rec.Rotation.Enabled && !s.now().Before(key.rec.Rotation.Next) {
		return s.rotateDue(ctx, key.rec.ref())
	}
	return key, nil
}

// operationOf is the operation an action names in KMS's messages:
// kms:ReEncryptFrom and kms:ReEncryptTo are ReEncrypt's.
func operationOf(action string) string {
	op := strings.TrimPrefix(action, "kms:")
	if strings.HasPrefix(op, "ReEncrypt") {
		return "ReEncrypt"
	}
	return op
}

// symmetricOnly is the check of the operations of symmetric encryption
// keys alone (GenerateDataKey*), which an RSA key's ENCRYPT_DECRYPT usage
// does not admit.
func symmetricOnly(key *keyEntry, a access) error {
	if key.kind != symmetricKey {
		return notSymmetric(key.arn, key.rec.spec(), operationOf(a.action))
	}
	return nil
}
