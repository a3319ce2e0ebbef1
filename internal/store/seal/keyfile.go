package seal

import (
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"

	"github.com/amityhq/amity/internal/store/durable"
)

// EnvMasterKey names the environment variable that, when set, holds the
// master key: the standard base64 encoding of KeySize random bytes, as made
// by `head -c 32 /dev/urandom | base64`. It takes precedence over the key
// file, which is then neither read nor created.
const EnvMasterKey = "AMITY_MASTER_KEY"

// KeyFile is the name of the master key file in the data directory. It holds
// the key in the same base64 form as EnvMasterKey, so one can be moved to
// the other.
const KeyFile = "master.key"

// LoadKey returns the master key for the data directory dir: from the
// environment variable EnvMasterKey when getenv reports it set, else from
// dir's KeyFile, which is created with mode 0600 and a new random key when
// it does not exist.
//
// A key file that the group or others may access is refused rather than
// used, as OpenSSH refuses such private keys: anyone who can read it can
// open every secret in the store. The error says how to fix it.
func LoadKey(dir string, getenv func(string) string) ([]byte, error) {
	key, err := ReadKey(dir, getenv)
	if errors.Is(err, fs.ErrNotExist) {
		return createKeyFile(filepath.Join(dir, KeyFile))
	}
	return key, err
}

// ReadKey is LoadKey for a data directory that must exist already: where
// there is no key, it creates none and returns an error wrapping
// fs.ErrNotExist.
func ReadKey(dir string, getenv func(string) string) ([]byte, error) {
	if encoded := getenv(EnvMasterKey); encoded != "" {
		key, err := decodeKey(encoded)
		if err != nil {
			return nil, fmt.Errorf("seal: %s: %w", EnvMasterKey, err)
		}
		return key, nil
	}
	return readKeyFile(filepath.Join(dir, KeyFile))
}

// decodeKey decodes a key in the form of EnvMasterKey and KeyFile.
func decodeKey(encoded string) ([]byte, error) {
	key, err := base64.StdEncoding.DecodeString(strings.TrimSpace(encoded))
	if err != nil {
		return nil, errors.New("not standard base64")
	}
	if len(key) != KeySize {
		return nil, fmt.Errorf("holds %d bytes, want %d", len(key), KeySize)
	}
	return key, nil
}

// readKeyFile reads the key file at path, refusing one that is not private.
// It returns an error wrapping fs.ErrNotExist when there is none.
func readKeyFile(path string) ([]byte, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("seal: master key file: %w", err)
	}
	// Windows has no permission bits for os.Stat to report.
	if perm := info.Mode().Perm(); perm&0o077 != 0 && runtime.GOOS != "windows" {
		return nil, fmt.Errorf("seal: master key file %s has mode %04o, open to group or others; "+
			"make it private with `chmod 600 %s`", path, perm, path)
	}
	encoded, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("seal: master key file: %w", err)
	}
	key, err := decodeKey(string(encoded))
	if err != nil {
		return nil, fmt.Errorf("seal: master key file %s: %w", path, err)
	}
	return key, nil
}

// createKeyFile writes a new random key to path, which must not exist. The
// key is written and synced under a temporary name and then linked into
// place, so no crash or concurrent start leaves a partial key file; a
// process that loses the race reads the winner's key.
func createKeyFile(path string) ([]byte, error) {
	key := make([]byte, KeySize)
	rand.Read(key) // never fails: crypto/rand crashes the program instead
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, "."+KeyFile+"-*") // mode 0600
	if err != nil {
		return nil, fmt.Errorf("seal: create master key file: %w", err)
	}
	defer os.Remove(tmp.Name())
	_, err = tmp.WriteString(base64.StdEncoding.EncodeToString(key) + "\n")
	err = errors.Join(err, tmp.Sync(), tmp.Close())
	if err != nil {
		return nil, fmt.Errorf("seal: write master key file: %w", err)
	}
	if err := os.Link(tmp.Name(), path); errors.Is(err, fs.ErrExist) {
		return readKeyFile(path)
	} else if err != nil {
		return nil, fmt.Errorf("seal: create master key file: %w", err)
	}
	if err := durable.Dir(dir); err != nil {
		return nil, fmt.Errorf("seal: create master key file: %w", err)
	}
	return key, nil
}
