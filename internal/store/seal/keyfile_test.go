package seal_test

import (
	"bytes"
	"encoding/base64"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/amityhq/amity/internal/store/seal"
)

// env is an environment for LoadKey's getenv.
type env map[string]string

func (e env) get(name string) string { return e[name] }

func TestLoadKeyCreatesPrivateFile(t *testing.T) {
	dir := t.TempDir()
	key, err := seal.LoadKey(dir, env{}.get)
	if err != nil {
		t.Fatal(err)
	}
	if len(key) != seal.KeySize || bytes.Equal(key, make([]byte, seal.KeySize)) {
		t.Fatalf("new key = %x, want %d random bytes", key, seal.KeySize)
	}
	path := filepath.Join(dir, seal.KeyFile)
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if perm := info.Mode().Perm(); perm != 0o600 {
		t.Errorf("key file mode %04o, want 0600", perm)
	}
	again, err := seal.LoadKey(dir, env{}.get)
	if err != nil || !bytes.Equal(again, key) {
		t.Errorf("second LoadKey = %x, %v; want the key it created", again, err)
	}
	// The file's text works as the environment variable.
	text, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	fromEnv, err := seal.LoadKey(t.TempDir(), env{seal.EnvMasterKey: string(text)}.get)
	if err != nil || !bytes.Equal(fromEnv, key) {
		t.Errorf("key file text as %s = %x, %v; want the same key", seal.EnvMasterKey, fromEnv, err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("data directory holds %v, want only the key file", entries)
	}
}

func TestLoadKeyConcurrentFirstStart(t *testing.T) {
	dir := t.TempDir()
	keys := make([][]byte, 8)
	var wg sync.WaitGroup
	for i := range keys {
		wg.Go(func() {
			key, err := seal.LoadKey(dir, env{}.get)
			if err != nil {
				t.Error(err)
			}
			keys[i] = key
		})
	}
	wg.Wait()
	for i, key := range keys {
		if !bytes.Equal(key, keys[0]) {
			t.Errorf("LoadKey %d got another key than LoadKey 0", i)
		}
	}
}

func TestLoadKeyFromEnvironment(t *testing.T) {
	dir := t.TempDir()
	want := randomKey()
	got, err := seal.LoadKey(dir, env{seal.EnvMasterKey: base64.StdEncoding.EncodeToString(want)}.get)
	if err != nil || !bytes.Equal(got, want) {
		t.Fatalf("LoadKey = %x, %v; want the key in %s", got, err, seal.EnvMasterKey)
	}
	if _, err := os.Stat(filepath.Join(dir, seal.KeyFile)); !os.IsNotExist(err) {
		t.Errorf("a key from the environment left a key file behind (%v)", err)
	}
}

func TestLoadKeyRejects(t *testing.T) {
	valid := base64.StdEncoding.EncodeToString(randomKey())
	cases := []struct {
		name     string
		envValue string
		file     string // key file content; "" for none
		mode     os.FileMode
		message  string
	}{
		{"environment not base64", "not base64!", "", 0, "not standard base64"},
		{"environment too short", base64.StdEncoding.EncodeToString(make([]byte, 16)), "", 0, "holds 16 bytes, want 32"},
		{"file readable by others", "", valid, 0o644, "chmod 600"},
		{"file readable by group", "", valid, 0o640, "mode 0640"},
		{"file writable by group", "", valid, 0o620, "open to group or others"},
		{"file too long", "", base64.StdEncoding.EncodeToString(make([]byte, 64)), 0o600, "holds 64 bytes"},
		{"file not base64", "", "%%%", 0o600, "not standard base64"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			if c.file != "" {
				path := filepath.Join(dir, seal.KeyFile)
				if err := os.WriteFile(path, []byte(c.file), c.mode); err != nil {
					t.Fatal(err)
				}
				if err := os.Chmod(path, c.mode); err != nil { // past the umask
					t.Fatal(err)
				}
			}
			key, err := seal.LoadKey(dir, env{seal.EnvMasterKey: c.envValue}.get)
			if err == nil {
				t.Fatalf("LoadKey = %x, want an error", key)
			}
			if !strings.Contains(err.Error(), c.message) {
				t.Errorf("error %q does not say %q", err, c.message)
			}
			if strings.Contains(err.Error(), valid) {
				t.Errorf("error %q shows the key", err)
			}
		})
	}
}

func TestLoadKeyMissingDirectory(t *testing.T) {
	if _, err := seal.LoadKey(filepath.Join(t.TempDir(), "absent"), env{}.get); err == nil {
		t.Error("LoadKey created a key in a directory that does not exist")
	}
}
