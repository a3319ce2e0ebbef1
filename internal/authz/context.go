package authz

import "context"

type requestKey struct{}

// WithRequest returns ctx carrying req.
func WithRequest(ctx context.Context, req *Request) context.Context {
	return context.WithValue(ctx, requestKey{}, req)
}

// FromContext returns the request ctx carries. Services are only ever
// called with one; a missing request is a programming error.
func FromContext(ctx context.Context) *Request {
	req, ok := ctx.Value(requestKey{}).(*Request)
	if !ok {
		panic("authz: context carries no request")
	}
	return req
}

// FromContextOK returns the request ctx carries, if any.
func FromContextOK(ctx context.Context) (*Request, bool) {
	req, ok := ctx.Value(requestKey{}).(*Request)
	return req, ok
}
