package h1_test

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/amityhq/amity/internal/h1"
)

// echo answers with what it was given: method, target, Host, Content-Length,
// headers and body, and the status a "Status" header asks for; first, who
// served it: "via=h1" or "via=net/http" (whose requests' contexts hold
// their Server).
var echo = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		http.Error(w, "body: "+err.Error(), http.StatusBadRequest)
		return
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s %s host=%s length=%d\n", r.Method, r.RequestURI, r.URL, r.Host, r.ContentLength)
	for _, k := range slices.Sorted(func(yield func(string) bool) {
		for k := range r.Header {
			if !yield(k) {
				return
			}
		}
	}) {
		fmt.Fprintf(&b, "%s=%q\n", k, r.Header[k])
	}
	fmt.Fprintf(&b, "body=%q", body)
	if s := r.Header.Get("Status"); s != "" {
		var code int
		fmt.Sscan(s, &code)
		w.WriteHeader(code)
	}
	if r.Context().Value(http.ServerContextKey) != nil {
		io.WriteString(w, "via=net/http ")
	} else {
		io.WriteString(w, "via=h1 ")
	}
	io.WriteString(w, b.String())
})

func timeouts(h http.Handler) *http.Server {
	return &http.Server{Handler: h, ReadHeaderTimeout: 5 * time.Second, ReadTimeout: 5 * time.Second,
		WriteTimeout: 5 * time.Second, IdleTimeout: 5 * time.Second}
}

// serve starts an h1 Server for h on a loopback port, and returns its
// address; the test shuts it down.
func serve(t *testing.T, h http.Handler) (string, *h1.Server) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := h1.New(timeouts(h))
	done := make(chan error, 1)
	go func() { done <- s.Serve(ln) }()
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := s.Shutdown(ctx); err != nil {
			t.Errorf("Shutdown: %v", err)
		}
		if err := <-done; !errors.Is(err, http.ErrServerClosed) {
			t.Errorf("Serve: %v", err)
		}
	})
	return ln.Addr().String(), s
}

// serveNetHTTP starts net/http alone for h, the reference.
func serveNetHTTP(t *testing.T, h http.Handler) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := timeouts(h)
	go func() { _ = s.Serve(ln) }()
	t.Cleanup(func() { s.Close() })
	return ln.Addr().String()
}

// exchange sends raw on a new connection and reads answers until the
// server closes it or stops answering: each one's status, body, whether
// the connection closes after it, and its headers but Content-Length,
// Date's value checked to be now.
func exchange(t *testing.T, addr, raw string, answers int) []string {
	t.Helper()
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := io.WriteString(conn, raw); err != nil {
		t.Fatal(err)
	}
	if err := conn.SetReadDeadline(time.Now().Add(5 * time.Second)); err != nil {
		t.Fatal(err)
	}
	r := bufio.NewReader(conn)
	method, _, _ := strings.Cut(raw, " ") // the first request's: a HEAD answer has no body
	var got []string
	for range answers {
		resp, err := http.ReadResponse(r, &http.Request{Method: method})
		if err != nil {
			got = append(got, "no answer")
			break
		}
		body, _ := io.ReadAll(resp.Body)
		if d := resp.Header.Get("Date"); d != "" {
			if date, err := http.ParseTime(d); err != nil || time.Since(date) > time.Minute {
				t.Errorf("Date %q: %v", d, err)
			}
			resp.Header.Set("Date", "now")
		}
		// The bodies say who answered, in words of different lengths.
		resp.Header.Del("Content-Length")
		got = append(got, fmt.Sprintf("%d %s close=%v %v", resp.StatusCode, body, resp.Close, resp.Header))
	}
	return got
}

