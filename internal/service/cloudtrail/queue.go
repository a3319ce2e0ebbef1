package cloudtrail

import (
	"context"
	"sync"

	"github.com/amityhq/amity/internal/service/cloudtrail/record"
)

// queue holds the calls recorded and not yet written. Pushing costs a
// lock and an append; the writer takes everything queued at once, so
// batches grow with the load.
type queue struct {
	mu      sync.Mutex
	calls   []*record.Call
	closed  bool
	queued  uint64        // calls pushed since the start
	written uint64        // calls the writer has finished with
	ready   chan struct{} // holds a token while calls wait
	// hurry holds a token when someone waits for the calls (or enough
	// of them wait to fill a batch): the writer stops gathering.
	hurry chan struct{}
	// progress is closed, and replaced, whenever written grows.
	progress chan struct{}
}

// fullBatch is the number of waiting calls worth a write at once.
const fullBatch = 2048

func (q *queue) init() {
	q.ready = make(chan struct{}, 1)
	q.hurry = make(chan struct{}, 1)
	q.progress = make(chan struct{})
}

func signal(c chan struct{}) {
	select {
	case c <- struct{}{}:
	default: // already signalled
	}
}

// push queues c; after close it drops c.
func (q *queue) push(c *record.Call) {
	q.mu.Lock()
	if q.closed {
		q.mu.Unlock()
		return
	}
	q.calls = append(q.calls, c)
	q.queued++
	full := len(q.calls) >= fullBatch
	q.mu.Unlock()
	signal(q.ready)
	if full {
		signal(q.hurry)
	}
}

// take returns every queued call.
func (q *queue) take() []*record.Call {
	q.mu.Lock()
	defer q.mu.Unlock()
	calls := q.calls
	q.calls = nil
	return calls
}

// done records that the writer finished n calls.
func (q *queue) done(n int) {
	q.mu.Lock()
	q.written += uint64(n)
	close(q.progress)
	q.progress = make(chan struct{})
	q.mu.Unlock()
}

// mark is the number of calls pushed so far.
func (q *queue) mark() uint64 {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.queued
}

// wait returns once the writer has finished the first mark calls.
func (q *queue) wait(ctx context.Context, mark uint64) error {
	for {
		q.mu.Lock()
		written, progress := q.written, q.progress
		q.mu.Unlock()
		if written >= mark {
			return nil
		}
		signal(q.hurry)
		select {
		case <-progress:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// close refuses further calls.
func (q *queue) close() {
	q.mu.Lock()
	q.closed = true
	q.mu.Unlock()
}
