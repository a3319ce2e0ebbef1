package main

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/amityhq/amity/internal/app"
)

// amityCommand runs the amity command line (this test binary as amity) and
// returns what it printed.
func amityCommand(t *testing.T, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(os.Environ(), "AMITY_TEST_MAIN=1", "AMITY_MASTER_KEY=")
	var out, errOut strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err = cmd.Run()
	return out.String(), errOut.String(), err
}

// TestAccountsCreateShowsTheAdminToken: `amity accounts create` reads the
// running amity's admin token from its data directory; pointed at another
// directory, it is refused and says why.
func TestAccountsCreateShowsTheAdminToken(t *testing.T) {
	dir := t.TempDir()
	p := startAmity(t, dir)
	endpoint := "http://" + p.addr
	_, errOut, err := amityCommand(t, "accounts", "create", "--id", "555566667777", "--endpoint", endpoint, "--data-dir", t.TempDir())
	if err == nil || !strings.Contains(errOut, "403 Forbidden") || !strings.Contains(errOut, "pass the running amity's --data-dir") {
		t.Errorf("without the admin token: %v\n%s", err, errOut)
	}
	out, errOut, err := amityCommand(t, "accounts", "create", "--id", "555566667777", "--endpoint", endpoint, "--data-dir", dir)
	if err != nil {
		t.Fatalf("accounts create: %v\n%s", err, errOut)
	}
	var creds app.AccountCredentials
	if err := json.Unmarshal([]byte(out), &creds); err != nil || creds.AccountID != "555566667777" {
		t.Fatalf("accounts create printed %s", out)
	}
	id, err := sts.NewFromConfig(p.config(creds.AccessKeyID, creds.SecretAccessKey)).GetCallerIdentity(context.Background(), &sts.GetCallerIdentityInput{})
	if err != nil || *id.Arn != "arn:aws:iam::555566667777:root" {
		t.Errorf("the new root key: %v %v", id, err)
	}
}

// TestAccountsCreateWritesTheDataDirectoryWhenAmityIsNotRunning: with
// nothing listening at the endpoint (the connection refused), the account
// is made in the data directory itself, and an amity started over it then
// knows its root key.
func TestAccountsCreateWritesTheDataDirectoryWhenAmityIsNotRunning(t *testing.T) {
	dir := t.TempDir()
	out, errOut, err := amityCommand(t, "accounts", "create", "--id", "555566667777", "--endpoint", "http://"+freeAddr(t), "--data-dir", dir)
	if err != nil {
		t.Fatalf("accounts create with no amity running: %v\n%s", err, errOut)
	}
	var creds app.AccountCredentials
	if err := json.Unmarshal([]byte(out), &creds); err != nil || creds.AccountID != "555566667777" {
		t.Fatalf("accounts create printed %s", out)
	}
	p := startAmity(t, dir)
	id, err := sts.NewFromConfig(p.config(creds.AccessKeyID, creds.SecretAccessKey)).GetCallerIdentity(context.Background(), &sts.GetCallerIdentityInput{})
	if err != nil || *id.Arn != "arn:aws:iam::555566667777:root" {
		t.Errorf("the new root key: %v %v", id, err)
	}
}
