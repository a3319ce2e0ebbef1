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
	idle   atomic.Bool // waiting for a request: Shutdown may close it
}

// errHandedOff ends serve when net/http took the connection.
var errHandedOff = errors.New("h1: handed to net/http")

// serve answers the connection's requests until it closes, fails, is
// handed to net/http or the server shuts down.
func (c *conn) serve(ctx context.Context) {
	c.br.Reset(c.rwc)
	c.bw.Reset(c.rwc)
	defer func() {
		c.br.Reset(nil)
		c.bw.Reset(nil)
		readers.Put(c.br)
		writers.Put(c.bw)
	}()
	for first := true; ; first = false {
		err := c.serveOne(ctx, first)
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
func (c *conn) serveOne(ctx context.Context, first bool) error {
	lim := &c.srv.limits
	// Waiting for a request: idle, as Shutdown sees it. The first request
	// has ReadHeaderTimeout from the connection's start to send its head;
	// the next ones IdleTimeout to begin, then ReadHeaderTimeout.
	start := time.Now()
	wait := lim.IdleTimeout
	if first {
		wait = lim.ReadHeaderTimeout
	}
	c.idle.Store(true)
	err := c.rwc.SetReadDeadline(start.Add(wait))
	if err == nil && !c.srv.shuttingDown() {
		_, err = c.br.Peek(1)
	}
	c.idle.Store(false)
	if err != nil || c.srv.shuttingDown() {
		return errors.Join(err, errClosing)
	}
	if !first {
		start = time.Now()
		if err := c.rwc.SetReadDeadline(start.Add(lim.ReadHeaderTimeout)); err != nil {
			return err
		}
	}
	n, err := c.readHead()
	if err != nil {
		return err
	}
	raw, _ := c.br.Peek(n)
	h, ok := parseHead(string(raw)) // the one copy: names and values are its parts
	if !ok {
		return c.handOff()
	}
	_, _ = c.br.Discard(n)
	if err := c.rwc.SetReadDeadline(start.Add(lim.ReadTimeout)); err != nil {
		return err
	}
	if err := c.rwc.SetWriteDeadline(time.Now().Add(lim.WriteTimeout)); err != nil {
		return err
	}
	body := &body{r: c.br, left: h.length}
	req := &http.Request{Method: h.method, URL: h.url, Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header: h.header, Body: http.NoBody, ContentLength: h.length, Host: h.host,
		RemoteAddr: c.remote, RequestURI: h.target}
	if h.length > 0 {
		req.Body = body
	}
	w := &response{header: make(http.Header, 6)}
	if !c.handle(ctx, w, req) {
		return errClosing
	}
	keep := body.drain()
	if err := w.writeTo(c.bw, time.Now(), !keep || c.srv.shuttingDown()); err != nil {
		return err
	}
	if !keep {
		return errClosing
	}
	return nil
}

// handle runs the handler with a context that ends when it returns, as
// net/http's does. A handler that panics loses its connection, and the
// panic is logged (but http.ErrAbortHandler's), as net/http does.
func (c *conn) handle(ctx context.Context, w http.ResponseWriter, req *http.Request) (ok bool) {
	ctx, cancel := context.WithCancel(ctx)
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
	r    *bufio.Reader
	left int64
	err  error // the read error that cut the body short
}

func (b *body) Read(p []byte) (int, error) {
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

// drain reads what the handler left of the body, if it is little, and
// reports whether the connection can serve another request.
func (b *body) drain() bool {
	if b.err != nil {
		return false
	}
	if b.left == 0 {
		return true
	}
	if b.left > maxDrain {
		return false
	}
	_, err := io.Copy(io.Discard, b)
	return err == nil
}
