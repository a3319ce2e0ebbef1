package main

import (
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// awsRunner runs the AWS CLI against an amity process with given keys.
type awsRunner struct {
	t    *testing.T
	addr string
	home string
}

func (a awsRunner) run(keyID, secret string, args ...string) (string, error) {
	a.t.Helper()
	cmd := exec.Command(awsCLI, append([]string{"--endpoint-url", "http://" + a.addr, "--output", "json"}, args...)...)
	cmd.Env = []string{"HOME=" + a.home, "PATH=/usr/bin:/bin", "AWS_ACCESS_KEY_ID=" + keyID,
		"AWS_SECRET_ACCESS_KEY=" + secret, "AWS_DEFAULT_REGION=eu-west-1", "AWS_CONFIG_FILE=/dev/null",
		"AWS_SHARED_CREDENTIALS_FILE=/dev/null", "AWS_PAGER="}
	var stdout, stderr strings.Builder
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	if err != nil {
		return stderr.String(), err
	}
	return strings.TrimSpace(stdout.String()), nil
}

// must runs a command that has to succeed and returns its output.
func (a awsRunner) must(keyID, secret string, args ...string) string {
	a.t.Helper()
	out, err := a.run(keyID, secret, args...)
	if err != nil {
		a.t.Fatalf("aws %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return out
}

// TestAWSCLIS6 is seed 004 with the AWS CLI v2, as the README walks
// through it: an instance on a customer managed key, stopped; a user
// allowed ec2:* starts it; describe-instances prints the seed's
// StateReason.
func TestAWSCLIS6(t *testing.T) {
	if _, err := os.Stat(awsCLI); err != nil {
		t.Skip("AWS CLI v2 not installed at " + awsCLI)
	}
	p := startAmity(t, t.TempDir())
	a := awsRunner{t: t, addr: p.addr, home: t.TempDir()}
	const root, secret = "123456789012", "test"
	key := a.must(root, secret, "kms", "create-key", "--query", "KeyMetadata.Arn", "--output", "text")
	ami := a.must(root, secret, "ec2", "describe-images", "--owners", "amazon", "--filters", "Name=name,Values=al2023-ami-2023*-x86_64",
		"--query", "Images[0].ImageId", "--output", "text")
	id := a.must(root, secret, "ec2", "run-instances", "--image-id", ami, "--instance-type", "t3.micro",
		"--block-device-mappings", `[{"DeviceName":"/dev/xvda","Ebs":{"Encrypted":true,"KmsKeyId":"`+key+`"}}]`,
		"--query", "Instances[0].InstanceId", "--output", "text")
	a.must(root, secret, "ec2", "wait", "instance-running", "--instance-ids", id)
	a.must(root, secret, "ec2", "stop-instances", "--instance-ids", id)
	a.must(root, secret, "ec2", "wait", "instance-stopped", "--instance-ids", id)

	// IAM is global: its requests are signed for us-east-1, as AWS wants.
	a.must(root, secret, "iam", "create-user", "--user-name", "test", "--region", "us-east-1")
	a.must(root, secret, "iam", "put-user-policy", "--user-name", "test", "--policy-name", "ec2", "--region", "us-east-1",
		"--policy-document", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ec2:*","Resource":"*"}]}`)
	userKey := strings.Fields(a.must(root, secret, "iam", "create-access-key", "--user-name", "test", "--region", "us-east-1",
		"--query", "AccessKey.[AccessKeyId,SecretAccessKey]", "--output", "text"))
	state := a.must(userKey[0], userKey[1], "ec2", "start-instances", "--instance-ids", id,
		"--query", "StartingInstances[0].CurrentState.Name", "--output", "text")
	if state != "pending" {
		t.Fatalf("start-instances: %s", state)
	}
	time.Sleep(50 * time.Millisecond)
	got := a.must(userKey[0], userKey[1], "ec2", "describe-instances", "--instance-ids", id,
		"--query", "Reservations[*].Instances[*].StateReason")
	want := `[
    [
        {
            "Code": "Client.InternalError",
            "Message": "Client.InternalError: Client error on launch"
        }
    ]
]`
	if got != want {
		t.Errorf("StateReason:\n%s\nwant\n%s", got, want)
	}
}
