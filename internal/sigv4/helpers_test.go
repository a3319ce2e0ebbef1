package sigv4_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"github.com/aws/smithy-go/logging"

	"github.com/amityhq/amity/internal/sigv4"
)

// signingTime is when every test request is signed.
var signingTime = time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC)

const secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"

var (
	longTerm  = aws.Credentials{AccessKeyID: "AKIDEXAMPLE", SecretAccessKey: secret}
	temporary = aws.Credentials{AccessKeyID: "ASIAEXAMPLE", SecretAccessKey: secret, SessionToken: "IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQD+token"}
)

// spec describes a request a client would make.
type spec struct {
	method, url string // url relative to the server, already encoded
	header      http.Header
	body        string
	service     string
	region      string
	creds       aws.Credentials
}

// delivered is a request as the server received it.
type delivered struct {
	r    *http.Request
	body []byte
}

// wire is a server that hands each request it receives to the test.
type wire struct {
	srv      *httptest.Server
	received chan delivered
}

func newWire(t testing.TB) *wire {
	w := &wire{received: make(chan delivered, 1)}
	w.srv = httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(r.Body)
		if err != nil {
			t.Errorf("reading body: %v", err)
		}
		w.received <- delivered{r.Clone(context.Background()), body}
		rw.WriteHeader(http.StatusNoContent)
	}))
	t.Cleanup(w.srv.Close)
	return w
}

// send sends req over HTTP and returns it as the server saw it.
func (w *wire) send(t testing.TB, req *http.Request) delivered {
	t.Helper()
	resp, err := w.srv.Client().Do(req)
	if err != nil {
		t.Fatalf("sending: %v", err)
	}
	resp.Body.Close()
	return <-w.received
}

// request builds the client request for s, unsigned.
func (w *wire) request(t testing.TB, s spec) *http.Request {
	t.Helper()
	req, err := http.NewRequest(s.method, w.srv.URL+s.url, strings.NewReader(s.body))
	if err != nil {
		t.Fatal(err)
	}
	for k, vs := range s.header {
		req.Header[k] = append([]string(nil), vs...)
	}
	return req
}

// sdkComputation is what aws-sdk-go-v2's signer computed for a request.
type sdkComputation struct{ canonicalRequest, stringToSign string }

// sign signs req as aws-sdk-go-v2 does, with the given payload hash, and
// returns the signer's own canonical request and string to sign.
func sign(t testing.TB, req *http.Request, s spec, payloadHash string, at time.Time) sdkComputation {
	t.Helper()
	var got sdkComputation
	err := v4.NewSigner().SignHTTP(context.Background(), s.creds, req, payloadHash, s.service, s.region, at, logSigning(&got))
	if err != nil {
		t.Fatal(err)
	}
	return got
}

// presign presigns req and returns the request to send.
func presign(t testing.TB, w *wire, s spec, payloadHash string, at time.Time) (*http.Request, sdkComputation) {
	t.Helper()
	var got sdkComputation
	u, headers, err := v4.NewSigner().PresignHTTP(context.Background(), s.creds, w.request(t, s), payloadHash, s.service, s.region, at, logSigning(&got))
	if err != nil {
		t.Fatal(err)
	}
	req, err := http.NewRequest(s.method, u, strings.NewReader(s.body))
	if err != nil {
		t.Fatal(err)
	}
	for k, vs := range headers {
		if !strings.EqualFold(k, "host") {
			req.Header[k] = vs
		}
	}
	return req, got
}

// logSigning makes the signer report its canonical request and string to
// sign, the reference the verifier's own must equal.
func logSigning(into *sdkComputation) func(*v4.SignerOptions) {
	return func(o *v4.SignerOptions) {
		o.LogSigning = true
		o.Logger = logging.LoggerFunc(func(_ logging.Classification, _ string, v ...interface{}) {
			into.canonicalRequest, into.stringToSign = v[0].(string), v[1].(string)
		})
	}
}

func hashHex(body string) string {
	sum := sha256.Sum256([]byte(body))
	return hex.EncodeToString(sum[:])
}

// verify runs the whole check as the server will: Parse, then Verify.
func verify(v *sigv4.Verifier, d delivered, secret string) error {
	a, err := v.Parse(d.r)
	if err != nil {
		return err
	}
	return v.Verify(d.r, d.body, &a, secret)
}

// clockAt returns a clock that always says t.
func clockAt(t time.Time) func() time.Time { return func() time.Time { return t } }

// kindOf returns the kind of a *sigv4.Failure, 0 for nil; it fails the test
// for any other error.
func kindOf(t testing.TB, err error) sigv4.Kind {
	t.Helper()
	if err == nil {
		return 0
	}
	f, ok := err.(*sigv4.Failure)
	if !ok {
		t.Fatalf("error %v (%T) is not a *sigv4.Failure", err, err)
	}
	return f.Kind
}
