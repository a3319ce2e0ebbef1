// Package server is amity's HTTP front: one handler that takes every AWS
// request through the same ordered pipeline —
//
//	request id → read body → service (one amity does not serve: NotImplemented
//	in its protocol) → SigV4 parse → credential → signature → account and
//	Region → operation → decode → service call → encode → audit record
//
// — so that a newcomer can read a request's whole path top to bottom in
// ServeHTTP. Authorization happens inside each operation, through
// internal/authz, because only the service knows the resource and its
// policy; every other step is here.
package server

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"runtime/debug"
	"strings"
	"time"

	"github.com/amityhq/amity/internal/authz"
	"github.com/amityhq/amity/internal/awserr"
	"github.com/amityhq/amity/internal/awsid"
	"github.com/amityhq/amity/internal/identity"
	"github.com/amityhq/amity/internal/sigv4"
	"github.com/amityhq/amity/internal/wire"
)

// maxBodyBytes bounds a request body; AWS's largest documents (IAM
// policies, KMS plaintext) are far smaller.
const maxBodyBytes = 16 << 20

// presizedBody bounds the body read into a buffer of its announced size:
// AWS's requests are far smaller, and a thousand connections claiming
// more hold no more than 64 MiB between them.
const presizedBody = 64 << 10

// Route binds a service to its protocol codec.
type Route struct {
	Service *wire.Service
	Codec   wire.Codec
	// Family is how the protocol words authentication errors.
	Family sigv4.Protocol
	// GlobalRegion is the one Region a global service's requests must be
	// scoped to (IAM: us-east-1); empty for regional services.
	GlobalRegion string
	// RefusesUserSessions: the service answers temporary credentials of a
	// user or the root user (identity.Credential.UserSession) as an
	// invalid token, as IAM does ("You cannot call any IAM API operations
	// unless MFA authentication information is included in the request",
	// GetSessionToken; "You cannot call any IAM operations using the CLI
	// or the AWS API", GetFederationToken [STS API reference]).
	RefusesUserSessions bool
}

// Options configure a Server.
type Options struct {
	Identities *identity.Registry
	Routes     []Route
	Log        *slog.Logger
	Now        func() time.Time // default time.Now
	// Admin serves amity's own endpoints under /_amity/ (health, accounts)
	// and LocalStack's under /_localstack/ (health, init).
	Admin http.Handler
	// Auditor records every request; by default a log line in Log.
	Auditor Auditor
	// Transactions, when set, tells whether the calling goroutine holds a
	// store transaction: Call then refuses to run (a test guard, see
	// store.Guard).
	Transactions interface{ Held() bool }
}

// Server is the HTTP handler of amity.
type Server struct {
	ids      *identity.Registry
	routes   map[string]*Route // by signing name
	verifier *sigv4.Verifier
	log      *slog.Logger
	now      func() time.Time
	admin    http.Handler
	auditor  Auditor
	txProbe  interface{ Held() bool }
	served   []string // signing names, for the answer to other services
}

// New returns a Server for opts.
func New(opts Options) *Server {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Log == nil {
		opts.Log = slog.New(slog.DiscardHandler)
	}
	s := &Server{ids: opts.Identities, routes: map[string]*Route{}, verifier: sigv4.NewVerifier(opts.Now),
		log: opts.Log, now: opts.Now, admin: opts.Admin, auditor: opts.Auditor, txProbe: opts.Transactions}
	if s.auditor == nil {
		s.auditor = logAuditor{opts.Log}
	}
	for i := range opts.Routes {
		rt := &opts.Routes[i]
		s.routes[rt.Service.Name] = rt
	}
	s.served, _ = Served(opts.Routes)
	return s
}

