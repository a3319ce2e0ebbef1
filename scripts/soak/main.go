// Command soak runs amity under a steady AssumeRole + Encrypt load and
// prints, every interval, the server's resident memory and the size of its
// database: on a long-running server both must level off. It is not a
// test (go test never runs it); run it from the repository root:
//
//	go run ./scripts/soak                      # 10 minutes, a line every 30 s
//	go run ./scripts/soak -duration 2m -interval 10s
//
// It builds ./cmd/amity (or runs -amity BINARY), serves it on a free
// loopback port over a fresh data directory with --log-level warn, and
// drives it with -workers clients: each assumes a role as an IAM user, then
// encrypts with the session's credentials.
package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/amityhq/amity/internal/amitytest/sdkhttp"
)

const account = "111122223333"

func main() {
	duration := flag.Duration("duration", 10*time.Minute, "how long to run the load")
	interval := flag.Duration("interval", 30*time.Second, "how often to print memory and database size")
	workers := flag.Int("workers", 4, "concurrent clients")
	binary := flag.String("amity", "", "amity binary to run (default: go build ./cmd/amity)")
	flag.Parse()
	if err := run(*binary, *duration, *interval, *workers); err != nil {
		fmt.Fprintln(os.Stderr, "soak:", err)
		os.Exit(1)
	}
}

func run(binary string, duration, interval time.Duration, workers int) error {
	work, err := os.MkdirTemp("", "amity-soak-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(work)
	if binary == "" {
		binary = filepath.Join(work, "amity")
		build := exec.Command("go", "build", "-o", binary, "./cmd/amity")
		build.Stdout, build.Stderr = os.Stdout, os.Stderr
		if err := build.Run(); err != nil {
			return fmt.Errorf("go build ./cmd/amity (run from the repository root): %w", err)
		}
	}
	dataDir := filepath.Join(work, "data")
	srv, endpoint, err := start(binary, dataDir)
	if err != nil {
		return err
	}
	defer func() { _ = srv.Process.Kill(); _, _ = srv.Process.Wait() }()

	ctx := context.Background()
	l, err := setUp(ctx, endpoint)
	if err != nil {
		return err
	}
	var ops, failures atomic.Int64
	var firstFailure atomic.Value
	stop := time.Now().Add(duration)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for time.Now().Before(stop) {
				if err := l.once(ctx); err != nil {
					failures.Add(1)
					firstFailure.CompareAndSwap(nil, err.Error())
					continue
				}
				ops.Add(1)
			}
		}()
	}
	report := func(elapsed time.Duration) {
		db := filepath.Join(dataDir, "amity.db")
		fmt.Printf("t=%-6s ops=%-8d rate=%5.0f/s failures=%-4d rss=%6.1fMiB db=%6.1fMiB logs=%5.1fMiB\n",
			elapsed.Round(time.Second), ops.Load(), float64(ops.Load())/max(elapsed.Seconds(), 1), failures.Load(),
			rssMiB(srv.Process.Pid), fileMiB(db), fileMiB(db+"-wal")+fileMiB(db+"-wal2"))
	}
	begin := time.Now()
	report(0)
	tick := time.NewTicker(interval)
	for time.Now().Before(stop) {
		<-tick.C
		report(time.Since(begin))
	}
	tick.Stop()
	wg.Wait()
	report(time.Since(begin))
	if f := firstFailure.Load(); f != nil {
		fmt.Println("first failure:", f)
	}
	if err := srv.Process.Signal(syscall.SIGTERM); err != nil {
		return err
	}
	return srv.Wait()
}

// start runs amity serve over dataDir on a free loopback port and waits
// until it answers.
func start(binary, dataDir string) (*exec.Cmd, string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, "", err
	}
	addr := ln.Addr().String()
	ln.Close()
	cmd := exec.Command(binary, "serve", "--listen", addr, "--data-dir", dataDir, "--log-level", "warn")
	cmd.Env = append(os.Environ(), "AMITY_MASTER_KEY=")
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	if err := cmd.Start(); err != nil {
		return nil, "", err
	}
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if resp, err := http.Get("http://" + addr + "/_amity/health"); err == nil {
			resp.Body.Close()
			return cmd, "http://" + addr, nil
		}
	}
	_ = cmd.Process.Kill()
	return nil, "", errors.New("amity did not answer on " + addr)
}

