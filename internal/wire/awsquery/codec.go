// Package awsquery is the awsQuery codec (IAM, STS): requests are form
// parameters (a POST body or a GET query string) with Action and Version;
// responses are XML,
//
//	<CreateUserResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">
//	  <CreateUserResult>...</CreateUserResult>
//	  <ResponseMetadata><RequestId>...</RequestId></ResponseMetadata>
//	</CreateUserResponse>
//
// and errors
//
//	<ErrorResponse xmlns="...">
//	  <Error><Type>Sender</Type><Code>NoSuchEntity</Code><Message>...</Message></Error>
//	  <RequestId>...</RequestId>
//	</ErrorResponse>
package awsquery

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/amityhq/amity/internal/awserr"
	"github.com/amityhq/amity/internal/wire"
	"github.com/amityhq/amity/internal/wire/formio"
	"github.com/amityhq/amity/internal/wire/xmlio"
)

// Codes of requests the protocol itself refuses, from AWS's list of common
// errors.
const (
	// MissingActionCode: no Action parameter. The message is UNVERIFIED;
	// S3Proxy, which imitates STS, writes "Missing Action".
	MissingActionCode = "MissingAction"
	// InvalidActionCode: an Action (or Version) the service does not know,
	// "Could not find operation X for version Y" [S3Proxy's STS imitation].
	InvalidActionCode = "InvalidAction"
	// MalformedQueryStringCode: parameters that do not parse as a form,
	// HTTP 404 per AWS's common errors list.
	MalformedQueryStringCode = "MalformedQueryString"
)

// Codec serves one awsQuery service.
type Codec struct {
	svc *wire.Service
}

var _ wire.Codec = (*Codec)(nil)

// New returns the codec of svc, whose protocol must be wire.ProtocolQuery.
func New(svc *wire.Service) *Codec { return &Codec{svc: svc} }

// Params reads a query-protocol request's parameters: the URL's, plus a
// form body's on POST. ec2query reads its requests the same way.
func Params(r *http.Request, body []byte) (url.Values, *awserr.Error) {
	values, err := url.ParseQuery(r.URL.RawQuery)
	if err == nil && r.Method == http.MethodPost {
		var form url.Values
		form, err = url.ParseQuery(string(body))
		for k, v := range form {
			values[k] = append(values[k], v...)
		}
	}
	if err != nil {
		return nil, awserr.New(MalformedQueryStringCode, http.StatusNotFound, "")
	}
	return values, nil
}

// Operation reads Action and checks Version.
func (c *Codec) Operation(r *http.Request, body []byte) (*wire.Operation, *awserr.Error) {
	values, err := Params(r, body)
	if err != nil {
		return nil, err
	}
	action := values.Get("Action")
	if action == "" {
		return nil, awserr.New(MissingActionCode, http.StatusBadRequest, "Missing Action")
	}
	version := values.Get("Version")
	op, ok := c.svc.Operation(action)
	if !ok || version != c.svc.Version {
		return nil, awserr.New(InvalidActionCode, http.StatusBadRequest,
			"Could not find operation "+action+" for version "+version)
	}
	if !op.Served() {
		return nil, wire.NotImplemented(c.svc.Name, op.Name)
	}
	return op, nil
}

// Input decodes the parameters and validates them. Parameters the model
// does not know are ignored, as Coral does.
func (c *Codec) Input(op *wire.Operation, r *http.Request, body []byte) (wire.Input, *awserr.Error) {
	values, err := Params(r, body)
	if err != nil {
		return nil, err
	}
	in := op.NewInput()
	u, ok := in.(formio.Unmarshaler)
	if !ok {
		return nil, awserr.Internal()
	}
	d := formio.NewDecoder(values)
	u.DecodeQuery(d, "")
	if err := d.Err(); err != nil {
		return nil, err
	}
	return in, nil
}

// EncodeOutput writes <OpResponse><OpResult>out</OpResult><ResponseMetadata>.
func (c *Codec) EncodeOutput(w http.ResponseWriter, requestID string, op *wire.Operation, out any) {
	m, ok := out.(xmlio.Marshaler)
	if !ok {
		c.EncodeError(w, requestID, awserr.Internal())
		return
	}
	var e xmlio.Encoder
	e.StartNS(op.Name+"Response", c.svc.XMLNamespace)
	if op.HasOutput {
		e.Start(op.Name + "Result")
		m.EncodeXML(&e)
		e.End(op.Name + "Result")
	}
	e.Start("ResponseMetadata")
	e.String("RequestId", requestID)
	e.End("ResponseMetadata")
	e.End(op.Name + "Response")
	write(w, requestID, http.StatusOK, e.Bytes())
}

// EncodeError writes the <ErrorResponse> envelope.
func (c *Codec) EncodeError(w http.ResponseWriter, requestID string, err *awserr.Error) {
	var e xmlio.Encoder
	e.StartNS("ErrorResponse", c.svc.XMLNamespace)
	e.Start("Error")
	if err.Fault() == awserr.Receiver {
		e.String("Type", "Receiver")
	} else {
		e.String("Type", "Sender")
	}
	e.String("Code", err.Code)
	e.String("Message", err.Message)
	e.End("Error")
	e.String("RequestId", requestID)
	e.End("ErrorResponse")
	write(w, requestID, err.Status, e.Bytes())
}

func write(w http.ResponseWriter, requestID string, status int, body []byte) {
	h := w.Header()
	h.Set(wire.RequestIDHeader, requestID)
	h.Set("Content-Type", "text/xml")
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	_, _ = w.Write(body) // a failed write means the client went away
}
