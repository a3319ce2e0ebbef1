package main

import (
	"context"
	"errors"
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/sts"
)

// TestSIGTERMShutsDownCleanly: amity exits 0 on SIGTERM, saying what it
// did on its way out, and its data directory opens again with what it
// held, pending last uses included.
func TestSIGTERMShutsDownCleanly(t *testing.T) {
	dir := t.TempDir()
	var stderr lockedBuffer
	p := serveAmity(t, "127.0.0.1", dir, &stderr)
	ctx := context.Background()
	client := iam.NewFromConfig(p.config("111122223333", "test"))
	if _, err := client.CreateUser(ctx, &iam.CreateUserInput{UserName: aws.String("kept")}); err != nil {
		t.Fatal(err)
	}
	key, err := client.CreateAccessKey(ctx, &iam.CreateAccessKeyInput{UserName: aws.String("kept")})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := sts.NewFromConfig(p.config(*key.AccessKey.AccessKeyId, *key.AccessKey.SecretAccessKey)).
		GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{}); err != nil {
		t.Fatal(err)
	}
	if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- p.cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("amity exited with %v after SIGTERM", err)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("amity did not exit after SIGTERM")
	}
	lines := strings.Split(strings.TrimSpace(stderr.String()), "\n")
	if last := lines[len(lines)-1]; !regexp.MustCompile(`^amity stopped \(terminated signal received\) in \d+ms: ` +
		`0 requests in flight finished, the last use of 1 access key written, log flushed, data directory closed$`).MatchString(last) {
		t.Errorf("the shutdown line: %q", last)
	}
	p = startAmity(t, dir)
	client = iam.NewFromConfig(p.config("111122223333", "test"))
	if _, err := client.GetUser(ctx, &iam.GetUserInput{UserName: aws.String("kept")}); err != nil {
		t.Errorf("after a clean restart: %v", err)
	}
	// The key's last use, held in memory, was written at shutdown.
	last, err := client.GetAccessKeyLastUsed(ctx, &iam.GetAccessKeyLastUsedInput{AccessKeyId: key.AccessKey.AccessKeyId})
	if err != nil || aws.ToString(last.AccessKeyLastUsed.ServiceName) != "sts" {
		t.Errorf("last use after a clean restart: %+v, %v", last, err)
	}
}

// TestPortInUse: amity serve on a taken port fails before it creates its
// data directory, and says what to do.
func TestPortInUse(t *testing.T) {
	taken, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer taken.Close()
	dir := filepath.Join(t.TempDir(), "data")
	var stdout, stderr strings.Builder
	code := run([]string{"serve", "--listen", taken.Addr().String(), "--data-dir", dir}, &stdout, &stderr)
	if code != exitFailure || !strings.HasPrefix(stderr.String(), "amity: listen tcp "+taken.Addr().String()+": bind: address already in use") ||
		!strings.Contains(stderr.String(), "--listen takes another address") {
		t.Errorf("exit %d:\n%s", code, stderr.String())
	}
	if _, err := os.Stat(dir); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("the data directory: %v", err)
	}
}
