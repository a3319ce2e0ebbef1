package bolt

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"

	"github.com/amityhq/amity/internal/store"
)

// powerLossFS passes the logs' calls to the operating system and keeps,
// beside, what a power loss would leave of each log: its bytes as of its
// last sync before the power went (after cutAfter syncs), and whether its
// directory entry was synced by then.
type powerLossFS struct {
	mu              sync.Mutex
	cutAfter, syncs int
	cut             bool
	files           map[string]*powerLossImage // by path
}

type powerLossImage struct {
	written, synced []byte
	entrySynced     bool
}

func (fs *powerLossFS) open(path string) (logFile, int64, error) {
	f, size, err := osFS{}.open(path)
	if err != nil {
		return nil, 0, err
	}
	fs.mu.Lock()
	defer fs.mu.Unlock()
	if fs.files == nil {
		fs.files = map[string]*powerLossImage{}
	}
	if fs.files[path] == nil {
		fs.files[path] = &powerLossImage{}
	}
	return &powerLossFile{f, fs, fs.files[path]}, size, nil
}

func (fs *powerLossFS) syncDir(dir string) error {
	fs.mu.Lock()
	for path, img := range fs.files {
		if filepath.Dir(path) == dir {
			img.entrySynced = img.entrySynced || !fs.cut
		}
	}
	fs.mu.Unlock()
	return osFS{}.syncDir(dir)
}

// up reports whether the power is still on.
func (fs *powerLossFS) up() bool {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	return !fs.cut
}

// afterPowerLoss is each log file as the disk holds it, nil for one that
// is not there.
func (fs *powerLossFS) afterPowerLoss() map[string][]byte {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	files := map[string][]byte{}
	for path, img := range fs.files {
		if img.entrySynced {
			files[path] = bytes.Clone(img.synced)
		} else {
			files[path] = nil
		}
	}
	return files
}

type powerLossFile struct {
	logFile
	fs  *powerLossFS
	img *powerLossImage
}

func (f *powerLossFile) WriteAt(b []byte, off int64) (int, error) {
	f.fs.mu.Lock()
	if end := off + int64(len(b)); end > int64(len(f.img.written)) {
		f.img.written = append(f.img.written, make([]byte, end-int64(len(f.img.written)))...)
	}
	copy(f.img.written[off:], b)
	f.fs.mu.Unlock()
	return f.logFile.WriteAt(b, off)
}

func (f *powerLossFile) Truncate(size int64) error {
	f.fs.mu.Lock()
	f.img.written = f.img.written[:min(size, int64(len(f.img.written)))]
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
	f.img.synced = bytes.Clone(f.img.written)
	f.fs.syncs++
	f.fs.cut = f.fs.syncs == f.fs.cutAfter
}

// TestPowerLossKeepsAcknowledgedWrites: four writers, and the power goes
// after a random sync of the log while they write — the log then holds
// what was synced before, its very file only if its directory was synced
// — and every Update acknowledged before the power went is there after
// Open. Without checkpoints, and with one every KiB of log, which stop
// writing when the power goes (the database file's own syncs are bbolt's,
// not simulated: it keeps what was written before).
func TestPowerLossKeepsAcknowledgedWrites(t *testing.T) {
	for _, at := range []int64{1 << 40, 1 << 10} {
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
	s.log.fs, s.spare.fs = fs, fs
	SetCheckpoint(s, checkpointAt, 2) // checkpoints of many commits: the power goes in some
	// Once the power is gone, checkpoints write nothing more: the file
	// stays as the power left it (a commit under way may land or not,
	// bbolt's commit being atomic).
	dead := make(chan struct{})
	s.beforeChunk = func(int) {
		if !fs.up() {
			<-dead
		}
	}
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
	if err := errors.Join(s.db.Close(), s.log.close(), s.spare.close()); err != nil {
		t.Fatal(err)
	}
	close(dead) // a checkpoint waiting finds the file closed
	WaitCheckpoint(s)
	for file, log := range fs.afterPowerLoss() {
		var err error
		if log != nil {
			err = os.WriteFile(file, log, 0o600)
		} else {
			err = os.Remove(file)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	s = mustOpen(t, path)
	defer s.Close()
	slices.Sort(acked)
	err := s.View(context.Background(), func(tx store.Tx) error {
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
