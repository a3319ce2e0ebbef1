package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"strings"
	"testing"
)

// awsCLI is the AWS CLI v2 of Debian's awscli package; another `aws` on
// PATH may be a v1 CLI.
const awsCLI = "/usr/bin/aws"

// TestAWSCLI drives amity with the real AWS CLI: who am I, a user and its
// key, and the exact text of a denied call. Skipped where the CLI is not
// installed (.ci/run installs it).
func TestAWSCLI(t *testing.T) {
	if _, err := os.Stat(awsCLI); err != nil {
		t.Skip("AWS CLI v2 not installed at " + awsCLI)
	}
	p := startAmity(t, t.TempDir())
	cli := func(keyID, secret string, args ...string) (string, string, error) {
		cmd := exec.Command(awsCLI, append([]string{"--endpoint-url", "http://" + p.addr, "--output", "json"}, args...)...)
		cmd.Env = []string{"HOME=" + t.TempDir(), "PATH=/usr/bin:/bin", "AWS_ACCESS_KEY_ID=" + keyID,
			"AWS_SECRET_ACCESS_KEY=" + secret, "AWS_DEFAULT_REGION=us-east-1", "AWS_CONFIG_FILE=/dev/null",
			"AWS_SHARED_CREDENTIALS_FILE=/dev/null", "AWS_PAGER="}
		var stdout, stderr strings.Builder
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		err := cmd.Run()
		return stdout.String(), stderr.String(), err
	}
	out, errOut, err := cli("111122223333", "test", "sts", "get-caller-identity")
	if err != nil {
		t.Fatalf("get-caller-identity: %v\n%s", err, errOut)
	}
	var id struct{ Account, Arn string }
	if json.Unmarshal([]byte(out), &id) != nil || id.Arn != "arn:aws:iam::111122223333:root" {
		t.Errorf("get-caller-identity = %s", out)
	}
	if _, errOut, err := cli("111122223333", "test", "iam", "create-user", "--user-name", "dev"); err != nil {
		t.Fatalf("create-user: %v\n%s", err, errOut)
	}
	out, errOut, err = cli("111122223333", "test", "iam", "create-access-key", "--user-name", "dev")
	if err != nil {
		t.Fatalf("create-access-key: %v\n%s", err, errOut)
	}
	var key struct {
		AccessKey struct{ AccessKeyId, SecretAccessKey string }
	}
	if err := json.Unmarshal([]byte(out), &key); err != nil {
		t.Fatalf("create-access-key output: %s", out)
	}
	_, errOut, err = cli(key.AccessKey.AccessKeyId, key.AccessKey.SecretAccessKey, "iam", "create-role", "--role-name", "x",
		"--assume-role-policy-document", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}`)
	want := "An error occurred (AccessDenied) when calling the CreateRole operation: User: arn:aws:iam::111122223333:user/dev " +
		"is not authorized to perform: iam:CreateRole on resource: arn:aws:iam::111122223333:role/x because no identity-based policy allows the iam:CreateRole action"
	if err == nil || strings.TrimSpace(errOut) != want {
		t.Errorf("denied create-role: err %v\nstderr %q\nwant   %q", err, strings.TrimSpace(errOut), want)
	}

	// AWS's answers to a policy ARN that is none, a role ARN that is
	// none, and a federated user.
	refusals := []struct {
		args []string
		want string
	}{
		{[]string{"iam", "attach-user-policy", "--user-name", "dev", "--policy-arn", "longpolicynamebutnoarn"},
			"An error occurred (ValidationError) when calling the AttachUserPolicy operation: ARN longpolicynamebutnoarn is not valid."},
		{[]string{"iam", "get-policy", "--policy-arn", "arn:aws:iam::111122223333:policy/none"},
			"An error occurred (NoSuchEntity) when calling the GetPolicy operation: Policy arn:aws:iam::111122223333:policy/none was not found."},
		{[]string{"sts", "assume-role", "--role-arn", "nothing-valid-in-here", "--role-session-name", "s1"},
			"An error occurred (ValidationError) when calling the AssumeRole operation: nothing-valid-in-here is invalid"},
	}
	for _, r := range refusals {
		if _, errOut, err := cli("111122223333", "test", r.args...); err == nil || strings.TrimSpace(errOut) != r.want {
			t.Errorf("%s: err %v\nstderr %q\nwant   %q", r.args[1], err, strings.TrimSpace(errOut), r.want)
		}
	}
	out, errOut, err = cli("111122223333", "test", "sts", "get-federation-token", "--name", "Bob",
		"--policy", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}`)
	if err != nil {
		t.Fatalf("get-federation-token: %v\n%s", err, errOut)
	}
	var fed struct {
		FederatedUser struct{ Arn, FederatedUserId string }
	}
	if json.Unmarshal([]byte(out), &fed) != nil || fed.FederatedUser.Arn != "arn:aws:sts::111122223333:federated-user/Bob" ||
		fed.FederatedUser.FederatedUserId != "111122223333:Bob" {
		t.Errorf("get-federation-token = %s", out)
	}
}
