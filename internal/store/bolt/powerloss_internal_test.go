package bolt

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"

	"github.com/amityhq/amity/internal/store"
)

// powerLossFS passes the log's calls to the operating system and keeps,
// beside, what a power loss would leave of the log: its bytes as of its
// last sync before the power went (after cutAfter syncs), and whether its
// directory entry was synced by then.
type powerLossFS struct {
	mu              sync.Mutex
	cutAfter, syncs int
	cut             bool
	written, synced []byte
	entrySynced     bool
}

func (fs *powerLossFS) open(path string) (logFile, int64, error) {
	f, size, err := osFS{}.open(path)
	return &powerLossFile{f, fs}, size, err
}

func (fs *powerLossFS) syncDir(dir string) error {
	fs.mu.Lock()
	fs.entrySynced = fs.entrySynced || !fs.cut
	fs.mu.Unlock()
	return osFS{}.syncDir(dir)
}

// up reports whether the power is still on.
func (fs *powerLossFS) up() bool {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	return !fs.cut
}

// afterPowerLoss is the log file as the disk holds it, or nil.
func (fs *powerLossFS) afterPowerLoss() []byte {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	if !fs.entrySynced {
		return nil
	}
	return bytes.Clone(fs.synced)
}

type powerLossFile struct {
	logFile
	fs *powerLossFS
}

func (f *powerLossFile) WriteAt(b []byte, off int64) (int, error) {
	f.fs.mu.Lock()
	if end := off + int64(len(b)); end > int64(len(f.fs.written)) {
		f.fs.written = append(f.fs.written, make([]byte, end-int64(len(f.fs.written)))...)
	}
	copy(f.fs.written[off:], b)
	f.fs.mu.Unlock()
	return f.logFile.WriteAt(b, off)
}

func (f *powerLossFile) Truncate(size int64) error {
	f.fs.mu.Lock()
	f.fs.written = f.fs.written[:min(size, int64(len(f.fs.written)))]
	f.fs.mu.Unlock()
	return f.logFile.Truncate(size)
}

func (f *powerLossFile) Sync() error     { f.synced(); return f.logFile.Sync() }
func (f *powerLossFile) Datasync() error { f.synced(); return f.logFile.Datasync() }

func (f *powerLossFile) synced() {
	f.fs.mu.Lock()
	defer f.fs.mu.Unlock()
	if f.fs.cut {
		return
	}
	f.fs.synced = bytes.Clone(f.fs.written)
	f.fs.syncs++
	f.fs.cut = f.fs.syncs == f.fs.cutAfter
}

// TestPowerLossKeepsAcknowledgedWrites: four writers, and the power goes
// after a random sync of the log while they write — the log then holds
// what was synced before, its very file only if its directory was synced
// — and every Update acknowledged before the power went is there after
// Open. Without checkpoints, and with one every 16 KiB of log (the
// database file's own syncs are bbolt's, not simulated: it keeps what was
// written).
func TestPowerLossKeepsAcknowledgedWrites(t *testing.T) {
	for _, at := range []int64{1 << 40, 16 << 10} {
		for _, cutAfter := range []int{3, 40, 150} {
			t.Run(fmt.Sprintf("checkpoint at %d, cut after %d syncs", at, cutAfter), func(t *testing.T) {
				powerLoss(t, at, cutAfter)
			})
		}
	}
}

func powerLoss(t *testing.T, checkpointAt int64, cutAfter int) {
	path := filepath.Join(t.TempDir(), "power.db")
	s := mustOpen(t, path)
	fs := &powerLossFS{cutAfter: cutAfter}
	s.log.fs = fs
	SetCheckpoint(s, checkpointAt, 64)
	var mu sync.Mutex
	var acked []string
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Go(func() {
			// Until the power goes (a batch holds at most one Update
			// of each writer: a thousand each is hundreds of syncs).
			for i := 0; i < 1000 && fs.up(); i++ {
				k := fmt.Sprintf("w%d/%04d", w, i)
				if err := s.Update(context.Background(), put(k, k)); err != nil {
					t.Error(err)
					return
				}
				if fs.up() {
					mu.Lock()
					acked = append(acked, k)
					mu.Unlock()
				}
			}
		})
	}
	wg.Wait()
	if fs.up() {
		t.Fatal("the power never went")
	}
	crash(t, s)
	var err error
	if log := fs.afterPowerLoss(); log != nil {
		err = os.WriteFile(path+walSuffix, log, 0o600)
	} else {
		err = os.Remove(path + walSuffix)
	}
	if err != nil {
		t.Fatal(err)
	}
	s = mustOpen(t, path)
	defer s.Close()
	slices.Sort(acked)
	err = s.View(context.Background(), func(tx store.Tx) error {
		for _, k := range acked {
			if v, err := tx.Get("t", k); err != nil || string(v) != k {
				return fmt.Errorf("acknowledged %s lost with the power: %v", k, err)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
