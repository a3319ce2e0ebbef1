package server_test

import (
	"fmt"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/amityhq/amity/internal/amitytest"
	"github.com/amityhq/amity/internal/app"
	"github.com/amityhq/amity/internal/server"
)

// TestClientGoneMidBody: a client that sends part of the body it announced
// and hangs up is recorded as gone (RequestCanceled), not as having sent
// too large a body.
func TestClientGoneMidBody(t *testing.T) {
	rec := &recorder{}
	env := amitytest.New(t, func(c *app.Config) { c.Auditor = rec })
	host := strings.TrimPrefix(env.URL, "http://")
	conn, err := net.Dial("tcp", host)
	if err != nil {
		t.Fatal(err)
	}
	fmt.Fprintf(conn, "POST / HTTP/1.1\r\nHost: %s\r\nContent-Type: application/x-www-form-urlencoded\r\n"+
		"Content-Length: 1000\r\n\r\nAction=GetCallerIdentity&Version=2011-06-15", host)
	conn.Close()
	if e := rec.waitFirst(t); e.Err == nil || e.Err.Code != "RequestCanceled" || e.Err.Status != 499 {
		t.Errorf("recorded as %+v, want RequestCanceled", e.Err)
	}
}

// waitFirst returns the first event recorded, waiting for the server to
// record it.
func (r *recorder) waitFirst(t *testing.T) server.Event {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		r.mu.Lock()
		events := r.events
		r.mu.Unlock()
		if len(events) > 0 {
			return events[0]
		}
	}
	t.Fatal("no request was recorded")
	return server.Event{}
}
