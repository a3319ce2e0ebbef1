package server

import (
	"context"
	"net/http"

	"github.com/amityhq/amity/internal/authz"
	"github.com/amityhq/amity/internal/awserr"
	"github.com/amityhq/amity/internal/wire"
)

// Call runs an operation for a request that is already authenticated: an
// AWS service acting inside amity — EC2 asking KMS for a data key on a
// caller's behalf (req from authz.Request.OnBehalf), Image Builder as its
// service-linked role. Services never call each other over HTTP; they call
// here, and the call takes the path an HTTP request takes once decoded:
// validation against the service model, the operation (which authorizes),
// and the audit record. So such calls are refused and recorded exactly
// like a customer's.
func (s *Server) Call(ctx context.Context, req *authz.Request, service, operation string, in wire.Input) (any, error) {
	call := *req
	call.ID = newRequestID()
	event := &Event{RequestID: call.ID, Time: s.now(), Service: service, Operation: operation, Request: &call}
	out, err := s.call(ctx, &call, service, operation, in)
	if err != nil {
		event.Err = s.awsError(err, call.ID)
		s.auditor.Record(ctx, event)
		return nil, event.Err
	}
	s.auditor.Record(ctx, event)
	return out, nil
}

func (s *Server) call(ctx context.Context, req *authz.Request, service, operation string, in wire.Input) (any, error) {
	rt := s.routes[service]
	if rt == nil {
		return nil, awserr.Newf("UnrecognizedServiceException", http.StatusBadRequest, "amity does not serve the service %q.", service)
	}
	op, ok := rt.Service.Operation(operation)
	if !ok || !op.Served() {
		return nil, wire.NotImplemented(service, operation)
	}
	var v wire.Validator
	in.Validate(&v)
	if err := validationError(&v, rt.Service); err != nil {
		return nil, err
	}
	return op.Invoke(authz.WithRequest(ctx, req), in)
}

// validationError is the model's refusal of an input, in its protocol's
// words; nil when the input is valid.
func validationError(v *wire.Validator, svc *wire.Service) error {
	var err *awserr.Error
	if svc.Protocol == wire.ProtocolEC2 {
		err = v.EC2Err()
	} else {
		err = v.Err(svc.ValidationCode)
	}
	if err == nil {
		return nil // a typed nil would not compare equal to nil
	}
	return err
}

// CallAs is Call for an operation whose output type is O.
func CallAs[O any](ctx context.Context, s *Server, req *authz.Request, service, operation string, in wire.Input) (*O, error) {
	out, err := s.Call(ctx, req, service, operation, in)
	if err != nil {
		return nil, err
	}
	return out.(*O), nil
}
