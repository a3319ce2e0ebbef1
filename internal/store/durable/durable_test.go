package durable_test

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/amityhq/amity/internal/store/durable"
)

// TestDataAndDirSucceedOnAFileAndItsDirectory: the calls work on what
// amity gives them (what they make durable only a power loss shows; the
// log's power-loss test covers the order amity calls them in).
func TestDataAndDirSucceedOnAFileAndItsDirectory(t *testing.T) {
	dir := t.TempDir()
	f, err := os.Create(filepath.Join(dir, "f"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteString("x"); err != nil {
		t.Fatal(err)
	}
	if err := durable.Data(f); err != nil {
		t.Fatalf("Data: %v", err)
	}
	if err := durable.Dir(dir); err != nil {
		t.Fatalf("Dir: %v", err)
	}
	if err := durable.Dir(filepath.Join(dir, "missing")); err == nil && runtime.GOOS != "windows" {
		t.Fatal("Dir of a missing directory succeeded")
	}
}
