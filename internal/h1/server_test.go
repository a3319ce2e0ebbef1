package h1_test

import (
	"bufio"
	"bytes"
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

// dial connects to addr; the test closes the connection.
func dial(t *testing.T, addr string) net.Conn {
	t.Helper()
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	return conn
}

func listen(t *testing.T) net.Listener {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	return ln
}

// start starts an h1 Server over srv on a loopback port: its address, and
// what its Serve returns.
func start(t *testing.T, srv *http.Server) (string, *h1.Server, <-chan error) {
	t.Helper()
	ln := listen(t)
	s := h1.New(srv)
	done := make(chan error, 1)
	go func() { done <- s.Serve(ln) }()
	return ln.Addr().String(), s, done
}

// serve starts an h1 Server for h, which the test shuts down, and returns
// its address.
func serve(t *testing.T, h http.Handler) (string, *h1.Server) {
	t.Helper()
	addr, s, done := start(t, timeouts(h))
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
	return addr, s
}

// serveNetHTTP starts net/http alone for h, the reference.
func serveNetHTTP(t *testing.T, h http.Handler) string {
	t.Helper()
	ln := listen(t)
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
	conn := dial(t, addr)
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
		a, ok := readAnswer(t, r, method)
		got = append(got, a)
		if !ok {
			break
		}
	}
	return got
}

// exchangeOn sends one request on conn and reads its answer, described as
// exchange does.
func exchangeOn(t *testing.T, conn net.Conn, raw string) string {
	t.Helper()
	if _, err := io.WriteString(conn, raw); err != nil {
		t.Fatal(err)
	}
	if err := conn.SetReadDeadline(time.Now().Add(5 * time.Second)); err != nil {
		t.Fatal(err)
	}
	// One byte at a time: nothing past this answer is taken from conn.
	a, _ := readAnswer(t, bufio.NewReaderSize(oneByte{conn}, 16), "GET")
	return a
}

type oneByte struct{ io.Reader }

func (r oneByte) Read(p []byte) (int, error) { return r.Reader.Read(p[:min(len(p), 1)]) }

// readAnswer reads an answer from r and describes it.
func readAnswer(t *testing.T, r *bufio.Reader, method string) (string, bool) {
	t.Helper()
	resp, err := http.ReadResponse(r, &http.Request{Method: method})
	if err != nil {
		return "no answer", false
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
	return fmt.Sprintf("%d %s close=%v %v", resp.StatusCode, body, resp.Close, resp.Header), true
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
		{"line ends after a POST", sdk + "\r\nGET / HTTP/1.1\r\nHost: h\r\n\r\n", []string{h1, h1}},
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
	addr, s, served := start(t, timeouts(slow))
	idle := dial(t, addr)
	fmt.Fprintf(idle, "GET / HTTP/1.1\r\nHost: h\r\n\r\n")
	idleReader := bufio.NewReader(idle)
	resp, err := http.ReadResponse(idleReader, nil)
	if err != nil {
		t.Fatalf("first request: %v", err)
	}
	if body, _ := io.ReadAll(resp.Body); string(body) != "done" {
		t.Fatalf("first request: %q", body)
	}
	busy := dial(t, addr)
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
	late := make(chan error, 1)
	addr, _ := serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/panic" {
			go func() { // a goroutine left behind reads nothing more
				time.Sleep(100 * time.Millisecond)
				_, err := r.Body.Read(make([]byte, 1))
				late <- err
			}()
			panic(http.ErrAbortHandler)
		}
		io.WriteString(w, "ok")
	}))
	if got := exchange(t, addr, "POST /panic HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\nabcde", 1); !slices.Equal(got, []string{"no answer"}) {
		t.Errorf("after a panic: %q", got)
	}
	if err := <-late; !errors.Is(err, http.ErrBodyReadAfterClose) {
		t.Errorf("the body read after the panic: %v", err)
	}
	if got := exchange(t, addr, "GET / HTTP/1.1\r\nHost: h\r\n\r\n", 1); len(got) != 1 || !strings.HasPrefix(got[0], "200 ok close=false") {
		t.Errorf("the next connection: %q", got)
	}
}

