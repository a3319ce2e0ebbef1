package h1

import (
	"bufio"
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"time"
)

// bufferSize is each connection's read and write buffer, net/http's
// size. A request head that does not fit in it goes to net/http: SDKs'
// heads take 1–2 KiB.
const bufferSize = 4 << 10

// maxDrain is how much of a body its handler left unread is read past to
// keep the connection, as net/http does (it reads up to 256 KiB).
const maxDrain = 256 << 10

var (
	readers = sync.Pool{New: func() any { return bufio.NewReaderSize(nil, bufferSize) }}
	writers = sync.Pool{New: func() any { return bufio.NewWriterSize(nil, bufferSize) }}
)

// conn is a connection served here.
type conn struct {
	srv    *Server
	rwc    net.Conn
	remote string // its address, each request's RemoteAddr
	br     *bufio.Reader
	bw     *bufio.Writer
	// state is what Shutdown sees, as net/http's connection states: new
	// or idle while waiting for a request and reading its head (since
	// when it became new), active from then until its answer is written.
	state      atomic.Int32
	since      atomic.Int64 // UnixNano
	lastMethod string       // of the request before
}

const (
	stateActive = iota
	stateIdle
	stateNew
)

func (c *conn) setState(s int32) {
	if s == stateNew {
		c.since.Store(time.Now().UnixNano())
	}
	c.state.Store(s)
}

// errHandedOff ends serve when net/http took the connection.
var errHandedOff = errors.New("h1: handed to net/http")

// serve answers the connection's requests until it closes, fails, is
// handed to net/http or the server shuts down.
func (c *conn) serve() {
	c.br.Reset(c.rwc)
	c.bw.Reset(c.rwc)
	defer func() {
		c.br.Reset(nil)
		c.bw.Reset(nil)
		readers.Put(c.br)
		writers.Put(c.bw)
	}()
	for first := true; ; first = false {
		err := c.serveOne(first)
		if errors.Is(err, errHandedOff) {
			return
		}
		if err != nil || c.srv.shuttingDown() {
			_ = c.rwc.Close()
			return
		}
	}
}

// serveOne waits for a request, reads its head and answers it, or hands
// the connection to net/http if the request is not one served here. A nil
// error keeps the connection.
func (c *conn) serveOne(first bool) error {
	lim := &c.srv.limits
	// Waiting for a request: new or idle, as Shutdown sees it. The first
	// request has ReadHeaderTimeout from the connection's start to send
	// its head; the next ones IdleTimeout for their first 4 bytes, then
	// ReadHeaderTimeout, as net/http's.
	start, wait, begun := time.Now(), lim.IdleTimeout, 4
	if first {
		wait, begun = lim.ReadHeaderTimeout, 1
		c.setState(stateNew)
	} else {
		c.setState(stateIdle)
	}
	err := c.rwc.SetReadDeadline(start.Add(wait))
	if err == nil && !c.srv.shuttingDown() {
		_, err = c.br.Peek(begun)
	}
	if err != nil || c.srv.shuttingDown() {
		return errors.Join(err, errClosing)
	}
	if !first {
		start = time.Now()
		if err := c.rwc.SetReadDeadline(start.Add(lim.ReadHeaderTimeout)); err != nil {
			return err
		}
	}
	if c.lastMethod == http.MethodPost {
		// Line ends some clients send after a POST's body, which net/http
		// skips too (the 4 bytes are buffered: the wait above read them).
		peek, _ := c.br.Peek(4)
		_, _ = c.br.Discard(leadingLineEnds(peek))
	}
	n, err := c.readHead()
	if err != nil {
		return err
	}
	if c.state.Swap(stateActive) == stateIdle && c.srv.shuttingDown() {
		return errClosing // Shutdown closes idle connections, a head half read or not
	}
	raw, _ := c.br.Peek(n)
	h, ok := parseHead(string(raw)) // the one copy: names and values are its parts
	if !ok {
		return c.handOff()
	}
	c.lastMethod = h.method
	_, _ = c.br.Discard(n)
	if err := c.rwc.SetReadDeadline(start.Add(lim.ReadTimeout)); err != nil {
		return err
	}
	if err := c.rwc.SetWriteDeadline(time.Now().Add(lim.WriteTimeout)); err != nil {
		return err
	}
	body := &body{r: c.br, left: h.length}
	defer body.close() // its reader serves the next request, or the pool
	req := &http.Request{Method: h.method, URL: h.url, Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header: h.header, Body: http.NoBody, ContentLength: h.length, Host: h.host,
		RemoteAddr: c.remote, RequestURI: h.target}
	if h.length > 0 {
		req.Body = body
	}
	w := &response{header: make(http.Header, 6)}
	if !c.handle(w, req) {
		return errClosing
	}
	keep := body.drain()
	if err := w.writeTo(c.bw, time.Now(), !keep || c.srv.shuttingDown()); err != nil {
		return err
	}
	if body.abandoned {
		c.closeWriteAndWait()
	}
	if !keep || w.closes() {
		return errClosing
	}
	return nil
}

