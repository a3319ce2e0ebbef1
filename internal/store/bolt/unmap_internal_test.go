package bolt

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/amityhq/amity/internal/store"
)

// TestCheckpointUnmapsTheFile: once a checkpoint has written the file,
// the file's pages reads mapped are no longer resident in the process —
// unless transactions read from the file (a Get, a Scan), since the
// checkpoint before, at least an eighth as many times as it wrote
// entries: those pages are the readers' —, and what the file holds still
// reads back.
func TestCheckpointUnmapsTheFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "unmap.db")
	s := mustOpen(t, path)
	defer s.Close()
	const n = 4000
	value := strings.Repeat("v", 1000)
	if err := s.Update(context.Background(), func(tx store.Tx) error {
		for i := range n {
			if err := tx.Put("t", fmt.Sprint(i), []byte(value)); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	SetCheckpoint(s, 1, 512)
	update(t, s, put("freeze", "1")) // the file holds the n values once it ends
	WaitCheckpoint(s)
	read := func(count int) {
		t.Helper()
		if err := s.View(context.Background(), func(tx store.Tx) error {
			for i := range count {
				if v, err := tx.Get("t", fmt.Sprint(i)); err != nil || string(v) != value {
					return fmt.Errorf("value %d: %q, %v", i, v, err)
				}
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
	}
	read(n)
	mapped := mappedKiB(t, path)
	if mapped < 1024 {
		t.Fatalf("reading %d values of the file left %d KiB of it mapped, want the test to map some MiB", n, mapped)
	}
	// checkpoint writes 16 entries, after gets Gets and scans Scans of
	// the file, each reading two entries.
	checkpoint := func(gets, scans int) {
		t.Helper()
		read(gets)
		for range scans {
			if err := s.View(context.Background(), func(tx store.Tx) error {
				seen := 0
				return tx.Scan("t", "1", "", func(string, []byte) (bool, error) { seen++; return seen < 2, nil })
			}); err != nil {
				t.Fatal(err)
			}
		}
		update(t, s, func(tx store.Tx) error {
			for i := range 16 {
				if err := tx.Put("t", fmt.Sprint("more", gets, scans, i), nil); err != nil {
					return err
				}
			}
			return nil
		})
		WaitCheckpoint(s)
	}
	// After the n reads, then 2 Gets, then a Scan of 2 entries, for its 16
	// entries, a checkpoint leaves the readers' pages (the kernel may
	// reclaim some).
	for _, reads := range [][2]int{{0, 0}, {2, 0}, {0, 1}} {
		checkpoint(reads[0], reads[1])
		if kib := mappedKiB(t, path); kib < mapped/2 {
			t.Fatalf("a checkpoint after %d Gets and %d Scans left %d KiB of %d mapped, want them", reads[0], reads[1], kib, mapped)
		}
	}
	checkpoint(1, 0) // 1 read: it lets go of them
	if kib := mappedKiB(t, path); kib > 64 {
		t.Fatalf("after a checkpoint, %d KiB of the file are resident in the process, want none of what reads mapped", kib)
	}
	read(n) // the pages map again
}

// mappedKiB is how much of the file at path is resident in this
// process's mappings of it, from /proc/self/smaps.
func mappedKiB(t *testing.T, path string) int {
	t.Helper()
	f, err := os.Open("/proc/self/smaps")
	if err != nil {
		t.Skipf("no /proc/self/smaps: %v", err)
	}
	defer f.Close()
	total, inFile := 0, false
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		switch {
		case len(fields) >= 5 && strings.Contains(fields[0], "-"): // a mapping's first line
			inFile = len(fields) == 6 && fields[5] == path
		case inFile && fields[0] == "Rss:":
			kib, err := strconv.Atoi(fields[1])
			if err != nil {
				t.Fatal(err)
			}
			total += kib
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return total
}
