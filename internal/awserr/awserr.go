// Package awserr defines amity's one error type: an AWS error as a value.
//
// Services return *Error values carrying AWS's error code, HTTP status and
// message text; only the wire layer turns them into bytes, in the envelope of
// the protocol the request came in on. Any other error that reaches the wire
// layer is an internal failure: its cause is logged, never shown to the caller.
package awserr

import (
	"errors"
	"fmt"
	"net/http"
)

// Fault says who is to blame for an error, as the awsQuery and ec2Query
// envelopes report it (<Type>Sender</Type> or <Type>Receiver</Type>).
type Fault uint8

const (
	// Sender: the request was wrong (every 4xx).
	Sender Fault = iota
	// Receiver: the service failed (every 5xx).
	Receiver
)

// Error is an AWS error: what a client sees as the error code and message.
type Error struct {
	Code    string // AWS error code, e.g. "AccessDeniedException".
	Message string // exact message text, as AWS writes it.
	Status  int    // HTTP status code.
	// Detail is why amity answered so, for its log and never for the
	// client: where AWS's answer is terse on purpose (an empty
	// InvalidCiphertextException, an invalid security token for a
	// disabled Region), the wire carries AWS's exact answer and the log
	// line says what the client cannot see. No codec encodes it.
	Detail string
}

// Error implements error as "Code: Message", the form AWS SDKs print.
func (e *Error) Error() string {
	if e.Message == "" {
		return e.Code
	}
	return e.Code + ": " + e.Message
}

// WithDetail returns a copy of e whose Detail is detail.
func (e *Error) WithDetail(detail string) *Error {
	c := *e
	c.Detail = detail
	return &c
}

// Fault reports Receiver for server errors and Sender for everything else.
func (e *Error) Fault() Fault {
	if e.Status >= 500 {
		return Receiver
	}
	return Sender
}

// New returns an error with the given code, status and message.
func New(code string, status int, message string) *Error {
	return &Error{Code: code, Status: status, Message: message}
}

// Newf returns an error whose message is formatted with fmt.Sprintf.
func Newf(code string, status int, format string, args ...any) *Error {
	return &Error{Code: code, Status: status, Message: fmt.Sprintf(format, args...)}
}

// InternalFailureCode is AWS's code for an unexpected server-side failure.
const InternalFailureCode = "InternalFailure"

// Internal is the error shown for a failure whose cause must stay private.
func Internal() *Error {
	return &Error{Code: InternalFailureCode, Status: http.StatusInternalServerError,
		Message: "The request processing has failed because of an unknown error, exception or failure."}
}

// As returns err as an *Error when it is one (or wraps one), and otherwise
// (nil, false): the caller must then log err and answer Internal().
func As(err error) (*Error, bool) {
	var e *Error
	if errors.As(err, &e) {
		return e, true
	}
	return nil, false
}
