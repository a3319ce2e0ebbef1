package main

import (
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"testing"
	"time"

	"github.com/amityhq/amity/internal/amitytest/sdkhttp"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
)

// TestMain lets the test binary act as amity itself: a test re-executes it
// with AMITY_TEST_MAIN set, and it runs the command line it was given.
func TestMain(m *testing.M) {
	if os.Getenv("AMITY_TEST_MAIN") == "1" {
		if err := run(os.Args[1:]); err != nil {
			fmt.Fprintln(os.Stderr, "amity:", err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// process is amity running as a child process.
type process struct {
	cmd  *exec.Cmd
	addr string
}

// freeAddr returns a loopback address nobody listens on.
func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// startAmity runs `amity serve` on a free port over dataDir and waits until
// it answers.
func startAmity(t *testing.T, dataDir string, extra ...string) *process {
	t.Helper()
	addr := freeAddr(t)
	args := append([]string{"serve", "--listen", addr, "--data-dir", dataDir}, extra...)
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(os.Environ(), "AMITY_TEST_MAIN=1", "AMITY_MASTER_KEY=")
	cmd.Stderr = io.Discard // the request log; a failing test reports what it saw
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	p := &process{cmd: cmd, addr: addr}
	t.Cleanup(func() { p.kill() })
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(time.Millisecond) {
		resp, err := http.Get("http://" + addr + "/_amity/health")
		if err == nil {
			resp.Body.Close()
			return p
		}
	}
	t.Fatalf("amity did not answer on %s", addr)
	return nil
}

func (p *process) kill() {
	if p.cmd.ProcessState == nil {
		_ = p.cmd.Process.Kill()
		_, _ = p.cmd.Process.Wait()
	}
}

func (p *process) config(accessKeyID, secret string) aws.Config {
	return aws.Config{Region: "us-east-1", BaseEndpoint: aws.String("http://" + p.addr), RetryMaxAttempts: 1,
		Credentials: credentials.NewStaticCredentialsProvider(accessKeyID, secret, ""), HTTPClient: sdkhttp.Client()}
}
