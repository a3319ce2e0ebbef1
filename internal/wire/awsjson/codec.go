// Package awsjson is the awsJson1.0/1.1 codec (KMS, CloudTrail): requests
// are POSTs to "/" naming the operation in X-Amz-Target
// ("TrentService.Encrypt") with a JSON body; responses are JSON, errors
// {"__type":"NotFoundException","message":"..."}.
package awsjson

import (
	"net/http"
	"strconv"
	"strings"
	"sync"

	"github.com/amityhq/amity/internal/awserr"
	"github.com/amityhq/amity/internal/wire"
	"github.com/amityhq/amity/internal/wire/jsonio"
)

// UnknownOperationCode is Coral's answer to a target it does not know
// [DynamoDB and Kinesis captures: com.amazon.coral.service#UnknownOperationException,
// HTTP 400, no message].
const UnknownOperationCode = "UnknownOperationException"

// Codec serves one awsJson service.
type Codec struct {
	svc         *wire.Service
	contentType string
}

var _ wire.Codec = (*Codec)(nil)

// New returns the codec of svc, whose protocol must be wire.ProtocolJSON.
func New(svc *wire.Service) *Codec {
	version := svc.JSONVersion
	if version == "" {
		version = "1.0"
	}
	return &Codec{svc: svc, contentType: "application/x-amz-json-" + version}
}

// Operation reads the operation from X-Amz-Target.
func (c *Codec) Operation(r *http.Request, _ []byte) (*wire.Operation, *awserr.Error) {
	// A prefix may be namespaced: botocore sends CloudTrail's full
	// "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101", the Go SDK
	// only "CloudTrail_20131101"; AWS takes both.
	target := r.Header.Get("X-Amz-Target")
	dot := strings.LastIndexByte(target, '.')
	if dot < 0 || !c.knownPrefix(target[:dot]) {
		return nil, awserr.New(UnknownOperationCode, http.StatusBadRequest, "")
	}
	op, ok := c.svc.Operation(target[dot+1:])
	if !ok {
		return nil, awserr.New(UnknownOperationCode, http.StatusBadRequest, "")
	}
	if !op.Served() {
		return nil, wire.NotImplemented(c.svc.Name, op.Name)
	}
	return op, nil
}

func (c *Codec) knownPrefix(prefix string) bool {
	full := c.svc.TargetPrefix
	return prefix == full || strings.HasSuffix(full, "."+prefix)
}

// Input decodes the JSON body and validates it.
func (c *Codec) Input(op *wire.Operation, _ *http.Request, body []byte) (wire.Input, *awserr.Error) {
	in := op.NewInput()
	u, ok := in.(jsonio.Unmarshaler)
	if !ok {
		return nil, awserr.Internal()
	}
	if err := jsonio.Decode(body, u); err != nil {
		return nil, err
	}
	return in, nil
}

var encoders = sync.Pool{New: func() any { return new(jsonio.Encoder) }}

// EncodeOutput writes out as the JSON body of a 200 response.
func (c *Codec) EncodeOutput(w http.ResponseWriter, requestID string, _ *wire.Operation, out any) {
	m, ok := out.(jsonio.Marshaler)
	if !ok {
		c.EncodeError(w, requestID, awserr.Internal())
		return
	}
	e := encoders.Get().(*jsonio.Encoder)
	defer encoders.Put(e)
	e.Reset()
	m.EncodeJSON(e)
	c.write(w, requestID, http.StatusOK, e.Bytes())
}

// EncodeError writes err as {"__type":code,"message":text}. AWS leaves the
// message out when it has none (KMS's InvalidCiphertextException).
func (c *Codec) EncodeError(w http.ResponseWriter, requestID string, err *awserr.Error) {
	e := encoders.Get().(*jsonio.Encoder)
	defer encoders.Put(e)
	e.Reset()
	e.BeginObject()
	e.Key("__type")
	e.String(err.Code)
	if err.Message != "" {
		e.Key("message")
		e.String(err.Message)
	}
	e.EndObject()
	c.write(w, requestID, err.Status, e.Bytes())
}

func (c *Codec) write(w http.ResponseWriter, requestID string, status int, body []byte) {
	h := w.Header()
	h.Set(wire.RequestIDHeader, requestID)
	h.Set("Content-Type", c.contentType)
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	_, _ = w.Write(body) // a failed write means the client went away
}
