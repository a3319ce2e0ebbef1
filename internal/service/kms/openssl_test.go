package kms_test

import (
	"encoding/pem"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// openssl runs the openssl command in dir and fails the test when it
// fails; the test is skipped when openssl is not installed (CI installs
// it).
func openssl(t *testing.T, dir string, args ...string) []byte {
	t.Helper()
	path, err := exec.LookPath("openssl")
	if err != nil {
		t.Skip("openssl not installed")
	}
	cmd := exec.Command(path, args...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("openssl %v: %v\n%s", args, err, out)
	}
	return out
}

// writeFiles writes each name's content into a new directory and
// returns it; a name ending in .pem gets its DER content PEM-armoured as
// the block type named after the colon ("pub.pem:PUBLIC KEY").
func writeFiles(t *testing.T, files map[string][]byte) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		if base, kind, ok := strings.Cut(name, ":"); ok {
			name, content = base, pem.EncodeToMemory(&pem.Block{Type: kind, Bytes: content})
		}
		if err := os.WriteFile(filepath.Join(dir, name), content, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}
