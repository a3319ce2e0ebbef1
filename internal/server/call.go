package server

import (
	"context"
	"errors"
	"net/http"

	"github.com/amityhq/amity/internal/authz"
	"github.com/amityhq/amity/internal/awserr"
	"github.com/amityhq/amity/internal/awsid"
	"github.com/amityhq/amity/internal/identity"
	"github.com/amityhq/amity/internal/sigv4"
	"github.com/amityhq/amity/internal/wire"
)

var _ authz.Caller = (*Server)(nil)

// Call implements authz.Caller: an AWS service acting inside amity — EC2
// asking KMS for a data key on a caller's behalf, Image Builder as its
// service-linked role — runs another service's operation. The call takes
// the path of an HTTP request once decoded: the Region check, validation
// against the service model, the operation (which authorizes), and the
// audit event, whose parent is the request ctx carries. So such calls are
// refused and recorded exactly like a customer's.
func (s *Server) Call(ctx context.Context, as *authz.Request, service, operation string, in wire.Input) (any, error) {
	if s.txProbe != nil && s.txProbe.Held() {
		// A callee writes the store too: calling while holding a
		// transaction could deadlock (store.Store's contract).
		panic("server: " + service + ":" + operation + " called inside a store transaction")
	}
	call := *as
	call.ID = awsid.NewUUID()
	event := newEvent(call.ID, s.now())
	event.Service, event.Operation, event.Request = service, operation, &call
	call.Decisions = event.Decisions
	if parent, ok := authz.FromContextOK(ctx); ok {
		call.ParentID, event.ParentID = parent.ID, parent.ID
	}
	if call.Time.IsZero() {
		call.Time = event.Time
	}
	out, err := s.call(ctx, &call, event, in)
	event.Err = err
	event.finish(s.now())
	s.auditor.Record(ctx, event)
	if err != nil {
		return nil, err
	}
	return out, nil
}

func (s *Server) call(ctx context.Context, req *authz.Request, event *Event, in wire.Input) (any, *awserr.Error) {
	rt := s.routes[event.Service]
	if rt == nil {
		return nil, awserr.Newf("UnrecognizedServiceException", http.StatusBadRequest, "amity does not serve the service %q.", event.Service)
	}
	op, ok := rt.Service.Operation(event.Operation)
	if !ok || !op.Served() {
		return nil, wire.NotImplemented(event.Service, event.Operation)
	}
	event.ReadOnly, event.Status = op.ReadOnly, op.Status
	if err := s.checkRegion(ctx, req, rt); err != nil {
		return nil, err
	}
	return s.invoke(ctx, rt, op, in, event)
}

// checkRegion refuses a call into a Region the principal's account has not
// enabled, as the Region's endpoint refuses a signed request there.
func (s *Server) checkRegion(ctx context.Context, req *authz.Request, rt *Route) *awserr.Error {
	if req.Principal.Account == "" {
		return nil // a service principal belongs to no account
	}
	region := req.Region
	if rt.GlobalRegion != "" {
		region = rt.GlobalRegion
	}
	acct, err := s.ids.Account(ctx, req.Principal.Account)
	switch {
	case errors.Is(err, identity.ErrNoSuchAccount):
		// An account no request has come from yet: on AWS every account
		// exists, with its Regions as AWS sets them up.
		acct = &identity.Account{ID: req.Principal.Account}
	case err != nil:
		return s.awsError(err, req.ID)
	}
	if !acct.RegionEnabled(region) {
		return disabledRegion(rt.Family, acct, region)
	}
	return nil
}

// Session implements authz.Caller: the request of credentials a service
// holds — STS credentials it obtained — used by the service via (its
// service principal, which CloudTrail shows as the caller's address and
// agent, and as invokedBy; empty for none). It fails as a signed request
// with those credentials would: an unknown or inactive key, a session token
// not the key's, an expired session.
func (s *Server) Session(ctx context.Context, accessKeyID, sessionToken, region, via string) (*authz.Request, error) {
	now := s.now()
	cred, err := s.credential(ctx, accessKeyID, sessionToken, now)
	var refused *refusal
	switch {
	case errors.As(err, &refused):
		return nil, refused.answer(sigv4.Query)
	case err != nil:
		return nil, err
	}
	return &authz.Request{Credential: cred, Principal: cred.Principal(), Region: region, Time: now,
		SourceIP: via, UserAgent: via, InvokedBy: via}, nil
}
