// Package wire is the protocol-neutral half of amity's wire layer: the
// descriptors that generated per-service packages (internal/api/...) build,
// the input validator they call, and the Codec contract that each protocol
// package (awsjson, awsquery, ec2query, restjson) fulfils.
//
// A server handles a request in four steps, all protocol-neutral:
//
//	op, err := codec.Operation(r, body)   // which operation; unknown or not served → err
//	in, err := codec.Input(op, r, body)   // decode + validate into the generated input struct
//	out, err := op.Invoke(ctx, in)        // the service implementation
//	codec.EncodeOutput(w, requestID, op, out) // or codec.EncodeError(w, requestID, awsErr)
//
// Services never see HTTP; codecs never see service logic.
package wire

import (
	"context"
	"sort"
)

// Protocol names an AWS wire protocol, as the service models spell it.
type Protocol string

// The protocols amity speaks.
const (
	ProtocolJSON     Protocol = "json"      // awsJson1.0/1.1 (KMS, CloudTrail)
	ProtocolQuery    Protocol = "query"     // awsQuery (IAM, STS)
	ProtocolEC2      Protocol = "ec2"       // ec2Query (EC2)
	ProtocolRestJSON Protocol = "rest-json" // restJson1 (Account, Image Builder)
)

// Metadata is what a codec needs to know about a service.
type Metadata struct {
	Name         string   // signing name, e.g. "kms"
	ServiceID    string   // model serviceId, e.g. "KMS"
	Version      string   // API version, e.g. "2014-11-01"
	Protocol     Protocol //
	TargetPrefix string   // awsJson: X-Amz-Target prefix, e.g. "TrentService"
	JSONVersion  string   // awsJson: "1.0" or "1.1"
	XMLNamespace string   // awsQuery/ec2Query: response xmlns
	// ValidationCode is the error code of a failed constraint:
	// "ValidationException" for JSON services, "ValidationError" for awsQuery.
	ValidationCode string
}

// Input is a generated request structure. Validate records every constraint
// of the service model the value breaks.
type Input interface {
	Validate(v *Validator)
}

// Operation is one modeled operation. Operations amity does not serve yet
// have a nil Invoke (and NewInput): codecs still know them, so they can answer
// "not implemented" rather than "unknown operation".
type Operation struct {
	Name   string // e.g. "CreateKey"
	Method string // HTTP method of the REST binding
	Path   string // requestUri template, e.g. "/GetImage" or "/things/{Id}"
	Status int    // HTTP status of a success (restJson), 0 meaning 200
	// HasOutput says the model defines an output shape: awsQuery wraps it
	// in <NameResult>; ec2Query answers <return>true</return> without one.
	HasOutput bool
	// ReadOnly says the operation changes nothing, as CloudTrail's
	// readOnly field records it.
	ReadOnly bool
	NewInput func() Input
	Invoke   func(ctx context.Context, in Input) (any, error)
}

// Served reports whether amity implements the operation.
func (op *Operation) Served() bool { return op.Invoke != nil }

// Invoker adapts a typed service method to Operation.Invoke. A nil output
// from the method becomes an empty one, so codecs always encode a value.
func Invoker[I, O any, PI interface {
	*I
	Input
}](method func(context.Context, PI) (*O, error)) func(context.Context, Input) (any, error) {
	return func(ctx context.Context, in Input) (any, error) {
		out, err := method(ctx, in.(PI))
		if err != nil {
			return nil, err
		}
		if out == nil {
			out = new(O)
		}
		return out, nil
	}
}

// Service is a service's metadata and its operations.
type Service struct {
	Metadata
	ops    []*Operation
	byName map[string]*Operation
}

// NewService indexes ops, which must include every operation of the model.
func NewService(meta Metadata, ops []Operation) *Service {
	s := &Service{Metadata: meta, byName: make(map[string]*Operation, len(ops))}
	for i := range ops {
		op := &ops[i]
		s.ops = append(s.ops, op)
		s.byName[op.Name] = op
	}
	sort.Slice(s.ops, func(i, j int) bool { return s.ops[i].Name < s.ops[j].Name })
	return s
}

// Operation returns the modeled operation of that name.
func (s *Service) Operation(name string) (*Operation, bool) {
	op, ok := s.byName[name]
	return op, ok
}

// Operations returns every modeled operation, sorted by name.
func (s *Service) Operations() []*Operation { return s.ops }
