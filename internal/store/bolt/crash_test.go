package bolt_test

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/amityhq/amity/internal/store"
	"github.com/amityhq/amity/internal/store/bolt"
)

// crashChildEnv, when set in the environment, makes TestCrashDurability the
// child process: it names the database file to write to.
const crashChildEnv = "AMITY_STORE_CRASH_CHILD"

// ackPrefix starts each line the child prints after an Update returned nil.
const ackPrefix = "acked "

// TestCrashDurability kills a writing process with SIGKILL, several times,
// and checks that every Update it acknowledged before dying is in the file
// or its log, whether the kill came before, during or after a checkpoint.
// The child writes in a loop and prints each key only after its Update
// returned, so the parent knows which writes the store promised to keep.
func TestCrashDurability(t *testing.T) {
	if path := os.Getenv(crashChildEnv); path != "" {
		writeUntilKilled(t, path)
		return
	}
	if testing.Short() {
		t.Skip("starts processes")
	}
	path := filepath.Join(t.TempDir(), "crash.db")
	var acked []string
	for round := range 4 {
		acked = append(acked, runAndKill(t, path, round, 50+round*40)...)
	}

	s, err := bolt.Open(path, time.Second)
	if err != nil {
		t.Fatalf("reopen after kill -9: %v", err)
	}
	defer s.Close()
	err = s.View(context.Background(), func(tx store.Tx) error {
		for _, key := range acked {
			v, err := tx.Get("crash", key)
			if err != nil {
				return fmt.Errorf("acknowledged %q: %w", key, err)
			}
			if !bytes.Equal(v, crashValue(key)) {
				return fmt.Errorf("acknowledged %q: value of %d bytes is not the one written", key, len(v))
			}
		}
		// The last Update kept wrote both records or neither.
		last, err := tx.Get("last", "key")
		if err != nil {
			return fmt.Errorf("the record written with each key: %w", err)
		}
		if _, err := tx.Get("crash", string(last)); err != nil || string(last) < acked[len(acked)-1] {
			return fmt.Errorf("the record written with each key names %q (%v); the last acknowledged is %q",
				last, err, acked[len(acked)-1])
		}
		// Unacknowledged writes may be there too, but whole.
		return tx.Scan("crash", "", "", func(key string, v []byte) (bool, error) {
			if !bytes.Equal(v, crashValue(key)) {
				return false, fmt.Errorf("%q holds a torn value of %d bytes", key, len(v))
			}
			return true, nil
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d acknowledged writes over 4 kills all kept", len(acked))
}

// runAndKill starts the child on path, reads acknowledgements until it has
// want of them, kills the child mid-write and returns the keys acknowledged.
func runAndKill(t *testing.T, path string, round, want int) []string {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestCrashDurability$")
	cmd.Env = append(os.Environ(), crashChildEnv+"="+path, fmt.Sprintf("AMITY_STORE_CRASH_ROUND=%d", round))
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var acked []string
	lines := bufio.NewScanner(out)
	for len(acked) < want && lines.Scan() {
		if key, ok := strings.CutPrefix(lines.Text(), ackPrefix); ok {
			acked = append(acked, key)
		}
	}
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	// Whatever the child acknowledged before the kill landed counts too.
	for lines.Scan() {
		if key, ok := strings.CutPrefix(lines.Text(), ackPrefix); ok {
			acked = append(acked, key)
		}
	}
	err = cmd.Wait()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != -1 {
		t.Fatalf("child round %d ended with %v, not by the kill; stderr:\n%s", round, err, stderr.Bytes())
	}
	if len(acked) < want {
		t.Fatalf("child round %d acknowledged only %d writes; stderr:\n%s", round, len(acked), stderr.Bytes())
	}
	return acked
}

// writeUntilKilled is the child: it writes one record per Update, each
// acknowledged on stdout after the Update returns, until killed.
func writeUntilKilled(t *testing.T, path string) {
	s, err := bolt.Open(path, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	round := os.Getenv("AMITY_STORE_CRASH_ROUND")
	// A checkpoint every few writes: kills land before, in and after them.
	bolt.SetCheckpoint(s, 40<<10, 5)
	for i := 0; ; i++ {
		key := fmt.Sprintf("r%s/%06d", round, i)
		err := s.Update(context.Background(), func(tx store.Tx) error {
			// A second record in the same transaction: a crash must keep both or neither.
			return errors.Join(tx.Put("crash", key, crashValue(key)), tx.Put("last", "key", []byte(key)))
		})
		if err != nil {
			t.Fatal(err)
		}
		fmt.Println(ackPrefix + key)
	}
}

// crashValue is the value written under key: a few KiB derived from the
// key, so that a torn write shows.
func crashValue(key string) []byte {
	sum := sha256.Sum256([]byte(key))
	return bytes.Repeat(sum[:], 100+int(sum[0]))
}
