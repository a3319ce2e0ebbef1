// Package doctor explains failures, as amity can and AWS does not: it
// keeps every refused call and every denied authorization with its
// engine trace (Recorder, an audit Auditor), linked to its request, its
// parent request and the resource the call worked on (authz.Request's
// Subject: the instance EC2 launched, the image Image Builder built); and
// it turns the failures of a resource into a cause, in the seed articles'
// terms, and the minimal fixes that make it pass (Explain).
package doctor

import (
	"time"

	"github.com/amityhq/amity/internal/authz"
	"github.com/amityhq/amity/internal/server"
)

// Failure is a refused call, or one with a denied authorization, as
// amity keeps it: what was asked, by whom, on what, the decision and its
// trace. It holds no secret: no input or output, only names, policies
// (which hold none) and the request's condition keys.
type Failure struct {
	RequestID string    `json:"requestId"`
	ParentID  string    `json:"parentId,omitempty"`
	Time      time.Time `json:"time"`
	Account   string    `json:"account"` // the caller's; "" for a service principal
	Region    string    `json:"region"`
	Service   string    `json:"service"`
	Operation string    `json:"operation"`
	Principal string    `json:"principal"`
	InvokedBy string    `json:"invokedBy,omitempty"`
	// Subject is the resource the call worked on for a service.
	Subject      string           `json:"subject,omitempty"`
	ErrorCode    string           `json:"errorCode,omitempty"`
	ErrorMessage string           `json:"errorMessage,omitempty"`
	Denials      []authz.Record   `json:"denials,omitempty"`
	Resources    []authz.Resource `json:"resources,omitempty"`
}

// failureOf is the Failure an event is, when it is one.
func failureOf(e *server.Event) (*Failure, bool) {
	var denials []authz.Record
	if e.Decisions != nil {
		for _, r := range e.Decisions.Records() {
			if !r.Allowed() {
				denials = append(denials, r)
			}
		}
	}
	if e.Err == nil && len(denials) == 0 {
		return nil, false
	}
	f := &Failure{RequestID: e.RequestID, ParentID: e.ParentID, Time: e.Time.UTC(), Service: e.Service,
		Operation: e.Operation, Denials: denials, Resources: e.Resources()}
	if r := e.Request; r != nil {
		f.Account, f.Region, f.Principal, f.InvokedBy, f.Subject = r.Principal.Account, r.Region, r.Principal.ARN, r.InvokedBy, r.Subject
	}
	if e.Err != nil {
		f.ErrorCode, f.ErrorMessage = e.Err.Code, e.Err.Message
	}
	return f, true
}
