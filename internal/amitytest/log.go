package amitytest

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"sync"

	"github.com/amityhq/amity/internal/app"
)

// Log is amity's log kept as JSON lines, for tests of what it logs:
//
//	var log amitytest.Log
//	env := amitytest.New(t, amitytest.LogTo(&log))
type Log struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

// LogTo sends amity's log, from info up, to l.
func LogTo(l *Log) Option {
	return func(c *app.Config) { c.Log = slog.New(slog.NewJSONHandler(l, nil)) }
}

// Write implements io.Writer for the log handler.
func (l *Log) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

// Requests returns the request lines of operation ("" for all), decoded,
// oldest first.
func (l *Log) Requests(operation string) []map[string]any {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []map[string]any
	for _, line := range bytes.Split(l.buf.Bytes(), []byte("\n")) {
		var m map[string]any
		if json.Unmarshal(line, &m) != nil || m["msg"] != "request" {
			continue
		}
		if operation == "" || m["operation"] == operation {
			out = append(out, m)
		}
	}
	return out
}
