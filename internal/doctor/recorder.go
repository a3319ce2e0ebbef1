package doctor

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/amityhq/amity/internal/server"
	"github.com/amityhq/amity/internal/store"
)

// Retention bounds what the Recorder keeps: failures older than MaxAge go,
// and the oldest go beyond MaxFailures.
type Retention struct {
	MaxAge      time.Duration
	MaxFailures int
}

// DefaultRetention keeps a week of failures, at most 100,000.
var DefaultRetention = Retention{MaxAge: 7 * 24 * time.Hour, MaxFailures: 100000}

// Recorder is an Auditor that keeps failures in the store, off the
// request path: events queue, and a writer stores them in batches.
type Recorder struct {
	Store
	keep  Retention
	now   func() time.Time
	log   *slog.Logger
	queue chan item
	done  chan struct{}
	once  sync.Once
	mu    sync.Mutex
	count int // failures stored
}

// queueSize is how many failures may wait for the writer; beyond, the
// request path waits rather than losing one.
const queueSize = 4096

// NewRecorder keeps failures in st.
func NewRecorder(st store.Store, keep Retention, now func() time.Time, log *slog.Logger) (*Recorder, error) {
	r := &Recorder{Store: Store{st: st}, keep: keep, now: now, log: log, queue: make(chan item, queueSize), done: make(chan struct{})}
	err := st.View(context.Background(), func(tx store.Tx) error {
		return tx.Scan(agesTable, "", "", func(string, []byte) (bool, error) { r.count++; return true, nil })
	})
	if err != nil {
		return nil, err
	}
	go r.write()
	return r, nil
}

// Record implements server.Auditor: a failure is queued for the writer.
func (r *Recorder) Record(_ context.Context, e *server.Event) {
	if f, ok := failureOf(e); ok {
		r.queue <- item{failure: f}
	}
}

// Close stores what is queued and stops the writer.
func (r *Recorder) Close() {
	r.once.Do(func() { close(r.queue) })
	<-r.done
}

// Flush waits until every failure recorded so far is stored.
func (r *Recorder) Flush() {
	mark := make(chan struct{})
	r.queue <- item{flushed: mark}
	<-mark
}

func (r *Recorder) write() {
	defer close(r.done)
	for it := range r.queue {
		batch := []item{it}
	more:
		for len(batch) < 256 {
			select {
			case g, ok := <-r.queue:
				if !ok {
					break more
				}
				batch = append(batch, g)
			default:
				break more
			}
		}
		r.store(batch)
	}
}

// item is a queued failure, or a flush waiting for what came before it.
type item struct {
	failure *Failure
	flushed chan struct{}
}

// store writes a batch, prunes what retention drops, and answers flushes.
func (r *Recorder) store(batch []item) {
	var marks []chan struct{}
	var fs []*Failure
	for _, it := range batch {
		if it.flushed != nil {
			marks = append(marks, it.flushed)
			continue
		}
		fs = append(fs, it.failure)
	}
	err := r.st.Update(context.Background(), func(tx store.Tx) error {
		for _, f := range fs {
			if err := putFailure(tx, f); err != nil {
				return err
			}
		}
		return r.prune(tx, len(fs))
	})
	if err != nil {
		r.log.Error("keeping failures for explanations", "error", err)
	}
	for _, m := range marks {
		close(m)
	}
}

// prune deletes failures older than the retention's age, and the oldest
// beyond its count, added being how many this batch stored.
func (r *Recorder) prune(tx store.Tx, added int) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.count += added
	cutoff := stamp(r.now().Add(-r.keep.MaxAge))
	var drop []string
	err := tx.Scan(agesTable, "", "", func(k string, _ []byte) (bool, error) {
		if k[:lastNul(k)] >= cutoff && r.count-len(drop) <= r.keep.MaxFailures {
			return false, nil
		}
		drop = append(drop, k[lastNul(k)+1:])
		return true, nil
	})
	if err != nil {
		return err
	}
	for _, id := range drop {
		if err := deleteFailure(tx, id); err != nil {
			return err
		}
	}
	r.count -= len(drop)
	return nil
}
