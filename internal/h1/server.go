// Package h1 serves amity's HTTP/1.1: the common request — what the AWS
// SDKs, the AWS CLI and Terraform send — through a lean path of its own,
// and every other connection through net/http.
//
// Why: for a KMS call, net/http's own work per request (its header maps
// and text-protocol reader, a goroutine watching the connection during
// each request, its chunking writer and buffers) cost about as much CPU as
// amity's whole pipeline. Serving the same fixed answer over loopback to
// the same SDK clients, net/http spent 61–72 µs of CPU a request, a lean
// loop over bufio 35–39 µs (2026-12-03, 2 cores).
//
// Only the common request is served here, and only as net/http would
// serve it: HTTP/1.1, a method AWS's protocols use, an origin-form
// target, CRLF line ends, well-formed headers with one Host, a body framed
// by at most one Content-Length, a head within 4 KiB (parseHead). Anything
// else — HTTP/1.0, HEAD, chunked bodies, Expect: 100-continue, Connection
// headers, a malformed byte — hands the connection, with the bytes read of
// it, to net/http, which answers it as it always did, for the rest of the
// connection's life. FuzzHead holds parseHead to accepting nothing net/http
// would parse differently or refuse.
//
// One difference is kept, on purpose: a request's context ends when its
// handler returns, not when its client hangs up in the middle — net/http learns that through the watching goroutine,
// the cost this package exists to save. A body cut short still fails its
// read, and amity answers calls in milliseconds. And a connection handed
// over starts net/http's timeouts afresh: a head trickled to 4 KiB may take
// up to twice ReadHeaderTimeout.
package h1

import (
	"bufio"
	"context"
	"errors"
	"log"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"time"
)

// Server serves HTTP/1.1 connections here, and hands those it does not
// serve to a net/http Server.
type Server struct {
	handler  http.Handler
	limits   limits
	fallback *http.Server
	handoff  *handoffListener

	shutting atomic.Bool

	mu       sync.Mutex
	listener net.Listener
	conns    map[*conn]struct{}
}

// limits are net/http's timeouts, which this server keeps too.
type limits struct {
	ReadHeaderTimeout, ReadTimeout, WriteTimeout, IdleTimeout time.Duration
}

// New returns a Server answering with fallback's Handler under its
// timeouts (ReadHeaderTimeout, ReadTimeout, WriteTimeout and IdleTimeout,
// each required), and handing fallback the connections it does not serve.
func New(fallback *http.Server) *Server {
	return &Server{
		handler: fallback.Handler,
		limits: limits{ReadHeaderTimeout: fallback.ReadHeaderTimeout, ReadTimeout: fallback.ReadTimeout,
			WriteTimeout: fallback.WriteTimeout, IdleTimeout: fallback.IdleTimeout},
		fallback: fallback,
		handoff:  newHandoffListener(),
		conns:    map[*conn]struct{}{},
	}
}

// Serve accepts connections on ln until Shutdown, and then returns
// http.ErrServerClosed, as net/http's Serve does.
func (s *Server) Serve(ln net.Listener) error {
	s.mu.Lock()
	if s.shuttingDown() {
		s.mu.Unlock()
		return http.ErrServerClosed
	}
	s.listener = ln
	s.handoff.addr = ln.Addr()
	s.mu.Unlock()
	go func() { _ = s.fallback.Serve(s.handoff) }() // ends with Shutdown
	var delay time.Duration
	for {
		rwc, err := ln.Accept()
		if s.shuttingDown() {
			if rwc != nil {
				_ = rwc.Close()
			}
			return http.ErrServerClosed
		}
		if errors.Is(err, net.ErrClosed) {
			return err
		}
		if err != nil {
			// Out of file descriptors, say: wait, as net/http does.
			delay = min(max(2*delay, 5*time.Millisecond), time.Second)
			s.logf("h1: accept error: %v; retrying in %v", err, delay)
			time.Sleep(delay)
			continue
		}
		delay = 0
		c := &conn{srv: s, rwc: rwc, remote: rwc.RemoteAddr().String(),
			br: readers.Get().(*bufio.Reader), bw: writers.Get().(*bufio.Writer)}
		if !s.track(c) {
			_ = rwc.Close()
			return http.ErrServerClosed
		}
		go func() {
			defer s.untrack(c)
			c.serve()
		}()
	}
}

// track adds c to the connections Shutdown waits for, unless it has begun.
func (s *Server) track(c *conn) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.shuttingDown() {
		return false
	}
	s.conns[c] = struct{}{}
	return true
}

func (s *Server) untrack(c *conn) {
	s.mu.Lock()
	delete(s.conns, c)
	s.mu.Unlock()
}

func (s *Server) shuttingDown() bool { return s.shutting.Load() }

// Shutdown stops accepting, closes idle connections, lets the requests in
// flight finish, and returns once every connection is closed — or
// ctx's error when it ends first, leaving the rest open — as net/http's
// Shutdown does, for its connections and net/http's alike.
func (s *Server) Shutdown(ctx context.Context) error {
	s.shutting.Store(true)
	s.mu.Lock()
	var err error
	if s.listener != nil {
		err = s.listener.Close()
	}
	s.mu.Unlock()
	fallback := make(chan error, 1)
	go func() { fallback <- s.fallback.Shutdown(ctx) }()
	// Poll as net/http does: a connection may turn idle at any moment.
	tick := time.NewTicker(time.Millisecond)
	defer tick.Stop()
	for wait := time.Millisecond; !s.closeIdle(); {
		select {
		case <-ctx.Done():
			return errors.Join(err, ctx.Err(), <-fallback)
		case <-tick.C:
			wait = min(2*wait, 500*time.Millisecond)
			tick.Reset(wait)
		}
	}
	return errors.Join(err, <-fallback)
}

// closeIdle wakes the connections waiting for a request or reading its
// head — kept-alive ones at once, new ones after newConnGrace, as
// net/http does — which then close, and reports whether none is left.
func (s *Server) closeIdle() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := time.Now()
	for c := range s.conns {
		switch c.state.Load() {
		case stateNew:
			if now.Sub(time.Unix(0, c.since.Load())) < newConnGrace {
				continue
			}
		case stateActive:
			continue
		}
		_ = c.rwc.SetReadDeadline(now)
	}
	return len(s.conns) == 0
}

// newConnGrace is how long Shutdown lets a new connection send its first
// request, net/http's figure.
const newConnGrace = 5 * time.Second

// logf logs as net/http does: to the Server's ErrorLog, or the standard
// logger.
func (s *Server) logf(format string, args ...any) {
	if s.fallback.ErrorLog != nil {
		s.fallback.ErrorLog.Printf(format, args...)
		return
	}
	log.Printf(format, args...)
}
