package restjson

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/amityhq/amity/internal/awserr"
	"github.com/amityhq/amity/internal/wire/jsonio"
)

// Request is what generated DecodeHTTP methods read a request from.
type Request struct {
	labels map[string]string
	query  url.Values
	header http.Header
	body   []byte
	err    *awserr.Error
}

// Unmarshaler is a generated input with members outside the body.
type Unmarshaler interface {
	DecodeHTTP(r *Request)
}

// Err returns the first error.
func (r *Request) Err() *awserr.Error { return r.err }

func (r *Request) fail(message string) {
	if r.err == nil {
		r.err = awserr.New(jsonio.SerializationExceptionCode, http.StatusBadRequest, message)
	}
}

// Label returns a URI label's value.
func (r *Request) Label(name string) *string {
	v, ok := r.labels[name]
	if !ok {
		return nil
	}
	return &v
}

// Query returns a query string parameter: nil when absent.
func (r *Request) Query(name string) *string {
	if !r.query.Has(name) {
		return nil
	}
	v := r.query.Get(name)
	return &v
}

// QueryList returns every value of a repeated query string parameter.
func (r *Request) QueryList(name string) []string { return r.query[name] }

// QueryInt32 returns an integer query string parameter: nil when absent.
func (r *Request) QueryInt32(name string) *int32 {
	s := r.Query(name)
	if s == nil {
		return nil
	}
	n, err := strconv.ParseInt(*s, 10, 32)
	if err != nil {
		r.fail("STRING_VALUE can not be converted to an Integer")
		return nil
	}
	v := int32(n)
	return &v
}

// QueryBool returns a boolean query string parameter: nil when absent.
func (r *Request) QueryBool(name string) *bool {
	s := r.Query(name)
	if s == nil {
		return nil
	}
	b, err := strconv.ParseBool(*s)
	if err != nil {
		r.fail("STRING_VALUE can not be converted to a Boolean")
		return nil
	}
	return &b
}

// Header returns a header's value: nil when absent.
func (r *Request) Header(name string) *string {
	vs := r.header.Values(name)
	if len(vs) == 0 {
		return nil
	}
	return &vs[0]
}

// DecodeBody reads the JSON body into the input's body members.
func (r *Request) DecodeBody(u jsonio.Unmarshaler) {
	if r.err == nil {
		r.err = jsonio.Decode(r.body, u)
	}
}

// Response is what generated EncodeHTTP methods write a response to.
type Response struct {
	header http.Header
	status int
	body   jsonio.Encoder
}

// Marshaler is a generated output with members outside the body.
type Marshaler interface {
	EncodeHTTP(w *Response)
}

// Header sets a response header.
func (w *Response) Header(name, value string) { w.header.Set(name, value) }

// Status sets the response status.
func (w *Response) Status(code int) { w.status = code }

// EncodeBody writes the output's body members as the JSON body.
func (w *Response) EncodeBody(m jsonio.Marshaler) { m.EncodeJSON(&w.body) }
