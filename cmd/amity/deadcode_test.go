package main

import (
	"bufio"
	"bytes"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestDeadCodeElimination: nothing reachable in amity calls a method by a
// name known only when it runs (reflect's Method, MethodByName; through
// text/template, for one). The linker then keeps every exported method of
// every type the binary holds — amity grew from 32 MB to 84, and each start
// loaded the AWS SDK clients' type descriptors (see versionFlag).
func TestDeadCodeElimination(t *testing.T) {
	if testing.Short() {
		t.Skip("links amity")
	}
	build := exec.Command("go", "build", "-ldflags=-dumpdep", "-o", filepath.Join(t.TempDir(), "amity"), ".")
	var deps bytes.Buffer
	build.Stderr = &deps
	if err := build.Run(); err != nil {
		t.Fatalf("go build: %v\n%s", err, deps.Bytes()[:min(deps.Len(), 2000)])
	}
	// The linker's dependency dump marks such a caller "<ReflectMethod>".
	s := bufio.NewScanner(&deps)
	s.Buffer(nil, 1<<20)
	for s.Scan() {
		if caller, _, ok := strings.Cut(s.Text(), " <ReflectMethod> ->"); ok {
			t.Fatalf("%s calls methods by name: the linker keeps every exported method "+
				"(go build -ldflags=-dumpdep . 2>&1 | grep -B1 ReflectMethod shows who reaches it)", caller)
		}
	}
	if err := s.Err(); err != nil {
		t.Fatal(err)
	}
}
