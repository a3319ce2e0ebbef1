package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/kms"

	"github.com/amityhq/amity/internal/amitytest/sdkhttp"
)

// account is the account both servers serve: amity's root of 111122223333
// is access key 111122223333 with secret "test" (created by its first
// signed request); local-kms serves that account by default and accepts any
// credentials.
const account = "111122223333"

// kind is one of the two servers compared: how to start it over a data
// directory on an address, and how to ask it whether it answers.
type kind struct {
	name    string
	binary  string
	command func(binary, addr, dir string) *exec.Cmd
	probe   func(addr string) *http.Request
	// relayLog: the server's output is kept in a file and its warnings
	// and errors printed when it stops (amity's start and stop lines
	// would drown the progress); otherwise it goes to /dev/null.
	relayLog bool
}

var amity = &kind{
	name: "amity",
	command: func(binary, addr, dir string) *exec.Cmd {
		cmd := exec.Command(binary, "serve", "--listen", addr, "--data-dir", dir, "--log-level", "warn")
		// A master key from the caller's environment would change nothing
		// measured, but keep it out as scripts/soak does.
		cmd.Env = append(os.Environ(), "AMITY_MASTER_KEY=")
		return cmd
	},
	relayLog: true,
	probe: func(addr string) *http.Request {
		req, _ := http.NewRequest(http.MethodGet, "http://"+addr+"/_amity/health", nil)
		return req
	},
}

var localKMSKind = &kind{
	name: "local-kms",
	command: func(binary, addr, dir string) *exec.Cmd {
		_, port, _ := net.SplitHostPort(addr)
		cmd := exec.Command(binary)
		// local-kms reads its configuration from the environment only. It
		// listens on every interface (":PORT"), not just loopback; a seed
		// path that does not exist skips seeding (its default is /init/seed.yaml).
		cmd.Env = append(os.Environ(), "PORT="+port, "KMS_DATA_PATH="+dir, "KMS_ACCOUNT_ID="+account,
			"KMS_REGION=us-east-1", "KMS_SEED_PATH="+dir+"/no-seed.yaml")
		return cmd
	},
	// local-kms logs a line at info for every request and has no setting
	// to quiet it: its output goes to /dev/null (the write system call a
	// request stays in its CPU figures, as amity's logging would in
	// amity's).
	relayLog: false,
	probe: func(addr string) *http.Request {
		req, _ := http.NewRequest(http.MethodPost, "http://"+addr+"/", strings.NewReader("{}"))
		req.Header.Set("Content-Type", "application/x-amz-json-1.1")
		req.Header.Set("X-Amz-Target", "TrentService.ListKeys")
		return req
	},
}

// server is one running server process.
type server struct {
	kind *kind
	cmd  *exec.Cmd
	addr string
	dir  string
	log  *os.File // nil: output to /dev/null
	// ready is the time from starting the process to its first
	// successful answer.
	ready time.Duration
	// clients are independent SDK clients, each with its own HTTP
	// connection pool, as separate client programs would be.
	clients []*kms.Client
}

// start runs k over a fresh data directory (which must not exist) on a
// free loopback port and waits until it answers.
func start(ctx context.Context, k *kind, dir string, clients int) (*server, error) {
	addr, err := freeAddr()
	if err != nil {
		return nil, err
	}
	cmd := k.command(k.binary, addr, dir)
	var log *os.File
	if k.relayLog {
		if log, err = os.Create(dir + ".log"); err != nil {
			return nil, err
		}
		cmd.Stdout, cmd.Stderr = log, log
	}
	probe := &http.Client{Timeout: 2 * time.Second}
	begin := time.Now()
	if err := cmd.Start(); err != nil {
		if log != nil {
			log.Close()
			os.Remove(log.Name())
		}
		return nil, fmt.Errorf("start %s: %w", k.name, err)
	}
	s := &server{kind: k, cmd: cmd, addr: addr, dir: dir, log: log}
	// Poll often: the cold start target is 10 ms, so the poll's own
	// interval must be far below it.
	for deadline := begin.Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(200 * time.Microsecond) {
		if ctx.Err() != nil {
			break
		}
		resp, err := probe.Do(k.probe(addr).WithContext(ctx))
		if err != nil {
			continue
		}
		resp.Body.Close()
		if resp.StatusCode == http.StatusOK {
			s.ready = time.Since(begin)
			s.clients = s.newClients(clients)
			return s, nil
		}
	}
	_ = s.stop()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return nil, fmt.Errorf("%s did not answer on %s", k.name, addr)
}

// freeAddr is a loopback address with a port free a moment ago. A race
// with another program taking it shows as a failed start.
func freeAddr() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}

func (s *server) newClients(n int) []*kms.Client {
	clients := make([]*kms.Client, n)
	for i := range clients {
		clients[i] = kms.NewFromConfig(aws.Config{
			Region: "us-east-1", BaseEndpoint: aws.String("http://" + s.addr),
			// One attempt: a failure is counted, never hidden by a retry.
			RetryMaxAttempts: 1,
			Credentials: credentials.StaticCredentialsProvider{Value: aws.Credentials{
				AccessKeyID: account, SecretAccessKey: "test"}},
			// sdkhttp: the SDK's client without smithy-go's closed-body
			// race over fast loopback (see its doc).
			HTTPClient: sdkhttp.Client(),
		})
	}
	return clients
}

func (s *server) pid() int { return s.cmd.Process.Pid }

// stop ends the server with SIGTERM (amity then closes its store cleanly;
// local-kms just exits), kills it if it lingers, and removes its data.
func (s *server) stop() error {
	defer os.RemoveAll(s.dir)
	defer s.relayWarnings()
	_ = s.cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan error, 1)
	go func() { done <- s.cmd.Wait() }()
	select {
	case err := <-done:
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			return nil // local-kms dies of the signal: that is its stop
		}
		return err
	case <-time.After(15 * time.Second):
		_ = s.cmd.Process.Kill()
		<-done
		return fmt.Errorf("%s did not stop within 15 s of SIGTERM: killed", s.kind.name)
	}
}

// relayWarnings prints the warnings and errors of the server's log, then
// removes it.
func (s *server) relayWarnings() {
	if s.log == nil {
		return
	}
	defer os.Remove(s.log.Name())
	defer s.log.Close()
	if _, err := s.log.Seek(0, io.SeekStart); err != nil {
		return
	}
	lines := bufio.NewScanner(s.log)
	for lines.Scan() {
		if l := lines.Text(); strings.Contains(l, "level=WARN") || strings.Contains(l, "level=ERROR") {
			fmt.Fprintf(os.Stderr, "%s: %s\n", s.kind.name, l)
		}
	}
}

// cpu and rss read the server's /proc figures.
func (s *server) cpu() (float64, error) { return cpuSeconds(s.pid()) }
func (s *server) rss() (int64, error)   { return rssKiB(s.pid()) }
