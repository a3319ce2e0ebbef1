package server

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/amityhq/amity/internal/authz"
	"github.com/amityhq/amity/internal/awserr"
	"github.com/amityhq/amity/internal/awsid"
	"github.com/amityhq/amity/internal/wire"
)

// Event is the record of one request — a customer's over HTTP, or a call
// one service made to another — made once it is answered: the pipeline's
// last step. CloudTrail builds its records from these.
type Event struct {
	RequestID string
	// ParentID is, for a call a service made while serving a request,
	// that request's id; empty for a customer's request.
	ParentID string
	// SharedEventID is set when the request touched resources of an
	// account other than the caller's: the records CloudTrail writes in
	// each account share it.
	SharedEventID string
	Time          time.Time
	Service       string // signing name, e.g. "kms"
	// Operation is named once the request is decoded, and for a request
	// refused before it was authenticated (a bad signature, a disabled
	// Region) as soon as it can be read for it; "" when it names none
	// amity knows.
	Operation string
	// ReadOnly says the operation changes nothing (CloudTrail's readOnly).
	ReadOnly bool
	// Request is who called, from where; nil when authentication failed.
	Request *authz.Request
	// in and out are the decoded request and the answer, as the service
	// saw them; Input and Output give them without their secrets.
	in, out any
	// Decisions are the request's authorizations with their traces, and
	// the resources it touched; empty when the request was refused before
	// its operation ran.
	Decisions *authz.Decisions
	// Err is the error answered, nil on success.
	Err *awserr.Error
	// Status is the HTTP status answered (for a call between services,
	// the one an HTTP request would have had).
	Status int
	// Duration is how long the request took to answer.
	Duration time.Duration
}

// Input is the decoded request without the members the model marks
// sensitive; nil when decoding failed. Redacted when asked for: most
// auditors never ask.
func (e *Event) Input() any { return wire.Redact(e.in) }

// Output is the answer without the members the model marks sensitive;
// nil when the request failed.
func (e *Event) Output() any { return wire.Redact(e.out) }

// Resources returns the resources the request touched, with their owners.
func (e *Event) Resources() []authz.Resource {
	if e.Decisions == nil {
		return nil
	}
	return e.Decisions.Resources()
}

// RecipientAccounts are the accounts whose trails record the event: the
// caller's, and the owners of the resources it touched.
func (e *Event) RecipientAccounts() []string {
	var out []string
	if e.Request != nil && e.Request.Principal.Account != "" {
		out = append(out, e.Request.Principal.Account)
	}
	for _, r := range e.Resources() {
		if r.Account != "" && !slices.Contains(out, r.Account) {
			out = append(out, r.Account)
		}
	}
	return out
}

// Auditor records events. Record is called once per request, after the
// answer; it must not keep e's Request beyond what it copies.
type Auditor interface {
	Record(ctx context.Context, e *Event)
}

// Auditors records each event with every auditor, in order.
type Auditors []Auditor

// Record implements Auditor.
func (as Auditors) Record(ctx context.Context, e *Event) {
	for _, a := range as {
		a.Record(ctx, e)
	}
}

// newEvent returns an event with room for its decisions: one allocation.
func newEvent(requestID string, t time.Time) *Event {
	box := &struct {
		Event
		decisions authz.Decisions
	}{Event: Event{RequestID: requestID, Time: t}}
	box.Event.Decisions = &box.decisions
	return &box.Event
}

// finish completes an event once its request is answered at now: its
// status and duration, and for a request that reached across accounts the
// id its records share.
func (e *Event) finish(now time.Time) {
	e.Duration = now.Sub(e.Time)
	switch {
	case e.Err != nil:
		e.Status = e.Err.Status
	case e.Status == 0:
		e.Status = http.StatusOK
	}
	if e.Request != nil && e.Decisions.CrossAccount(e.Request.Principal.Account) {
		e.SharedEventID = awsid.NewUUID()
	}
}

// Reason says why the request was refused, for the log: amity's detail
// on the error (see awserr.Error.Detail) and the authorization that
// denied it. Empty for a success.
func (e *Event) Reason() string {
	if e.Err == nil {
		return ""
	}
	var why []string
	if e.Err.Detail != "" {
		why = append(why, e.Err.Detail)
	}
	if rec, ok := e.Decisions.Denial(); ok {
		why = append(why, rec.Explain())
	}
	return strings.Join(why, "; ")
}
