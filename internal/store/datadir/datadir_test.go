package datadir_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/amityhq/amity/internal/store"
	"github.com/amityhq/amity/internal/store/bolt"
	"github.com/amityhq/amity/internal/store/datadir"
	"github.com/amityhq/amity/internal/store/seal"
)

// noEnv is a getenv for an empty environment.
func noEnv(string) string { return "" }

// withKey is a getenv that sets seal.EnvMasterKey to a key of fill bytes.
func withKey(fill byte) func(string) string {
	key := base64.StdEncoding.EncodeToString(bytes.Repeat([]byte{fill}, seal.KeySize))
	return func(name string) string {
		if name == seal.EnvMasterKey {
			return key
		}
		return ""
	}
}

func mustOpen(t *testing.T, dir string, getenv func(string) string) *datadir.Dir {
	t.Helper()
	d, err := datadir.Open(dir, getenv)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	return d
}

func TestOpenCreatesPrivateDirectory(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "nested", ".amity-data")
	d := mustOpen(t, dir, noEnv)
	defer d.Close()
	want := map[string]os.FileMode{"": 0o700, datadir.DBFile: 0o600, seal.KeyFile: 0o600}
	for name, mode := range want {
		info, err := os.Stat(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if perm := info.Mode().Perm(); perm != mode {
			t.Errorf("%s/%s has mode %04o, want %04o", dir, name, perm, mode)
		}
	}
}

// TestSecretSurvivesRestart seals a secret into the store, reopens the
// directory and opens the secret again.
func TestSecretSurvivesRestart(t *testing.T) {
	cases := []struct {
		name   string
		getenv func(string) string
	}{
		{"key file", noEnv},
		{"key from environment", withKey(7)},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			ctx := context.Background()
			ad := []byte("secrets/s1")
			d := mustOpen(t, dir, c.getenv)
			err := d.Store.Update(ctx, func(tx store.Tx) error {
				return tx.Put("secrets", "s1", d.Sealer.Seal([]byte("hunter2"), ad))
			})
			if err != nil {
				t.Fatal(err)
			}
			if err := d.Close(); err != nil {
				t.Fatal(err)
			}

			d = mustOpen(t, dir, c.getenv)
			defer d.Close()
			err = d.Store.View(ctx, func(tx store.Tx) error {
				sealed, err := tx.Get("secrets", "s1")
				if err != nil {
					return err
				}
				if bytes.Contains(sealed, []byte("hunter2")) {
					t.Error("the secret is stored in the clear")
				}
				secret, err := d.Sealer.Open(sealed, ad)
				if err != nil || string(secret) != "hunter2" {
					t.Errorf("secret after restart = %q, %v", secret, err)
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
		})
	}
}

func TestOpenRefusesChangedKey(t *testing.T) {
	cases := []struct {
		name          string
		first, second func(string) string
	}{
		{"environment key changed", withKey(1), withKey(2)},
		{"environment key dropped", withKey(1), noEnv},
		{"key file replaced by environment key", noEnv, withKey(3)},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			first := mustOpen(t, dir, c.first)
			write(t, first.Store, "a")
			if err := first.Close(); err != nil {
				t.Fatal(err)
			}
			d, err := datadir.Open(dir, c.second)
			if !errors.Is(err, datadir.ErrWrongMasterKey) {
				if err == nil {
					d.Close()
				}
				t.Fatalf("Open with another master key: %v, want ErrWrongMasterKey", err)
			}
			// The refused Open let go of the database.
			if err := mustOpen(t, dir, c.first).Close(); err != nil {
				t.Fatal(err)
			}
		})
	}
}

// write commits one record in a table of its own.
func write(t *testing.T, st store.Store, key string) {
	t.Helper()
	if err := st.Update(context.Background(), func(tx store.Tx) error { return tx.Put("test", key, []byte("v")) }); err != nil {
		t.Fatal(err)
	}
}

// The key check is written with the first write that commits: until
// then nothing was sealed under any key, and a fresh start commits
// nothing. An Update that fails or writes nothing writes no check;
// concurrent first writes write one.
func TestKeyCheckWrittenWithFirstWrite(t *testing.T) {
	dir := t.TempDir()
	d := mustOpen(t, dir, withKey(1))
	if err := d.Close(); err != nil {
		t.Fatal(err)
	}
	// Nothing written: another key is as good.
	d = mustOpen(t, dir, withKey(2))
	failed := errors.New("refused")
	if err := d.Store.Update(context.Background(), func(tx store.Tx) error {
		tx.Put("test", "a", []byte("v"))
		return failed
	}); err != failed {
		t.Fatalf("failed Update: %v", err)
	}
	if err := d.Store.Update(context.Background(), func(tx store.Tx) error { return nil }); err != nil {
		t.Fatalf("Update that writes nothing: %v", err)
	}
	if err := d.Close(); err != nil {
		t.Fatal(err)
	}
	d = mustOpen(t, dir, withKey(3))
	errs := make(chan error)
	for _, k := range []string{"a", "b", "c", "d"} {
		go func() {
			errs <- d.Store.Update(context.Background(), func(tx store.Tx) error { return tx.Put("test", k, []byte("v")) })
		}()
	}
	for range 4 {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	write(t, d.Store, "e")
	if err := d.Close(); err != nil {
		t.Fatal(err)
	}
	for _, key := range []func(string) string{withKey(1), withKey(2)} {
		if _, err := datadir.Open(dir, key); !errors.Is(err, datadir.ErrWrongMasterKey) {
			t.Fatalf("Open with another key than the first write's: %v, want ErrWrongMasterKey", err)
		}
	}
	if err := mustOpen(t, dir, withKey(3)).Close(); err != nil {
		t.Fatal(err)
	}
}

func TestOpenFailsWhileOpen(t *testing.T) {
	dir := t.TempDir()
	d := mustOpen(t, dir, noEnv)
	defer d.Close()
	second, err := datadir.Open(dir, noEnv)
	if err == nil {
		second.Close()
	}
	if !errors.Is(err, bolt.ErrLocked) {
		t.Fatalf("second Open: %v, want bolt.ErrLocked", err)
	}
}
