package main

import (
	"context"
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

// batch is what one run of requests did, as the client saw it.
type batch struct {
	requests  int
	elapsed   time.Duration
	latencies []time.Duration // of the requests that succeeded, sorted
	failures  int
	firstErr  error
}

// drive makes n calls from workers goroutines, each taking the next call
// number until n are taken, and times each call. call gets the worker's
// number (to pick its client) and the call's.
func drive(ctx context.Context, n, workers int, call func(ctx context.Context, worker, i int) error) batch {
	var next atomic.Int64
	var mu sync.Mutex
	b := batch{requests: n, latencies: make([]time.Duration, 0, n)}
	var wg sync.WaitGroup
	begin := time.Now()
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			// Each worker keeps its own figures and hands them over
			// once: no lock on the measured path.
			own := make([]time.Duration, 0, n/workers+1)
			var failures int
			var firstErr error
			for ctx.Err() == nil {
				i := int(next.Add(1) - 1)
				if i >= n {
					break
				}
				t := time.Now()
				if err := call(ctx, w, i); err != nil {
					failures++
					if firstErr == nil {
						firstErr = err
					}
					continue
				}
				own = append(own, time.Since(t))
			}
			mu.Lock()
			defer mu.Unlock()
			b.latencies = append(b.latencies, own...)
			b.failures += failures
			if b.firstErr == nil {
				b.firstErr = firstErr
			}
		}()
	}
	wg.Wait()
	b.elapsed = time.Since(begin)
	slices.Sort(b.latencies)
	return b
}

// perSecond is the rate of successful calls.
func (b batch) perSecond() float64 {
	return float64(len(b.latencies)) / b.elapsed.Seconds()
}

// percentile is the latency below which fraction p of the successful calls
// answered (nearest rank).
func (b batch) percentile(p float64) time.Duration {
	if len(b.latencies) == 0 {
		return 0
	}
	i := int(p*float64(len(b.latencies))+0.5) - 1
	return b.latencies[min(max(i, 0), len(b.latencies)-1)]
}
