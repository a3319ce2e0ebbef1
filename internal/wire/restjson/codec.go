// Package restjson is the restJson1 codec (Account, Image Builder): each
// operation has its own HTTP method and URI pattern; members travel in URI
// labels, the query string, headers and a JSON body; errors name their code
// in the X-Amzn-Errortype header, with {"message": "..."} as body.
package restjson

import (
	"net/http"
	"strconv"

	"github.com/amityhq/amity/internal/awserr"
	"github.com/amityhq/amity/internal/wire"
	"github.com/amityhq/amity/internal/wire/jsonio"
)

// UnknownOperationCode answers a request no route matches, with HTTP 404
// [Bedrock, a restJson1 service: "UnknownOperationException", StatusCode 404].
const UnknownOperationCode = "UnknownOperationException"

// ErrorTypeHeader names the error code of a restJson1 error response.
const ErrorTypeHeader = "X-Amzn-Errortype"

// Codec serves one restJson1 service.
type Codec struct {
	svc    *wire.Service
	routes router
}

var _ wire.Codec = (*Codec)(nil)

// New returns the codec of svc, whose protocol must be wire.ProtocolRestJSON.
func New(svc *wire.Service) *Codec {
	return &Codec{svc: svc, routes: newRouter(svc)}
}

// Operation finds the operation whose method and URI pattern the request
// matches.
func (c *Codec) Operation(r *http.Request, _ []byte) (*wire.Operation, *awserr.Error) {
	rt, _ := c.routes.find(r)
	if rt == nil {
		return nil, awserr.New(UnknownOperationCode, http.StatusNotFound, "")
	}
	if !rt.op.Served() {
		return nil, wire.NotImplemented(c.svc.Name, rt.op.Name)
	}
	return rt.op, nil
}

// Input binds the URI labels, query string, headers and body to op's input
// and validates it.
func (c *Codec) Input(op *wire.Operation, r *http.Request, body []byte) (wire.Input, *awserr.Error) {
	_, labels := c.routes.find(r)
	in := op.NewInput()
	switch u := in.(type) {
	case Unmarshaler:
		req := &Request{labels: labels, query: r.URL.Query(), header: r.Header, body: body}
		u.DecodeHTTP(req)
		if err := req.Err(); err != nil {
			return nil, err
		}
	case jsonio.Unmarshaler:
		if err := jsonio.Decode(body, u); err != nil {
			return nil, err
		}
	default:
		return nil, awserr.Internal()
	}
	return in, nil
}

// EncodeOutput writes out: its header and status members, and the rest as
// the JSON body.
func (c *Codec) EncodeOutput(w http.ResponseWriter, requestID string, op *wire.Operation, out any) {
	resp := &Response{header: w.Header(), status: op.Status}
	if resp.status == 0 {
		resp.status = http.StatusOK
	}
	switch m := out.(type) {
	case Marshaler:
		m.EncodeHTTP(resp)
	case jsonio.Marshaler:
		resp.EncodeBody(m)
	default:
		c.EncodeError(w, requestID, awserr.Internal())
		return
	}
	write(w, requestID, resp.status, resp.body.Bytes())
}

// EncodeError writes err: its code in X-Amzn-Errortype, its message in the
// body.
func (c *Codec) EncodeError(w http.ResponseWriter, requestID string, err *awserr.Error) {
	var e jsonio.Encoder
	e.BeginObject()
	if err.Message != "" {
		e.Key("message")
		e.String(err.Message)
	}
	e.EndObject()
	w.Header().Set(ErrorTypeHeader, err.Code)
	write(w, requestID, err.Status, e.Bytes())
}

func write(w http.ResponseWriter, requestID string, status int, body []byte) {
	h := w.Header()
	h.Set(wire.RequestIDHeader, requestID)
	h.Set("Content-Type", "application/json")
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	_, _ = w.Write(body) // a failed write means the client went away
}
