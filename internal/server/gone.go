package server

import (
	"errors"
	"net/http"
	"os"

	"github.com/amityhq/amity/internal/awserr"
)

// requestCanceled records a request whose client went away before its
// answer: amity's own code (nothing reaches the client), with nginx's 499
// for "client closed request".
func requestCanceled() *awserr.Error {
	return awserr.New("RequestCanceled", 499, "Request canceled.")
}

// bodyReadError is what a body that could not be read whole was: the
// client stopped sending for longer than the server's read timeout, or
// went away. S3's RequestTimeout (400, its text) is the one AWS answer to
// the first on record (UNVERIFIED for other services).
func bodyReadError(err error) *awserr.Error {
	if errors.Is(err, os.ErrDeadlineExceeded) {
		return awserr.New("RequestTimeout", http.StatusBadRequest,
			"Your socket connection to the server was not read from or written to within the timeout period. Idle connections will be closed.")
	}
	return requestCanceled()
}

// clientGone reports whether the request's client has gone away (its
// connection closed, or the server shutting down), so that no more work is
// done for an answer nobody will read.
func clientGone(r *http.Request) bool { return r.Context().Err() != nil }
