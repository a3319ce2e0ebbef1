package h1

import (
	"bufio"
	"bytes"
	"net/http"
	"reflect"
	"strings"
	"testing"
)

// sdkHead is a request head as aws-sdk-go-v2 sends it to KMS.
const sdkHead = "POST / HTTP/1.1\r\nHost: 127.0.0.1:4566\r\n" +
	"User-Agent: aws-sdk-go-v2/1.41.0 ua/2.1 os/linux lang/go#1.26.8 md/GOOS#linux md/GOARCH#amd64 api/kms#1.49.4 m/E\r\n" +
	"Content-Length: 101\r\nAmz-Sdk-Invocation-Id: 3f1b7a5e-95a2-4f4c-9c1e-0d2b8b3c5e21\r\nAmz-Sdk-Request: attempt=1; max=3\r\n" +
	"Authorization: AWS4-HMAC-SHA256 Credential=test/20261203/us-east-1/kms/aws4_request, " +
	"SignedHeaders=amz-sdk-invocation-id;amz-sdk-request;content-length;content-type;host;x-amz-date;x-amz-target, " +
	"Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7\r\n" +
	"Content-Type: application/x-amz-json-1.1\r\nX-Amz-Date: 20261203T130000Z\r\nX-Amz-Target: TrentService.Encrypt\r\n" +
	"Accept-Encoding: gzip\r\n\r\n"

// FuzzHead holds parseHead to what it promises: a head it accepts, net/http
// parses alike — method, target, URL, Host, headers, Content-Length — and
// its server would not refuse. The seeds are the heads clients send and
// those that must go to net/http.
func FuzzHead(f *testing.F) {
	for _, seed := range []string{
		sdkHead,
		"GET /?Action=ListUsers&Version=2010-05-08 HTTP/1.1\r\nHost: localhost\r\n\r\n",
		"POST /ImageBuilderCreateImage HTTP/1.1\r\nHost: h\r\nContent-Length: 0\r\nX-Dup: a\r\nX-Dup:  b \t\r\n\r\n",
		"GET /a%2Fb/c?x=%20 HTTP/1.1\r\nhost: [::1]:80\r\nx-lower-case: v\r\n\r\n",
		"GET / HTTP/1.0\r\nHost: h\r\n\r\n",
		"HEAD / HTTP/1.1\r\nHost: h\r\n\r\n",
		"POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n",
		"POST / HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\n",
		"GET / HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n",
		"GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n",
		"GET / HTTP/1.1\r\n\r\n",
		"GET / HTTP/1.1\r\nHost: h\r\nContent-Length: 1\r\nContent-Length: 1\r\n\r\n",
		"GET / HTTP/1.1\r\nHost: h\r\nContent-Length: +1\r\n\r\n",
		"GET / HTTP/1.1\r\nHost: h\r\nContent-Length: 99999999999999999999\r\n\r\n",
		"GET / HTTP/1.1\r\nHost: h\r\n Folded: x\r\n\r\n",
		"GET / HTTP/1.1\r\nHost: h\r\nBad Name: x\r\n\r\n",
		"GET / HTTP/1.1\r\nHost: h\r\nCtl: a\x01b\r\n\r\n",
		"GET / HTTP/1.1\r\nHost: h\r\nNoColon\r\n\r\n",
		"GET http://h/ HTTP/1.1\r\nHost: h\r\n\r\n",
		"GET * HTTP/1.1\r\nHost: h\r\n\r\n",
		"GET /\x7f HTTP/1.1\r\nHost: h\r\n\r\n",
		"GET / HTTP/1.1\nHost: h\n\n",
		"GET / HTTP/1.1\r\nHost: h\nX: y\r\n\r\n",
		"\r\nGET / HTTP/1.1\r\nHost: h\r\n\r\n",
		"GET  / HTTP/1.1\r\nHost: h\r\n\r\n",
		"GET / HTTP/1.1\r\nHost: h\r\nPragma: no-cache\r\n\r\n",
		"get / HTTP/1.1\r\nHost: h\r\n\r\n",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		n, bareLF := headEnd(data)
		if bareLF && n != 0 {
			t.Fatalf("headEnd: a head of %d bytes and a bare LF", n)
		}
		if n == 0 {
			return
		}
		h, ok := parseHead(string(data[:n]))
		if !ok {
			return
		}
		req, err := http.ReadRequest(bufio.NewReader(bytes.NewReader(data[:n])))
		if err != nil {
			t.Fatalf("accepted %q, which net/http refuses: %v", data[:n], err)
		}
		// ReadRequest, like net/http's server, keeps Host in req.Host only.
		got := []any{h.method, h.target, h.url, h.host, h.header, h.length}
		want := []any{req.Method, req.RequestURI, req.URL, req.Host, req.Header, req.ContentLength}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%q:\nparsed   %#v\nnet/http %#v", data[:n], got, want)
		}
		if strings.ContainsAny(h.host, " \t/?#@") {
			t.Errorf("accepted Host %q", h.host)
		}
	})
}

// TestHeadEnd: a head ends at its first empty line; a bare LF anywhere
// before it sends the request to net/http.
func TestHeadEnd(t *testing.T) {
	for _, c := range []struct {
		in     string
		n      int
		bareLF bool
	}{
		{"GET / HTTP/1.1\r\nHost: h\r\n\r\nbody", 27, false},
		{"GET / HTTP/1.1\r\nHost: h\r\n", 0, false},
		{"GET / HTTP/1.1\r\nHost: h\r\n\r", 0, false},
		{"GET / HTTP/1.1\nHost: h\r\n\r\n", 0, true},
		{"GET / HTTP/1.1\r\n\n", 0, true},
		{"\r\n", 2, false},
		{"", 0, false},
	} {
		if n, bareLF := headEnd([]byte(c.in)); n != c.n || bareLF != c.bareLF {
			t.Errorf("headEnd(%q) = %d, %v; want %d, %v", c.in, n, bareLF, c.n, c.bareLF)
		}
	}
}
