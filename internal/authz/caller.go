package authz

import (
	"context"

	"github.com/amityhq/amity/internal/wire"
)

// Caller is how one amity service calls another, as AWS services call
// each other: the operation runs as the principal of a Request — the
// customer on whose behalf the service acts (OnBehalf), the service's own
// principal (ServiceRequest), a role session it obtained from STS
// (Session), or an identity-only session (IdentityOnlySession) — through
// the same steps as a customer's HTTP request: validation against the
// service model, the operation with its authorization, and the audit
// record, linked to the request being served. Services never call each
// other over HTTP nor by reaching into each other's state; the generated
// Client of each api package is the typed form of this interface.
//
// A service must not hold a store transaction across a call: the callee
// writes the store too (store.Store's contract).
type Caller interface {
	// Call runs service's operation (service by signing name, "kms") on
	// in, as the principal of as; ctx carries the request being served,
	// if any, which becomes the call's parent. The output is the
	// operation's generated output type; the error, an *awserr.Error as
	// the service answered it.
	Call(ctx context.Context, as *Request, service, operation string, in wire.Input) (any, error)
	// Session returns the request of a role session whose credentials a
	// service obtained from STS (AssumeRole's AccessKeyId and
	// SessionToken, which carries the session), in region, used by the
	// service via (its service principal): what signing with those
	// credentials would give.
	Session(ctx context.Context, accessKeyID, sessionToken, region, via string) (*Request, error)
}

// CallAs is Caller.Call for an operation whose output type is O: what
// the generated clients use.
func CallAs[O any](ctx context.Context, c Caller, as *Request, service, operation string, in wire.Input) (*O, error) {
	out, err := c.Call(ctx, as, service, operation, in)
	if err != nil {
		return nil, err
	}
	return out.(*O), nil
}
