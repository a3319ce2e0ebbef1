package datadir_test

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/amityhq/amity/internal/store/datadir"
	"github.com/amityhq/amity/internal/store/seal"
)

// TestAdminToken: the token read from a data directory is the one its
// open Dir holds, it changes with the master key, and reading it creates
// nothing where there is no data directory.
func TestAdminToken(t *testing.T) {
	dir := t.TempDir()
	d := mustOpen(t, dir, noEnv)
	d.Close()
	token, err := datadir.AdminToken(dir, noEnv)
	if err != nil || token != d.AdminToken || len(token) != 64 {
		t.Errorf("token %q, %v; the open directory's is %q", token, err, d.AdminToken)
	}
	other, err := datadir.AdminToken(dir, withKey(7))
	if err != nil || other == token {
		t.Errorf("another master key gives %q, %v", other, err)
	}
	empty := t.TempDir()
	if _, err := datadir.AdminToken(empty, noEnv); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("no data directory: %v", err)
	}
	if _, err := os.Stat(filepath.Join(empty, seal.KeyFile)); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("reading the token created a key file: %v", err)
	}
}