// load is what each iteration needs: the user that assumes the role, the
// role, and the key to encrypt with.
type load struct {
	endpoint string
	user     aws.Credentials
	roleARN  string
	keyID    string
	http     aws.HTTPClient
}

func (l *load) config(c aws.Credentials) aws.Config {
	return aws.Config{Region: "us-east-1", BaseEndpoint: aws.String(l.endpoint), RetryMaxAttempts: 1,
		Credentials: credentials.StaticCredentialsProvider{Value: c}, HTTPClient: l.http}
}

// setUp creates, as the account's root, a user allowed to assume a role
// allowed to encrypt with a new key.
func setUp(ctx context.Context, endpoint string) (*load, error) {
	l := &load{endpoint: endpoint, http: sdkhttp.Client()}
	root := l.config(aws.Credentials{AccessKeyID: account, SecretAccessKey: "test"})
	i := iam.NewFromConfig(root)
	allow := func(action string) *string {
		return aws.String(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"` + action + `","Resource":"*"}]}`)
	}
	if _, err := i.CreateUser(ctx, &iam.CreateUserInput{UserName: aws.String("soaker")}); err != nil {
		return nil, err
	}
	if _, err := i.PutUserPolicy(ctx, &iam.PutUserPolicyInput{UserName: aws.String("soaker"), PolicyName: aws.String("assume"),
		PolicyDocument: allow("sts:AssumeRole")}); err != nil {
		return nil, err
	}
	key, err := i.CreateAccessKey(ctx, &iam.CreateAccessKeyInput{UserName: aws.String("soaker")})
	if err != nil {
		return nil, err
	}
	l.user = aws.Credentials{AccessKeyID: *key.AccessKey.AccessKeyId, SecretAccessKey: *key.AccessKey.SecretAccessKey}
	trust := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::` + account +
		`:root"},"Action":"sts:AssumeRole"}]}`
	role, err := i.CreateRole(ctx, &iam.CreateRoleInput{RoleName: aws.String("encrypter"), AssumeRolePolicyDocument: aws.String(trust)})
	if err != nil {
		return nil, err
	}
	if _, err := i.PutRolePolicy(ctx, &iam.PutRolePolicyInput{RoleName: aws.String("encrypter"), PolicyName: aws.String("encrypt"),
		PolicyDocument: allow("kms:Encrypt")}); err != nil {
		return nil, err
	}
	l.roleARN = *role.Role.Arn
	k, err := kms.NewFromConfig(root).CreateKey(ctx, &kms.CreateKeyInput{})
	if err != nil {
		return nil, err
	}
	l.keyID = *k.KeyMetadata.KeyId
	return l, nil
}

// once assumes the role and encrypts with the session.
func (l *load) once(ctx context.Context) error {
	out, err := sts.NewFromConfig(l.config(l.user)).AssumeRole(ctx, &sts.AssumeRoleInput{
		RoleArn: aws.String(l.roleARN), RoleSessionName: aws.String("soak")})
	if err != nil {
		return err
	}
	c := out.Credentials
	session := aws.Credentials{AccessKeyID: *c.AccessKeyId, SecretAccessKey: *c.SecretAccessKey, SessionToken: *c.SessionToken}
	_, err = kms.NewFromConfig(l.config(session)).Encrypt(ctx, &kms.EncryptInput{KeyId: aws.String(l.keyID), Plaintext: []byte("soak")})
	return err
}

// rssMiB is a process's resident memory, from /proc (Linux); 0 elsewhere.
func rssMiB(pid int) float64 {
	f, err := os.Open("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	s := bufio.NewScanner(f)
	for s.Scan() {
		if rest, ok := strings.CutPrefix(s.Text(), "VmRSS:"); ok {
			kib, _ := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")))
			return float64(kib) / 1024
		}
	}
	return 0
}

func fileMiB(path string) float64 {
	info, err := os.Stat(path)
	if err != nil {
		return 0
	}
	return float64(info.Size()) / (1 << 20)
}