// TestAnswersAsNetHTTP: every request, served here or handed over, is
// answered as net/http alone answers it, on connections that carry on
// (or end) alike.
func TestAnswersAsNetHTTP(t *testing.T) {
	fast, _ := serve(t, echo)
	reference := serveNetHTTP(t, echo)
	const sdk = "POST / HTTP/1.1\r\nHost: h\r\nContent-Type: application/x-amz-json-1.1\r\nX-Amz-Target: TrentService.Encrypt\r\nContent-Length: 11\r\n\r\n{\"KeyId\":1}"
	const h1, nh = "via=h1", "via=net/http"
	for _, c := range []struct {
		name string
		raw  string
		via  []string // who answers each request here ("" for net/http's own refusal)
	}{
		{"SDK POST", sdk, []string{h1}},
		{"keep-alive", sdk + sdk + "GET /x?y=z HTTP/1.1\r\nHost: h\r\n\r\n", []string{h1, h1, h1}},
		{"GET with a query", "GET /?Action=ListUsers&Version=2010-05-08 HTTP/1.1\r\nHost: h\r\nX-A: 1\r\nX-A: 2\r\n\r\n", []string{h1}},
		{"an error status", "GET / HTTP/1.1\r\nHost: h\r\nStatus: 404\r\n\r\n", []string{h1}},
		{"no body allowed", "GET / HTTP/1.1\r\nHost: h\r\nStatus: 204\r\n\r\nGET / HTTP/1.1\r\nHost: h\r\n\r\n", []string{"", h1}},
		{"chunked, then the common request", "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n" + sdk, []string{nh, nh}},
		{"the common request, then chunked", sdk + "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n", []string{h1, nh}},
		{"Expect", "POST / HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\nab", []string{"", nh}}, // 100 Continue first
		{"Connection: close", "GET / HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\nGET / HTTP/1.1\r\nHost: h\r\n\r\n", []string{nh, ""}},
		{"HTTP/1.0", "GET / HTTP/1.0\r\n\r\n", []string{nh}},
		{"HEAD", "HEAD / HTTP/1.1\r\nHost: h\r\n\r\n", []string{""}},
		{"no Host", "GET / HTTP/1.1\r\n\r\n", []string{""}},
		{"two Hosts", "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", []string{""}},
		{"two lengths", "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab", []string{""}},
		{"a bad length", "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: x\r\n\r\n", []string{""}},
		{"a bad header", "GET / HTTP/1.1\r\nHost: h\r\nBad Name: x\r\n\r\n", []string{""}},
		{"bare LF", "GET / HTTP/1.1\nHost: h\n\n", []string{nh}},
		{"an absolute target", "GET http://h/p HTTP/1.1\r\nHost: h\r\n\r\n", []string{nh}},
		{"garbage", "\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03\r\n\r\n", []string{""}},
		{"a long head", "GET / HTTP/1.1\r\nHost: h\r\nX-Long: " + strings.Repeat("a", 10000) + "\r\n\r\n", []string{nh}},
		{"a body left unread", "GET / HTTP/1.1\r\nHost: h\r\nStatus: 200\r\nContent-Length: 3\r\n\r\nabc" + sdk, []string{h1, h1}},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, want := exchange(t, fast, c.raw, len(c.via)), exchange(t, reference, c.raw, len(c.via))
			for i := range got {
				before, via, _ := strings.Cut(got[i], "via=")
				if via, _, _ = strings.Cut(via, " "); via != "" {
					via = "via=" + via
				}
				if i < len(c.via) && via != c.via[i] {
					t.Errorf("answer %d %q: served %q, want %q", i, got[i], via, c.via[i])
				}
				got[i] = before + strings.TrimPrefix(got[i][len(before):], via)
				want[i] = strings.Replace(want[i], nh, "", 1)
			}
			if !slices.Equal(got, want) {
				t.Errorf("answered\n%q\nnet/http answers\n%q", got, want)
			}
		})
	}
}

// TestShutdownLetsRequestsFinish: Shutdown closes idle connections at once
// and waits for a request in flight, which is answered and told the
// connection closes.
func TestShutdownLetsRequestsFinish(t *testing.T) {
	entered, release := make(chan struct{}), make(chan struct{})
	slow := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/slow" {
			close(entered)
			<-release
		}
		io.WriteString(w, "done")
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := h1.New(timeouts(slow))
	served := make(chan error, 1)
	go func() { served <- s.Serve(ln) }()
	addr := ln.Addr().String()

	idle, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer idle.Close()
	fmt.Fprintf(idle, "GET / HTTP/1.1\r\nHost: h\r\n\r\n")
	idleReader := bufio.NewReader(idle)
	resp, err := http.ReadResponse(idleReader, nil)
	if err != nil {
		t.Fatalf("first request: %v", err)
	}
	if body, _ := io.ReadAll(resp.Body); string(body) != "done" {
		t.Fatalf("first request: %q", body)
	}
	busy, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	fmt.Fprintf(busy, "GET /slow HTTP/1.1\r\nHost: h\r\n\r\n")
	<-entered

	var stopped atomic.Bool
	shutdown := make(chan error, 1)
	go func() {
		shutdown <- s.Shutdown(context.Background())
		stopped.Store(true)
	}()
	if err := idle.SetReadDeadline(time.Now().Add(5 * time.Second)); err != nil {
		t.Fatal(err)
	}
	if _, err := idleReader.ReadByte(); !errors.Is(err, io.EOF) {
		t.Errorf("the idle connection: %v, want it closed", err)
	}
	if stopped.Load() {
		t.Fatal("Shutdown returned with a request in flight")
	}
	close(release)
	resp, err = http.ReadResponse(bufio.NewReader(busy), nil)
	if err != nil {
		t.Fatalf("the request in flight: %v", err)
	}
	if body, _ := io.ReadAll(resp.Body); string(body) != "done" || !resp.Close {
		t.Errorf("the request in flight: %q, close %v", body, resp.Close)
	}
	if err := <-shutdown; err != nil {
		t.Errorf("Shutdown: %v", err)
	}
	if err := <-served; !errors.Is(err, http.ErrServerClosed) {
		t.Errorf("Serve: %v", err)
	}
}

// TestPanicClosesTheConnection: a handler that panics loses its
// connection, and the server goes on.
func TestPanicClosesTheConnection(t *testing.T) {
	addr, _ := serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/panic" {
			panic(http.ErrAbortHandler)
		}
		io.WriteString(w, "ok")
	}))
	if got := exchange(t, addr, "GET /panic HTTP/1.1\r\nHost: h\r\n\r\n", 1); !slices.Equal(got, []string{"no answer"}) {
		t.Errorf("after a panic: %q", got)
	}
	if got := exchange(t, addr, "GET / HTTP/1.1\r\nHost: h\r\n\r\n", 1); len(got) != 1 || !strings.HasPrefix(got[0], "200 ok close=false") {
		t.Errorf("the next connection: %q", got)
	}
}
