package bolt_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"runtime"
	"sync/atomic"
	"testing"
	"time"

	"github.com/amityhq/amity/internal/store"
	"github.com/amityhq/amity/internal/store/bolt"
)

// benchValue is the size of a typical record: an IAM user or a KMS key's
// metadata as JSON.
var benchValue = make([]byte, 256)

// openBench opens a fresh store holding n records of benchValue in table
// "t", keyed "key/%06d".
func openBench(b *testing.B, n int) *bolt.Store {
	b.Helper()
	s := openStore(b, filepath.Join(b.TempDir(), "bench.db"))
	b.Cleanup(func() { s.Close() })
	err := s.Update(context.Background(), func(tx store.Tx) error {
		for i := range n {
			if err := tx.Put("t", fmt.Sprintf("key/%06d", i), benchValue); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	return s
}

// BenchmarkPut commits one Put per Update: the cost of a durable write,
// bound by fsync.
func BenchmarkPut(b *testing.B) {
	s := openBench(b, 0)
	ctx := context.Background()
	i := 0
	for b.Loop() {
		key := fmt.Sprintf("key/%09d", i)
		i++
		if err := s.Update(ctx, func(tx store.Tx) error { return tx.Put("t", key, benchValue) }); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkGet reads one record per View from a table of 1,000.
func BenchmarkGet(b *testing.B) {
	s := openBench(b, 1000)
	ctx := context.Background()
	i := 0
	for b.Loop() {
		key := fmt.Sprintf("key/%06d", i%1000)
		i++
		err := s.View(ctx, func(tx store.Tx) error {
			_, err := tx.Get("t", key)
			return err
		})
		if err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkScan1000 reads a whole table of 1,000 records in one View.
func BenchmarkScan1000(b *testing.B) {
	s := openBench(b, 1000)
	ctx := context.Background()
	for b.Loop() {
		n := 0
		err := s.View(ctx, func(tx store.Tx) error {
			return tx.Scan("t", "key/", "", func(string, []byte) (bool, error) {
				n++
				return true, nil
			})
		})
		if err != nil || n != 1000 {
			b.Fatalf("scanned %d records: %v", n, err)
		}
	}
}

// BenchmarkPutConcurrent commits one Put per Update from 4 writers at
// once: group commit lets them share fsyncs.
func BenchmarkPutConcurrent(b *testing.B) {
	s := openBench(b, 0)
	ctx := context.Background()
	var n atomic.Int64
	b.SetParallelism(4 / max(1, runtime.GOMAXPROCS(0)))
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			key := fmt.Sprintf("key/%09d", n.Add(1))
			if err := s.Update(ctx, func(tx store.Tx) error { return tx.Put("t", key, benchValue) }); err != nil {
				b.Error(err)
				return
			}
		}
	})
}

// BenchmarkCheckpoint100k times the commit that freezes a MiB of writes
// to random keys (4,000 records of benchValue) over a file of 100,000 —
// what a writer waits for at a checkpoint, which then runs in the
// background — and reports how long that checkpoint takes (ckpt-ms).
func BenchmarkCheckpoint100k(b *testing.B) {
	s := openBench(b, 0)
	ctx := context.Background()
	r := rand.New(rand.NewPCG(1, 2))
	putRandom := func(n int) {
		for i := 0; i < n; i += 100 {
			err := s.Update(ctx, func(tx store.Tx) error {
				for range 100 {
					if err := tx.Put("t", fmt.Sprintf("key/%016x", r.Uint64()), benchValue); err != nil {
						return err
					}
				}
				return nil
			})
			if err != nil {
				b.Fatal(err)
			}
		}
	}
	putRandom(100000)
	var checkpoints time.Duration
	for b.Loop() {
		b.StopTimer()
		bolt.SetCheckpoint(s, 1<<40, 1024)
		putRandom(4000)
		bolt.SetCheckpointAt(s, 1)
		b.StartTimer()
		if err := s.Update(ctx, func(tx store.Tx) error { return tx.Put("t", "last", benchValue) }); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		start := time.Now()
		bolt.WaitCheckpoint(s)
		checkpoints += time.Since(start)
		b.StartTimer()
	}
	b.ReportMetric(float64(checkpoints.Milliseconds())/float64(b.N), "ckpt-ms")
}

// BenchmarkOpenLarge opens and closes a store of 200,000 records (~70 MB):
// what a restart over a grown data directory costs before its first
// answer, and the file pages it touches (resident afterwards).
func BenchmarkOpenLarge(b *testing.B) {
	path := filepath.Join(b.TempDir(), "large.db")
	s := openStore(b, path)
	for i := 0; i < 200000; i += 1000 {
		err := s.Update(context.Background(), func(tx store.Tx) error {
			for j := range 1000 {
				if err := tx.Put("t", fmt.Sprintf("key/%08d", i+j), benchValue); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	if err := s.Close(); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		s := openStore(b, path)
		if err := s.Close(); err != nil {
			b.Fatal(err)
		}
	}
}
