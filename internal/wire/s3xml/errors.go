// Package s3xml writes errors in S3's envelope, an unwrapped <Error>
// document, which S3's SDK clients read (they take no other). amity serves
// no S3: this is how it tells an S3 client so.
package s3xml

import (
	"net/http"
	"strconv"

	"github.com/amityhq/amity/internal/awserr"
	"github.com/amityhq/amity/internal/wire/xmlio"
)

// RequestIDHeader is where S3 puts the request id.
const RequestIDHeader = "X-Amz-Request-Id"

// Errors encodes errors as S3 does.
type Errors struct{}

// EncodeError writes err as S3 does [S3 API reference, "Error responses"]:
//
//	<?xml version="1.0" encoding="UTF-8"?>
//	<Error><Code>…</Code><Message>…</Message><RequestId>…</RequestId></Error>
func (Errors) EncodeError(w http.ResponseWriter, requestID string, err *awserr.Error) {
	var e xmlio.Encoder
	e.Prolog()
	e.Start("Error")
	e.String("Code", err.Code)
	e.String("Message", err.Message)
	e.String("RequestId", requestID)
	e.End("Error")
	body := e.Bytes()
	h := w.Header()
	h.Set(RequestIDHeader, requestID)
	h.Set("Content-Type", "application/xml")
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(err.Status)
	_, _ = w.Write(body) // a failed write means the client went away
}