// TestIdleTimeoutAfterLineEnds: line ends a client sends after a POST
// leave the connection idle, waiting IdleTimeout for the next request, not
// the shorter ReadHeaderTimeout, as with net/http.
func TestIdleTimeoutAfterLineEnds(t *testing.T) {
	srv := timeouts(echo)
	srv.ReadHeaderTimeout = 200 * time.Millisecond
	addr, s, _ := start(t, srv)
	t.Cleanup(func() { _ = s.Shutdown(context.Background()) })
	conn := dial(t, addr)
	if got := exchangeOn(t, conn, "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 1\r\n\r\nx"); !strings.HasPrefix(got, "200") {
		t.Fatalf("the POST: %q", got)
	}
	io.WriteString(conn, "\r\n")
	time.Sleep(500 * time.Millisecond)
	if got := exchangeOn(t, conn, "GET / HTTP/1.1\r\nHost: h\r\n\r\n"); !strings.HasPrefix(got, "200") {
		t.Errorf("the GET after a pause: %q", got)
	}
}

// TestBodyTooLargeIsStillAnswered: a handler that refuses a body it leaves
// mostly unread gets its answer to a client still sending it, as from
// net/http: the connection is not closed with the body in its buffers
// (which sends a reset that loses the answer) but ended and let drain.
func TestBodyTooLargeIsStillAnswered(t *testing.T) {
	addr, _ := serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if n, _ := io.Copy(io.Discard, io.LimitReader(r.Body, 1<<20+1)); n > 1<<20 {
			http.Error(w, "too large", http.StatusRequestEntityTooLarge)
		}
	}))
	body := make([]byte, 16<<20)
	for range 5 {
		client := &http.Client{Transport: &http.Transport{}}
		resp, err := client.Post("http://"+addr+"/", "application/octet-stream", bytes.NewReader(body))
		if err != nil {
			t.Fatalf("the answer was lost: %v", err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusRequestEntityTooLarge {
			t.Fatalf("answered %d", resp.StatusCode)
		}
	}
}

// TestShutdownClosesAHalfSentHead: a kept-alive connection that has sent
// part of its next request's head is idle to Shutdown, as to net/http:
// closed at once, not waited for until its head times out.
func TestShutdownClosesAHalfSentHead(t *testing.T) {
	addr, s, _ := start(t, timeouts(echo))
	conn := dial(t, addr)
	if got := exchangeOn(t, conn, "GET / HTTP/1.1\r\nHost: h\r\n\r\n"); !strings.HasPrefix(got, "200") {
		t.Fatalf("first request: %q", got)
	}
	io.WriteString(conn, "GET / HT")
	time.Sleep(50 * time.Millisecond)
	start := time.Now()
	if err := s.Shutdown(context.Background()); err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d > 2*time.Second { // the head timeout is 5 s
		t.Errorf("Shutdown waited %v for a half-sent head", d)
	}
}

// TestHandlerContract: what a handler does after the fact is net/http's
// way: headers set after WriteHeader are not sent, "Connection: close"
// closes the connection, and the body reads nothing once the handler has
// returned (its reader serves the next request).
func TestHandlerContract(t *testing.T) {
	late := make(chan error, 1)
	addr, _ := serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if ask := r.Header.Get("Ask"); ask != "" {
			w.Header().Set("Connection", ask)
		}
		w.WriteHeader(http.StatusAccepted)
		w.Header().Set("X-Late", "1")
		go func() {
			time.Sleep(100 * time.Millisecond)
			_, err := r.Body.Read(make([]byte, 1))
			late <- err
		}()
	}))
	conn := dial(t, addr)
	got := exchangeOn(t, conn, "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 1\r\n\r\nx")
	if want := "202  close=false map[Date:[now]]"; got != want {
		t.Errorf("answered %q, want %q", got, want)
	}
	if err := <-late; !errors.Is(err, http.ErrBodyReadAfterClose) {
		t.Errorf("the body read after the handler: %v", err)
	}
	if got := exchangeOn(t, conn, "GET / HTTP/1.1\r\nHost: h\r\nAsk: close\r\n\r\n"); got != "202  close=true map[Date:[now]]" {
		t.Errorf("asked to close: %q", got)
	}
	if _, err := conn.Read(make([]byte, 1)); !errors.Is(err, io.EOF) {
		t.Errorf("the connection after Connection: close: %v", err)
	}
}
