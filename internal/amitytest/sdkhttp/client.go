// Package sdkhttp is the HTTP client that AWS SDK clients in amity's tests
// use to talk to an in-process amity (see Client).
package sdkhttp

import (
	"io"
	"net/http"

	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
)

// Client returns the HTTP client for SDK clients talking to an
// in-process amity: the SDK's default client, except that request bodies
// reach net/http offering only Read and Close.
//
// Why: smithy-go (v1.28.9) hands net/http each request body wrapped in a
// closer whose WriteTo returns io.EOF once closed, and closes that body as
// soon as the response headers arrive. After writing a body of known
// length, net/http drains what may be left of it with io.Copy, which
// prefers WriteTo. Over loopback amity can answer before that drain runs;
// the drain then gets io.EOF, the transport takes it for a failed write
// and closes the connection under the response the SDK is still reading.
// A response larger than the transport's 4 KiB read buffer (ListPolicies
// with AWS's managed policies) then fails with "use of closed network
// connection" — rarely, most often under -race. Through Read, a closed
// body's io.EOF ends the drain cleanly.
func Client() aws.HTTPClient {
	return readOnlyBodies{awshttp.NewBuildableClient()}
}

// readOnlyBodies passes requests to an HTTP client with their bodies
// reduced to Read and Close.
type readOnlyBodies struct {
	client aws.HTTPClient
}

func (c readOnlyBodies) Do(req *http.Request) (*http.Response, error) {
	if req.Body != nil && req.Body != http.NoBody {
		// The SDK closes the body it built after Do; closing the wrapper
		// closes that body.
		req.Body = readCloser{req.Body}
	}
	return c.client.Do(req)
}

// readCloser hides every method of a body but Read and Close.
type readCloser struct {
	io.ReadCloser
}
