package doctor

import (
	"bytes"
	"os/exec"
	"slices"
	"strings"
	"testing"
)

var textReport = &Report{
	Failed:   true,
	Resource: "arn:aws:ec2:eu-west-1:111122223333:instance/i-6798abd91ee43c090",
	What:     "Instance i-6798abd91ee43c090 is stopped with StateReason Client.InternalError (Client.InternalError: Client error on launch).",
	Cause: &Cause{ID: "principal-lacks-create-grant", Summary: "arn:aws:iam::111122223333:user/test lacks kms:CreateGrant on key " +
		"arn:aws:kms:eu-west-1:111122223333:key/f85c815f-bdb5-4cea-b731-8ffc412d5b86: the key policy lets IAM decide."},
	Statements: []Statement{{Policy: "key policy", Type: "resource-based policy", Sid: "Enable IAM User Permissions", Effect: "Allow",
		Applied: true, Principal: "arn:aws:iam::111122223333:user/test", Action: "kms:CreateGrant", Resource: "arn:aws:kms:eu-west-1:111122223333:key/f85c"},
		{Policy: "identity-based policy", Type: "identity-based policy", Index: 2, Effect: "Allow", Lacked: "condition aws:SourceAccount",
			Principal: "p", Action: "a", Resource: "r"}},
	Fixes: []Fix{
		{Summary: "Allow the user kms:CreateGrant.", Commands: []Command{{Account: "111122223333", Region: "us-east-1",
			Argv: []string{"aws", "iam", "put-user-policy", "--user-name", "test", "--policy-name", "Grant",
				"--policy-document", `{"Statement":[{"Sid":"it's","Action":"kms:CreateGrant","Effect":"Allow","Resource":"*"}],"Version":"2012-10-17"}`}}}},
		{Summary: "Short.", Commands: []Command{{Account: "444455556666", Region: "eu-west-1", As: "arn:aws:iam::444455556666:user/admin", Argv: []string{"aws", "sts", "get-caller-identity"}}}},
	},
}

// TestWriteText lays a report out in 80 columns — every line that can be
// — with commands a POSIX shell reads back as the same argv.
func TestWriteText(t *testing.T) {
	var out bytes.Buffer
	if err := textReport.WriteText(&out, TextStyle{}); err != nil {
		t.Fatal(err)
	}
	text := out.String()
	t.Log("\n" + text)
	for _, l := range strings.Split(text, "\n") {
		if len(l) > Width && strings.Contains(strings.TrimSpace(l), " ") && !strings.Contains(l, "--policy-document") {
			t.Errorf("line wider than %d: %q", Width, l)
		}
	}
	for _, want := range []string{"FAILED arn:aws:ec2:", "Cause (principal-lacks-create-grant)", "its condition aws:SourceAccount did not match",
		" 1. Allow the user", " 2. Short.", "# as an administrator of account 111122223333, Region us-east-1:", "# as arn:aws:iam::444455556666:user/admin, Region eu-west-1:",
		"aws sts get-caller-identity --region eu-west-1\n"} {
		if !strings.Contains(text, want) {
			t.Errorf("text lacks %q", want)
		}
	}
	if strings.Contains(text, "\x1b[") {
		t.Error("colour without a terminal")
	}
	var colored bytes.Buffer
	_ = textReport.WriteText(&colored, TextStyle{Color: true})
	if !strings.Contains(colored.String(), red+"FAILED"+reset) {
		t.Error("no colour on a terminal")
	}
	c := textReport.Fixes[0].Commands[0]
	lines := c.shellLines()
	if len(lines) < 2 {
		t.Fatalf("a long command on one line: %q", lines)
	}
	if _, err := exec.LookPath("sh"); err != nil {
		t.Skip("no POSIX shell")
	}
	got, err := exec.Command("sh", "-c", "set -- "+strings.Join(lines, "\n")+"\nprintf '%s\\0' \"$@\"").Output()
	if err != nil {
		t.Fatal(err)
	}
	want := append(slices.Clone(c.Argv), "--region", c.Region)
	if args := strings.Split(strings.TrimSuffix(string(got), "\x00"), "\x00"); !slices.Equal(args, want) {
		t.Errorf("the shell reads %q, want %q", args, want)
	}
}