// ServeHTTP runs the pipeline.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if (strings.HasPrefix(r.URL.Path, "/_amity/") || strings.HasPrefix(r.URL.Path, "/_localstack/")) && s.admin != nil {
		s.admin.ServeHTTP(w, r)
		return
	}
	event := newEvent(awsid.NewUUID(), s.now())
	var rt *Route // the service, once known, for the protocol of errors
	var body []byte
	fail := func(err *awserr.Error) {
		event.Err = err
		nameOperation(event, rt, r, body)
		s.fail(w, rt, event.RequestID, err)
	}
	defer func() {
		if v := recover(); v != nil {
			s.log.Error("panic serving request", "request_id", event.RequestID, "panic", v, "stack", string(debug.Stack()))
			fail(awserr.Internal())
		}
		if rt != nil {
			event.Service = rt.Service.Name
		}
		event.finish(s.now())
		s.auditor.Record(r.Context(), event)
	}()

	body, err := readBody(r)
	rt = s.guessRoute(r, body) // before the signature names the service
	switch {
	case err != nil:
		fail(bodyReadError(err))
		return
	case len(body) > maxBodyBytes:
		fail(awserr.New("RequestEntityTooLarge", http.StatusRequestEntityTooLarge, "Request body is too large."))
		return
	}
	if rt == nil && scopeService(r) != "" {
		// Signed for a service amity does not serve.
		var enc errorEncoder
		event.Service = scopeService(r)
		enc, event.Err, event.Operation = s.notServed(event.Service, r, body)
		enc.EncodeError(w, event.RequestID, event.Err)
		return
	}

	req, rt, aerr := s.authenticate(r, body, rt)
	if aerr != nil {
		fail(aerr)
		return
	}
	req.ID, req.Decisions, event.Request = event.RequestID, event.Decisions, req

	if clientGone(r) {
		fail(requestCanceled())
		return
	}
	op, aerr := rt.Codec.Operation(r, body)
	if aerr != nil {
		fail(aerr)
		return
	}
	event.Operation, event.ReadOnly = op.Name, op.ReadOnly
	in, aerr := rt.Codec.Input(op, r, body)
	if aerr != nil {
		fail(aerr)
		return
	}
	if clientGone(r) {
		fail(requestCanceled())
		return
	}
	out, aerr := s.invoke(r.Context(), rt, op, in, event)
	if aerr != nil {
		fail(aerr)
		return
	}
	event.Status = op.Status
	rt.Codec.EncodeOutput(w, event.RequestID, op, out)
}

// readBody reads r's body whole, up to a byte past maxBodyBytes (so that a
// larger body is told from one at the limit). A small body that announces
// its length is read into a buffer of that size at once, rather than grown
// through io.ReadAll's copies; a larger one grows as it arrives, so that
// what a client claims is not what the server holds.
func readBody(r *http.Request) ([]byte, error) {
	if n := r.ContentLength; n > 0 && n <= presizedBody {
		body := make([]byte, n)
		if _, err := io.ReadFull(r.Body, body); err != nil {
			return nil, err
		}
		return body, nil
	}
	return io.ReadAll(io.LimitReader(r.Body, maxBodyBytes+1))
}

// nameOperation names the operation of a request refused before it was
// authenticated — by its signature, its account's Region — for its log
// line and amity doctor, when its service is known and the request names
// one. (CloudTrail records no such request: it has no caller.)
func nameOperation(event *Event, rt *Route, r *http.Request, body []byte) {
	if event.Operation != "" || event.Request != nil || rt == nil {
		return
	}
	if op, err := rt.Codec.Operation(r, body); err == nil {
		event.Operation, event.ReadOnly = op.Name, op.ReadOnly
	}
}

// invoke runs a decoded operation for the request event describes, over
// HTTP or from Call: it validates the input against the model, calls the
// service (which authorizes) and puts the input and output on the event.
func (s *Server) invoke(ctx context.Context, rt *Route, op *wire.Operation, in wire.Input, event *Event) (any, *awserr.Error) {
	event.in = in
	if err := wire.Check(rt.Service, in); err != nil {
		return nil, err
	}
	out, err := op.Invoke(authz.WithRequest(ctx, event.Request), in)
	if err != nil {
		return nil, s.awsError(err, event.RequestID)
	}
	event.out = out
	return out, nil
}

// awsError returns err as AWS sees it: an *awserr.Error as it is, anything
// else as an internal failure whose cause is logged and never shown.
func (s *Server) awsError(err error, requestID string) *awserr.Error {
	if e, ok := awserr.As(err); ok {
		return e
	}
	if errors.Is(err, context.Canceled) {
		return requestCanceled()
	}
	s.log.Error("internal failure", "request_id", requestID, "error", err)
	return awserr.Internal()
}

// fail writes err in the envelope of the route's protocol, or as a bare
// JSON error when no service could be told.
func (s *Server) fail(w http.ResponseWriter, rt *Route, requestID string, err *awserr.Error) {
	if rt == nil {
		writeBareError(w, requestID, err)
		return
	}
	rt.Codec.EncodeError(w, requestID, err)
}

// sourceIP is the caller's address, the aws:SourceIp condition key.
func sourceIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}
