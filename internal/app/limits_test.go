package app_test

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/amityhq/amity/internal/amitytest"
	"github.com/amityhq/amity/internal/app"
)

// withLimits starts amity with the given limits and returns its address.
func withLimits(t *testing.T, l app.Limits) string {
	t.Helper()
	env := amitytest.New(t, func(c *app.Config) { c.Limits = l })
	return strings.TrimPrefix(env.URL, "http://")
}

func dial(t *testing.T, addr string) net.Conn {
	t.Helper()
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	return conn
}

// patience bounds how long a test waits for the server to act; the limits
// under test are far shorter.
const patience = 10 * time.Second

// readAnswer reads one HTTP answer from conn.
func readAnswer(t *testing.T, conn net.Conn, r *bufio.Reader) (*http.Response, string) {
	t.Helper()
	if err := conn.SetReadDeadline(time.Now().Add(patience)); err != nil {
		t.Fatal(err)
	}
	resp, err := http.ReadResponse(r, nil)
	if err != nil {
		t.Fatalf("no answer: %v", err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	return resp, string(body)
}

// closedByServer reports whether the server closes conn within patience.
func closedByServer(t *testing.T, conn net.Conn, r *bufio.Reader) bool {
	t.Helper()
	if err := conn.SetReadDeadline(time.Now().Add(patience)); err != nil {
		t.Fatal(err)
	}
	_, err := r.ReadByte()
	return errors.Is(err, io.EOF)
}

// TestTrickledBodyIsCut: a body that does not arrive within ReadTimeout is
// answered RequestTimeout and its connection closed.
func TestTrickledBodyIsCut(t *testing.T) {
	addr := withLimits(t, app.Limits{ReadTimeout: 200 * time.Millisecond})
	conn := dial(t, addr)
	fmt.Fprintf(conn, "POST / HTTP/1.1\r\nHost: %s\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\nA", addr)
	r := bufio.NewReader(conn)
	resp, body := readAnswer(t, conn, r)
	if resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, `"__type":"RequestTimeout"`) {
		t.Errorf("trickled body: %d %s", resp.StatusCode, body)
	}
	if !closedByServer(t, conn, r) {
		t.Error("the connection stayed open")
	}
}

// TestIdleConnectionIsClosed: a kept-alive connection with no next request
// is closed after IdleTimeout.
func TestIdleConnectionIsClosed(t *testing.T) {
	addr := withLimits(t, app.Limits{IdleTimeout: 200 * time.Millisecond})
	conn := dial(t, addr)
	fmt.Fprintf(conn, "GET /_amity/health HTTP/1.1\r\nHost: %s\r\n\r\n", addr)
	r := bufio.NewReader(conn)
	if resp, body := readAnswer(t, conn, r); resp.StatusCode != http.StatusOK {
		t.Fatalf("health: %d %s", resp.StatusCode, body)
	}
	if !closedByServer(t, conn, r) {
		t.Error("the idle connection stayed open")
	}
}

// TestConnectionsAreCapped: past MaxConnections, a new connection waits
// until one closes.
func TestConnectionsAreCapped(t *testing.T) {
	addr := withLimits(t, app.Limits{MaxConnections: 1})
	holder := dial(t, addr)
	if _, err := holder.Write([]byte("G")); err != nil { // a request begun, and stalled
		t.Fatal(err)
	}
	waiting := dial(t, addr)
	fmt.Fprintf(waiting, "GET /_amity/health HTTP/1.1\r\nHost: %s\r\n\r\n", addr)
	r := bufio.NewReader(waiting)
	if err := waiting.SetReadDeadline(time.Now().Add(200 * time.Millisecond)); err != nil {
		t.Fatal(err)
	}
	if _, err := r.ReadByte(); !errors.Is(err, os.ErrDeadlineExceeded) {
		t.Fatalf("a connection past the cap was answered: %v", err)
	}
	holder.Close()
	if resp, body := readAnswer(t, waiting, r); resp.StatusCode != http.StatusOK {
		t.Errorf("once a slot was free: %d %s", resp.StatusCode, body)
	}
}
