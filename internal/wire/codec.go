package wire

import (
	"net/http"

	"github.com/amityhq/amity/internal/awserr"
)

// Codec is one protocol's half of the wire layer for one service.
//
// The body is passed in rather than read from r.Body: the server has already
// read it to check the SigV4 payload hash.
type Codec interface {
	// Operation names the operation the request calls. It fails with the
	// protocol's "unknown operation" error, or NotImplemented for a modeled
	// operation amity does not serve.
	Operation(r *http.Request, body []byte) (*Operation, *awserr.Error)
	// Input decodes the request into op's input. Malformed requests fail
	// with the protocol's serialization error; the model's constraints are
	// checked afterwards, once for every caller (Check).
	Input(op *Operation, r *http.Request, body []byte) (Input, *awserr.Error)
	// EncodeOutput writes a success response carrying out, the value
	// op.Invoke returned.
	EncodeOutput(w http.ResponseWriter, requestID string, op *Operation, out any)
	// EncodeError writes err in the protocol's error envelope.
	EncodeError(w http.ResponseWriter, requestID string, err *awserr.Error)
}

// RequestIDHeader is where awsJson, awsQuery, restJson and (in current
// responses) ec2Query put the request id.
const RequestIDHeader = "X-Amzn-Requestid"

// NotImplementedCode is the code of a modeled operation amity does not serve.
const NotImplementedCode = "NotImplemented"

// NotImplemented is the answer to a modeled operation amity does not serve.
// It is amity's own, the same in every protocol: AWS has no such answer.
func NotImplemented(service, operation string) *awserr.Error {
	return Unsupported(service + ":" + operation)
}

// Unsupported is NotImplemented for a feature of a served operation that
// amity does not emulate ("asymmetric keys").
func Unsupported(what string) *awserr.Error {
	return awserr.New(NotImplementedCode, http.StatusNotImplemented, "amity does not implement "+what+" yet")
}

// Redactable is a generated structure holding members the model marks
// sensitive: Redacted returns a copy without them.
type Redactable interface {
	Redacted() any
}

// Redact returns v without its sensitive members: v itself when it has
// none.
func Redact(v any) any {
	if r, ok := v.(Redactable); ok {
		return r.Redacted()
	}
	return v
}

// Check validates in against the service's model and returns the
// refusal in the protocol's words (EC2's MissingParameter or
// InvalidParameterValue, the others' validation code), or nil.
func Check(svc *Service, in Input) *awserr.Error {
	var v Validator
	in.Validate(&v)
	if svc.Protocol == ProtocolEC2 {
		return v.EC2Err()
	}
	return v.Err(svc.ValidationCode)
}
