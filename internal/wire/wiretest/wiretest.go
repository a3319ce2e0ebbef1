// Package wiretest runs codecs behind httptest servers for tests that talk
// to them with real AWS SDK clients.
package wiretest

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"

	"github.com/amityhq/amity/internal/amitytest/sdkhttp"
	"github.com/amityhq/amity/internal/awserr"
	"github.com/amityhq/amity/internal/wire"
)

// Handler serves a codec as amity's server does, without SigV4: read the
// body, decode, invoke, encode. Request ids are "req-1", "req-2", ...
// Internal failures are logged to t and answered with awserr.Internal.
func Handler(t testing.TB, codec wire.Codec, svc *wire.Service) http.Handler {
	var n atomic.Int64
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := "req-" + strconv.FormatInt(n.Add(1), 10)
		body, err := io.ReadAll(r.Body)
		if err != nil {
			t.Errorf("read body: %v", err)
			return
		}
		op, aerr := codec.Operation(r, body)
		if aerr != nil {
			codec.EncodeError(w, id, aerr)
			return
		}
		in, aerr := codec.Input(op, r, body)
		if aerr != nil {
			codec.EncodeError(w, id, aerr)
			return
		}
		if aerr := wire.Check(svc, in); aerr != nil {
			codec.EncodeError(w, id, aerr)
			return
		}
		out, err := op.Invoke(r.Context(), in)
		if err != nil {
			e, ok := awserr.As(err)
			if !ok {
				t.Logf("%s: internal failure: %v", op.Name, err)
				e = awserr.Internal()
			}
			codec.EncodeError(w, id, e)
			return
		}
		codec.EncodeOutput(w, id, op, out)
	})
}

// Server starts an httptest server for svc through the codec newCodec
// makes, closed when the test ends.
func Server[C wire.Codec](t testing.TB, newCodec func(*wire.Service) C, svc *wire.Service) *httptest.Server {
	srv := httptest.NewServer(Handler(t, newCodec(svc), svc))
	t.Cleanup(srv.Close)
	return srv
}

// Config is an SDK configuration for a test server: fixed credentials,
// us-east-1, the server as endpoint, and no retries, so that an error
// reaches the test as the server sent it.
func Config(srv *httptest.Server) aws.Config {
	return aws.Config{
		Region:       "us-east-1",
		Credentials:  credentials.NewStaticCredentialsProvider("AKIDTEST", "secret", ""),
		BaseEndpoint: aws.String(srv.URL),
		Retryer:      func() aws.Retryer { return aws.NopRetryer{} },
		HTTPClient:   sdkhttp.Client(), // see sdkhttp.Client
	}
}

// Do sends a raw request, for what an SDK would refuse to send, and
// returns the response with its body read.
func Do(t testing.TB, srv *httptest.Server, method, path string, header http.Header, body string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequestWithContext(context.Background(), method, srv.URL+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range header {
		req.Header[k] = v
	}
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, string(b)
}
