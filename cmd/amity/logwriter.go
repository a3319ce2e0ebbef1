package main

import (
	"bufio"
	"io"
	"sync"
	"time"
)

// logFlushInterval is how long a log line may wait in the buffer.
const logFlushInterval = time.Second

// logWriter buffers the log for stderr: writing each request's line as it
// comes costs a system call per request, which a busy server feels. Lines
// are written when the buffer fills, every interval, and at Close; a
// process killed outright loses at most an interval of them.
type logWriter struct {
	mu   sync.Mutex
	buf  *bufio.Writer
	stop chan struct{}
	done chan struct{}
}

// newLogWriter buffers w, flushing every interval until Close.
func newLogWriter(w io.Writer, interval time.Duration) *logWriter {
	l := &logWriter{buf: bufio.NewWriterSize(w, 64<<10), stop: make(chan struct{}), done: make(chan struct{})}
	go l.flushEvery(interval)
	return l
}

// Write buffers p, one log record (slog handlers write a record at once).
func (l *logWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

func (l *logWriter) flush() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Flush()
}

func (l *logWriter) flushEvery(interval time.Duration) {
	defer close(l.done)
	tick := time.NewTicker(interval)
	defer tick.Stop()
	for {
		select {
		case <-tick.C:
			_ = l.flush() // stderr gone: nothing better to do with the error
		case <-l.stop:
			return
		}
	}
}

// Close stops the periodic flush and writes what is buffered.
func (l *logWriter) Close() error {
	close(l.stop)
	<-l.done
	return l.flush()
}
