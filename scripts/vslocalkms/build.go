package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// localKMSModule is local-kms's Go module. It is built as its own binary
// with go install, never imported: amity's go.mod gains nothing.
const localKMSModule = "github.com/nsmithuk/local-kms"

// staticBuild is the environment both servers are built in, with extra:
// without cgo, as neither needs C. With a C compiler on the machine, go
// build links glibc for the net package's resolver, and the dynamic loader
// and glibc cost each server ~2 ms of its cold start and 1.5 MiB resident.
func staticBuild(extra ...string) []string {
	return append(append(os.Environ(), "CGO_ENABLED=0"), extra...)
}

// buildAmity builds ./cmd/amity into dir, so that both servers are compiled
// binaries started the same way (go run would add the compiler's time to
// the cold start).
func buildAmity(ctx context.Context, dir string) (string, error) {
	binary := filepath.Join(dir, "amity")
	build := exec.CommandContext(ctx, "go", "build", "-o", binary, "./cmd/amity")
	build.Env = staticBuild()
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		return "", fmt.Errorf("go build ./cmd/amity (run from the repository root): %w", err)
	}
	return binary, nil
}

// treeVersion names the commit amity was built from, so the report says
// what it measured.
func treeVersion(ctx context.Context) string {
	out, err := exec.CommandContext(ctx, "git", "describe", "--always", "--dirty").Output()
	if err != nil {
		return "this tree"
	}
	return "commit " + strings.TrimSpace(string(out))
}

// localKMS returns the local-kms binary in cacheDir, installing its latest
// version there first if it is not yet: the Go module proxy serves it, and
// a cached binary keeps later runs comparing against the same version.
// It is kept under static/, apart from binaries cached before both servers
// were built without cgo.
func localKMS(ctx context.Context, cacheDir string) (string, error) {
	cacheDir = filepath.Join(cacheDir, "static")
	binary := filepath.Join(cacheDir, "local-kms")
	if _, err := os.Stat(binary); err == nil {
		return binary, nil
	}
	if err := os.MkdirAll(cacheDir, 0o755); err != nil {
		return "", err
	}
	install := exec.CommandContext(ctx, "go", "install", localKMSModule+"@latest")
	// Outside the repository, so amity's go.mod plays no part in the build.
	install.Dir = cacheDir
	install.Env = staticBuild("GOBIN=" + cacheDir)
	install.Stdout, install.Stderr = os.Stderr, os.Stderr
	if err := install.Run(); err != nil {
		return "", fmt.Errorf("go install %s@latest: %w", localKMSModule, err)
	}
	return binary, nil
}

// moduleVersion is the main module's version recorded in a Go binary (go
// version -m), so the report says which local-kms it measured.
func moduleVersion(ctx context.Context, binary string) string {
	out, err := exec.CommandContext(ctx, "go", "version", "-m", binary).Output()
	if err != nil {
		return "unknown version"
	}
	s := bufio.NewScanner(bytes.NewReader(out))
	for s.Scan() {
		if f := strings.Fields(s.Text()); len(f) >= 3 && f[0] == "mod" {
			return f[1] + "@" + f[2]
		}
	}
	return "unknown version"
}