// rstAvoidanceDelay is how long a connection whose body was left unread
// stays open after its answer, net/http's figure: closing a socket with
// unread input sends a reset, and a client still sending would lose the
// answer (a 413 for a body too large) to it.
const rstAvoidanceDelay = 500 * time.Millisecond

// closeWriteAndWait ends the sending side and waits, as net/http does, so
// that the client reads the answer before the connection closes.
func (c *conn) closeWriteAndWait() {
	if cw, ok := c.rwc.(interface{ CloseWrite() error }); ok {
		_ = cw.CloseWrite()
	}
	time.Sleep(rstAvoidanceDelay)
}

// leadingLineEnds is how many CR and LF bytes b begins with.
func leadingLineEnds(b []byte) int {
	n := 0
	for n < len(b) && (b[n] == '\r' || b[n] == '\n') {
		n++
	}
	return n
}

// handle runs the handler with a context that ends when it returns, as
// net/http's does. A handler that panics loses its connection, and the
// panic is logged (but http.ErrAbortHandler's), as net/http does.
func (c *conn) handle(w http.ResponseWriter, req *http.Request) (ok bool) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	defer func() {
		if v := recover(); v != nil {
			if v != http.ErrAbortHandler {
				c.srv.logf("h1: panic serving %s: %v\n%s", c.remote, v, debug.Stack())
			}
			ok = false
		}
	}()
	c.srv.handler.ServeHTTP(w, req.WithContext(ctx))
	return true
}

// errClosing ends a connection that is done: no request came, or the
// server is shutting down.
var errClosing = errors.New("h1: closing")

// readHead waits until the buffer holds a whole request head, and returns
// its length; 0 when the head is not one to read here (longer than the
// buffer, or with a bare LF), which parseHead then refuses.
func (c *conn) readHead() (int, error) {
	for {
		buffered, err := c.br.Peek(c.br.Buffered())
		if n, bareLF := headEnd(buffered); n > 0 || bareLF {
			return n, nil
		}
		if len(buffered) == bufferSize {
			return 0, nil
		}
		if err != nil {
			return 0, err
		}
		// Wait for more: Peek blocks for one byte past what is buffered.
		if _, err := c.br.Peek(len(buffered) + 1); err != nil {
			return 0, err
		}
	}
}

// handOff gives the connection, with what it sent that is not read yet,
// to net/http.
func (c *conn) handOff() error {
	prefix, _ := c.br.Peek(c.br.Buffered())
	pc := &prefixConn{Conn: c.rwc, prefix: append([]byte(nil), prefix...)}
	if err := c.rwc.SetReadDeadline(time.Time{}); err != nil {
		return err
	}
	if !c.srv.handoff.give(pc) {
		return errClosing
	}
	return errHandedOff
}

// body is a request body of a known length, read from the connection's
// buffer. Like net/http's, it reports io.EOF with its last bytes and
// io.ErrUnexpectedEOF when the connection ends before them.
type body struct {
	// mu orders a read from a goroutine the handler left behind after
	// drain, which must fail, not read the next request.
	mu   sync.Mutex
	r    *bufio.Reader
	left int64
	err  error // the read error that cut the body short, or the read after the handler
	// abandoned: the handler left more of it than is worth reading.
	abandoned bool
}

func (b *body) Read(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.err != nil {
		return 0, b.err
	}
	if b.left == 0 {
		return 0, io.EOF
	}
	if int64(len(p)) > b.left {
		p = p[:b.left]
	}
	n, err := b.r.Read(p)
	b.left -= int64(n)
	switch {
	case b.left == 0:
		return n, io.EOF
	case errors.Is(err, io.EOF):
		b.err = io.ErrUnexpectedEOF
	case err != nil:
		b.err = err
	}
	return n, b.err
}

func (b *body) Close() error { return nil }

// close makes the body read nothing more, for a goroutine its handler
// left behind.
func (b *body) close() {
	b.mu.Lock()
	b.err = http.ErrBodyReadAfterClose
	b.mu.Unlock()
}

// drain reads what the handler left of the body, if it is little, and
// reports whether the connection can serve another request.
func (b *body) drain() (keep bool) {
	b.mu.Lock()
	err, left := b.err, b.left
	b.mu.Unlock()
	switch {
	case err != nil:
		return false
	case left == 0:
		return true
	case left > maxDrain:
		b.abandoned = true
		return false
	}
	_, err = io.Copy(io.Discard, b)
	return err == nil
}
