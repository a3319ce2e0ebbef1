package main

import (
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"syscall"
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
		os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
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

// startAmity runs `amity serve` on a free loopback port over dataDir and
// waits until it answers.
func startAmity(t *testing.T, dataDir string, extra ...string) *process {
	t.Helper()
	return serveAmity(t, "127.0.0.1", dataDir, io.Discard, extra...)
}

// serveAmity runs `amity serve --listen HOST:PORT` on a free port over
// dataDir (none given when empty), with its standard error (the request
// log) going to stderr, and waits until it answers on loopback.
func serveAmity(t *testing.T, host, dataDir string, stderr io.Writer, extra ...string) *process {
	t.Helper()
	addr := freeAddr(t)
	_, port, _ := net.SplitHostPort(addr)
	args := []string{"serve", "--listen", net.JoinHostPort(host, port)}
	if dataDir != "" {
		args = append(args, "--data-dir", dataDir)
	}
	args = append(args, extra...)
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(os.Environ(), "AMITY_TEST_MAIN=1", "AMITY_MASTER_KEY=")
	cmd.Stderr = stderr
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

// stop ends amity with SIGTERM and waits for it to exit, so that what it
// wrote is all there.
func (p *process) stop(t *testing.T) {
	t.Helper()
	if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if err := p.cmd.Wait(); err != nil {
		t.Fatalf("amity exited with %v", err)
	}
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
