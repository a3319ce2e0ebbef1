package main

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/amityhq/amity/internal/doctor"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/kms"
)

// amityRun runs amity with args as a process with only env for its
// environment, and returns its output and exit status.
func amityRun(t *testing.T, env []string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = slices.Concat(env, []string{"AMITY_TEST_MAIN=1", "HOME=" + t.TempDir(), "PATH=/usr/bin:/bin"})
	var out, errOut strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	var exit *exec.ExitError
	switch {
	case errors.As(err, &exit):
		code = exit.ExitCode()
	case err != nil:
		t.Fatal(err)
	}
	return out.String(), errOut.String(), code
}

// doctorRun runs `amity doctor args...`.
func doctorRun(t *testing.T, env []string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	return amityRun(t, env, append([]string{"doctor"}, args...)...)
}

// TestDoctorCommand: amity doctor's exit statuses (2 on usage errors, 1
// when something failed, 0 when all is well), its JSON, and the AWS
// credential conventions — the environment, or a profile of the shared
// config and credentials files with its own endpoint_url.
func TestDoctorCommand(t *testing.T) {
	p := startAmity(t, t.TempDir())
	rootEnv := []string{"AWS_ACCESS_KEY_ID=111122223333", "AWS_SECRET_ACCESS_KEY=test", "AWS_REGION=eu-west-1",
		"AWS_ENDPOINT_URL=http://" + p.addr, "AWS_CONFIG_FILE=/dev/null", "AWS_SHARED_CREDENTIALS_FILE=/dev/null"}

	for _, c := range []struct {
		env  []string
		args []string
		want string
	}{
		{rootEnv, []string{"volume", "vol-1"}, `amity doctor explains an image, instance, snapshot or event, not "volume"`},
		{rootEnv, []string{"x-1"}, `say what "x-1" is`},
		{rootEnv, []string{"a", "b", "c"}, "not 3 arguments"},
		{rootEnv, []string{"--bogus"}, "unknown flag: --bogus"},
		{rootEnv[:2], []string{"i-0123456789abcdef0"}, "no Region"},
	} {
		_, stderr, code := doctorRun(t, c.env, c.args...)
		if code != 2 || !strings.Contains(stderr, c.want) || strings.Count(stderr, "amity:") != 1 {
			t.Errorf("doctor %v: exit %d, stderr %q; want 2 and %q", c.args, code, stderr, c.want)
		}
	}

	out, _, code := doctorRun(t, rootEnv)
	if code != 0 || !strings.Contains(out, "No failures in the last 1h0m0s") {
		t.Errorf("nothing failed: exit %d, %q", code, out)
	}

	// A user with no permissions is refused kms:CreateKey.
	ctx := context.Background()
	admin := iam.NewFromConfig(p.config("111122223333", "test"))
	if _, err := admin.CreateUser(ctx, &iam.CreateUserInput{UserName: new("dev")}); err != nil {
		t.Fatal(err)
	}
	key, err := admin.CreateAccessKey(ctx, &iam.CreateAccessKeyInput{UserName: new("dev")})
	if err != nil {
		t.Fatal(err)
	}
	cfg := p.config(*key.AccessKey.AccessKeyId, *key.AccessKey.SecretAccessKey)
	cfg.Region = "eu-west-1"
	if _, err := kms.NewFromConfig(cfg).CreateKey(ctx, &kms.CreateKeyInput{}); err == nil {
		t.Fatal("a user without permissions created a key")
	}

	// The user's own profile, from the shared files.
	dir := t.TempDir()
	write := func(name, text string) string {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
		return path
	}
	profileEnv := []string{
		"AWS_CONFIG_FILE=" + write("config", "[profile dev]\nregion = eu-west-1\nendpoint_url = http://"+p.addr+"\n"),
		"AWS_SHARED_CREDENTIALS_FILE=" + write("credentials", "[dev]\naws_access_key_id = "+*key.AccessKey.AccessKeyId+
			"\naws_secret_access_key = "+*key.AccessKey.SecretAccessKey+"\n"),
	}
	out, stderr, code := doctorRun(t, profileEnv, "--profile", "dev", "--json")
	var recent doctor.RecentReports
	if err := json.Unmarshal([]byte(out), &recent); err != nil || code != 1 || len(recent.Reports) != 1 {
		t.Fatalf("the refused CreateKey: exit %d, %v, stdout %s stderr %s", code, err, out, stderr)
	}
	r := recent.Reports[0]
	if !r.Failed || r.Cause == nil || !strings.Contains(r.What, "kms:CreateKey") || !strings.Contains(r.What, "AccessDeniedException") {
		t.Errorf("report: %+v cause %+v", r, r.Cause)
	}
	event, _, code := doctorRun(t, profileEnv, "--profile", "dev", "--json", "event", r.Resource)
	var one doctor.Report
	if err := json.Unmarshal([]byte(event), &one); err != nil || code != 1 || one.Cause == nil || one.Cause.ID != r.Cause.ID {
		t.Errorf("doctor event %s: exit %d, %v, %s", r.Resource, code, err, event)
	}
	// Another account sees nothing of it.
	other := slices.Concat([]string{"AWS_ACCESS_KEY_ID=444455556666"}, rootEnv[1:])
	if out, _, code := doctorRun(t, other, "event", r.Resource); code != 0 || !strings.Contains(out, "keeps no failure of it") {
		t.Errorf("another account: exit %d, %q", code, out)
	}
}
