package bolt_test

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/amityhq/amity/internal/store/bolt"
)

func TestOpenLocksTheFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "test.db")
	first := openStore(t, path)
	for _, wait := range []time.Duration{0, 100 * time.Millisecond} {
		start := time.Now()
		second, err := bolt.Open(path, wait)
		if err == nil {
			second.Close()
		}
		if !errors.Is(err, bolt.ErrLocked) {
			t.Fatalf("second Open(wait %v): %v, want ErrLocked", wait, err)
		}
		if waited := time.Since(start); waited > wait+time.Second {
			t.Errorf("second Open(wait %v) took %v", wait, waited)
		}
	}
	if err := first.Close(); err != nil {
		t.Fatal(err)
	}
	second, err := bolt.Open(path, 0)
	if err != nil {
		t.Fatalf("Open after the holder closed: %v", err)
	}
	if err := second.Close(); err != nil {
		t.Fatal(err)
	}
}

func TestOpenCreatesPrivateFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "test.db")
	s, err := bolt.Open(path, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if perm := info.Mode().Perm(); perm&0o077 != 0 {
		t.Errorf("database file mode %v, want no access for group and others", perm)
	}
}

func TestOpenFailsOnGarbage(t *testing.T) {
	path := filepath.Join(t.TempDir(), "test.db")
	if err := os.WriteFile(path, []byte("not a bbolt database, but long enough to look at: "+string(make([]byte, 8192))), 0o600); err != nil {
		t.Fatal(err)
	}
	if s, err := bolt.Open(path, 0); err == nil {
		s.Close()
		t.Fatal("Open of a file that is not a database succeeded")
	}
}
