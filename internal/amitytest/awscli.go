package amitytest

import (
	"github.com/aws/aws-sdk-go-v2/aws"
	"os"
	"os/exec"
	"strings"
	"testing"
)

// AWSCLI is the AWS CLI v2 of Debian's awscli package, which CI installs;
// another `aws` on PATH may be a v1 CLI.
const AWSCLI = "/usr/bin/aws"

// CLI runs the real AWS CLI against amity, as the root of account in
// region; it skips the test where the CLI is not installed.
func (e *Env) CLI(t testing.TB, account, region string, argv ...string) (string, error) {
	t.Helper()
	return e.CLIAs(t, aws.Credentials{AccessKeyID: account, SecretAccessKey: "test"}, region, argv...)
}

// CLIAs runs the real AWS CLI against amity with creds in region.
func (e *Env) CLIAs(t testing.TB, creds aws.Credentials, region string, argv ...string) (string, error) {
	t.Helper()
	if _, err := os.Stat(AWSCLI); err != nil {
		t.Skip("AWS CLI v2 not installed at " + AWSCLI)
	}
	if len(argv) > 0 && argv[0] == "aws" {
		argv = argv[1:]
	}
	cmd := exec.Command(AWSCLI, append([]string{"--endpoint-url", e.URL, "--output", "json"}, argv...)...)
	cmd.Env = []string{"HOME=" + t.TempDir(), "PATH=/usr/bin:/bin", "AWS_ACCESS_KEY_ID=" + creds.AccessKeyID,
		"AWS_SECRET_ACCESS_KEY=" + creds.SecretAccessKey, "AWS_DEFAULT_REGION=" + region,
		"AWS_CONFIG_FILE=/dev/null", "AWS_SHARED_CREDENTIALS_FILE=/dev/null", "AWS_PAGER="}
	if creds.SessionToken != "" {
		cmd.Env = append(cmd.Env, "AWS_SESSION_TOKEN="+creds.SessionToken)
	}
	var stdout, stderr strings.Builder
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return stderr.String(), err
	}
	return strings.TrimSpace(stdout.String()), nil
}
