package imagebuilder

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"

	"github.com/amityhq/amity/internal/authz"
	"github.com/amityhq/amity/internal/store"
)

// tokensTable remembers the clientToken of each request that created or
// changed a resource, so that a retry gets the first answer instead of
// doing the work twice: the API documents clientToken as "Unique,
// case-sensitive identifier you provide to ensure idempotency of the
// request", and a token reused with other parameters is refused with
// IdempotentParameterMismatchException (the operations' modeled
// errors). Keyed ACCOUNT/REGION/OPERATION/TOKEN. How long AWS remembers a
// token is not documented; amity keeps them.
const tokensTable = "imagebuilder.tokens"

type tokenRecord struct {
	Fingerprint string `json:"fingerprint"` // of the request's parameters
	ARN         string `json:"arn"`         // what the request answered
}

// idempotency is one request's clientToken and the fingerprint of its
// parameters.
type idempotency struct {
	token, key, fingerprint string
}

// clientToken returns the idempotency of operation's input in, whose
// clientToken is token. The SDKs fill clientToken in when the caller
// does not, so every request has one.
func clientToken(req *authz.Request, operation string, token *string, in any) (idempotency, error) {
	raw, err := json.Marshal(in)
	if err != nil {
		return idempotency{}, err
	}
	sum := sha256.Sum256(raw)
	t := deref(token)
	return idempotency{token: t, key: req.Principal.Account + "/" + req.Region + "/" + operation + "/" + t,
		fingerprint: hex.EncodeToString(sum[:])}, nil
}

// replay returns the ARN an earlier request with this token answered; ok
// is false when there was none. A token used with other parameters is
// refused.
func (t idempotency) replay(tx store.Tx) (arn string, ok bool, err error) {
	r, ok, err := get[tokenRecord](tx, tokensTable, t.key)
	if err != nil || !ok {
		return "", false, err
	}
	if r.Fingerprint != t.fingerprint {
		return "", false, tokenReused(t.token)
	}
	return r.ARN, true, nil
}

// remember records that this request answered arn.
func (t idempotency) remember(tx store.Tx, arn string) error {
	return put(tx, tokensTable, t.key, tokenRecord{Fingerprint: t.fingerprint, ARN: arn})
}
