package app

import (
	"net"
	"net/http"
	"sync"
	"time"
)

// Limits bound what clients can hold of the server: how long one request
// may take to arrive and to be answered, how long a kept-alive connection
// may sit idle, and how many connections may be open at once. Zero fields
// take the defaults.
type Limits struct {
	// ReadTimeout bounds the reading of a whole request, body included.
	ReadTimeout time.Duration
	// WriteTimeout bounds a request from the end of its headers to the end
	// of its answer; it must leave time for the body and the work.
	WriteTimeout time.Duration
	// IdleTimeout is how long a kept-alive connection waits for its next
	// request.
	IdleTimeout time.Duration
	// MaxConnections caps open connections; more wait to be accepted.
	MaxConnections int
}

// The defaults. A body may be as large as the server takes (16 MiB, for
// IAM's 10,000,000-character SAML metadata documents): a minute reads it
// at 2.2 Mbit/s. A connection idle for a minute is closed, as AWS's load
// balancers do by default; SDKs open another.
const (
	readHeaderTimeout     = 10 * time.Second
	defaultReadTimeout    = time.Minute
	defaultWriteTimeout   = defaultReadTimeout + 30*time.Second
	defaultIdleTimeout    = time.Minute
	defaultMaxConnections = 1000
)

func (l Limits) withDefaults() Limits {
	if l.ReadTimeout == 0 {
		l.ReadTimeout = defaultReadTimeout
	}
	if l.WriteTimeout == 0 {
		l.WriteTimeout = defaultWriteTimeout
	}
	if l.IdleTimeout == 0 {
		l.IdleTimeout = defaultIdleTimeout
	}
	if l.MaxConnections == 0 {
		l.MaxConnections = defaultMaxConnections
	}
	return l
}

// httpServer is the HTTP server of h under limits l.
func httpServer(h http.Handler, l Limits) *http.Server {
	return &http.Server{Handler: h, ReadHeaderTimeout: readHeaderTimeout, ReadTimeout: l.ReadTimeout,
		WriteTimeout: l.WriteTimeout, IdleTimeout: l.IdleTimeout}
}

// limitListener accepts a connection only while fewer than cap(slots) are
// open, so that stalled clients cannot take every file descriptor.
type limitListener struct {
	net.Listener
	slots     chan struct{}
	closed    chan struct{}
	closeOnce sync.Once
}

func newLimitListener(ln net.Listener, max int) *limitListener {
	return &limitListener{Listener: ln, slots: make(chan struct{}, max), closed: make(chan struct{})}
}

// Accept waits for a free slot, then for a connection.
func (l *limitListener) Accept() (net.Conn, error) {
	select {
	case l.slots <- struct{}{}:
	case <-l.closed:
		return nil, net.ErrClosed
	}
	c, err := l.Listener.Accept()
	if err != nil {
		<-l.slots
		return nil, err
	}
	return &limitedConn{Conn: c, release: func() { <-l.slots }}, nil
}

// Close stops accepting, waking an Accept waiting for a slot.
func (l *limitListener) Close() error {
	l.closeOnce.Do(func() { close(l.closed) })
	return l.Listener.Close()
}

// limitedConn gives its slot back when closed, once.
type limitedConn struct {
	net.Conn
	once    sync.Once
	release func()
}

// CloseWrite ends the sending side of a TCP connection, which servers do
// before closing one whose input they leave unread (see h1).
func (c *limitedConn) CloseWrite() error {
	if cw, ok := c.Conn.(interface{ CloseWrite() error }); ok {
		return cw.CloseWrite()
	}
	return nil
}

func (c *limitedConn) Close() error {
	err := c.Conn.Close()
	c.once.Do(c.release)
	return err
}
