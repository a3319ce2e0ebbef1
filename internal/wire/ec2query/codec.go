// Package ec2query is the ec2Query codec (EC2): form parameters like
// awsQuery's, but lists always flattened (VolumeId.1, Filter.1.Value.1) and
// names capitalised; responses are XML with the request id inside,
//
//	<CreateVolumeResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">
//	  <requestId>...</requestId><volumeId>...</volumeId>...
//	</CreateVolumeResponse>
//
// and errors
//
//	<Response><Errors><Error><Code>...</Code><Message>...</Message></Error></Errors>
//	<RequestID>...</RequestID></Response>
//
// EC2 does not validate as Coral services do: a missing required parameter
// is MissingParameter, a parameter it does not know UnknownParameter.
package ec2query

import (
	"net/http"
	"strconv"

	"github.com/amityhq/amity/internal/awserr"
	"github.com/amityhq/amity/internal/wire"
	"github.com/amityhq/amity/internal/wire/awsquery"
	"github.com/amityhq/amity/internal/wire/formio"
	"github.com/amityhq/amity/internal/wire/xmlio"
)

// Codes of requests EC2 refuses before its service logic.
const (
	// InvalidActionCode: "The action X is not valid for this web service."
	// [terraform-provider-aws comments and SDK logs].
	InvalidActionCode = "InvalidAction"
	// UnknownParameterCode: "The parameter X is not recognized" [AWS CLI
	// output for RunInstances].
	UnknownParameterCode = "UnknownParameter"
)

// protocolParams are the parameters of the protocol and of query-string
// SigV4 (and SigV2) rather than of an operation.
var protocolParams = map[string]bool{
	"Action": true, "Version": true,
	"X-Amz-Algorithm": true, "X-Amz-Credential": true, "X-Amz-Date": true, "X-Amz-Expires": true,
	"X-Amz-SignedHeaders": true, "X-Amz-Signature": true, "X-Amz-Security-Token": true,
	"AWSAccessKeyId": true, "Signature": true, "SignatureMethod": true, "SignatureVersion": true,
	"Timestamp": true, "Expires": true, "SecurityToken": true,
}

// Codec serves EC2.
type Codec struct {
	svc *wire.Service
}

var _ wire.Codec = (*Codec)(nil)

// New returns the codec of svc, whose protocol must be wire.ProtocolEC2.
func New(svc *wire.Service) *Codec { return &Codec{svc: svc} }

// Operation reads Action. EC2 serves every API version since 2006, so the
// Version parameter chooses nothing here.
func (c *Codec) Operation(r *http.Request, body []byte) (*wire.Operation, *awserr.Error) {
	values, err := awsquery.Params(r, body)
	if err != nil {
		return nil, err
	}
	action := values.Get("Action")
	if action == "" {
		return nil, awserr.New(awsquery.MissingActionCode, http.StatusBadRequest, "Missing Action")
	}
	op, ok := c.svc.Operation(action)
	if !ok {
		return nil, awserr.New(InvalidActionCode, http.StatusBadRequest,
			"The action "+action+" is not valid for this web service.")
	}
	if !op.Served() {
		return nil, wire.NotImplemented(c.svc.Name, op.Name)
	}
	return op, nil
}

// Input decodes the parameters, refuses unknown ones, and validates.
func (c *Codec) Input(op *wire.Operation, r *http.Request, body []byte) (wire.Input, *awserr.Error) {
	values, err := awsquery.Params(r, body)
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
	for _, name := range d.Unread() {
		if !protocolParams[name] {
			return nil, awserr.New(UnknownParameterCode, http.StatusBadRequest, "The parameter "+name+" is not recognized")
		}
	}
	return in, nil
}

// EncodeOutput writes <OpResponse><requestId/>members</OpResponse>; an
// operation without output answers <return>true</return>.
func (c *Codec) EncodeOutput(w http.ResponseWriter, requestID string, op *wire.Operation, out any) {
	m, ok := out.(xmlio.Marshaler)
	if !ok {
		c.EncodeError(w, requestID, awserr.Internal())
		return
	}
	var e xmlio.Encoder
	e.Prolog()
	e.StartNS(op.Name+"Response", c.svc.XMLNamespace)
	e.String("requestId", requestID)
	if op.HasOutput {
		m.EncodeXML(&e)
	} else {
		e.Bool("return", true)
	}
	e.End(op.Name + "Response")
	write(w, requestID, http.StatusOK, e.Bytes())
}

// EncodeError writes the <Response><Errors> envelope.
func (c *Codec) EncodeError(w http.ResponseWriter, requestID string, err *awserr.Error) {
	var e xmlio.Encoder
	e.Prolog()
	e.Start("Response")
	e.Start("Errors")
	e.Start("Error")
	e.String("Code", err.Code)
	e.String("Message", err.Message)
	e.End("Error")
	e.End("Errors")
	e.String("RequestID", requestID)
	e.End("Response")
	write(w, requestID, err.Status, e.Bytes())
}

// write sends a response with the headers EC2 sends [boto3 response
// metadata, 2022-2024: x-amzn-requestid, cache-control, content-type
// text/xml;charset=UTF-8, server AmazonEC2].
func write(w http.ResponseWriter, requestID string, status int, body []byte) {
	h := w.Header()
	h.Set(wire.RequestIDHeader, requestID)
	h.Set("Content-Type", "text/xml;charset=UTF-8")
	h.Set("Content-Length", strconv.Itoa(len(body)))
	h.Set("Cache-Control", "no-cache, no-store")
	h.Set("Server", "AmazonEC2")
	w.WriteHeader(status)
	_, _ = w.Write(body) // a failed write means the client went away
}
