package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/amityhq/amity/internal/scenario"
)

// whoAmI is a scenario whose flow succeeds with or without a fix.
const whoAmI = `name: who-am-i
title: Who am I
accounts: {app: "111122223333"}
as: app
flow:
  - call: sts GetCallerIdentity
    save: {who: Account}
expect: {who: "${APP}"}
doctor: {kind: event, id: none}
`

// TestScenarioCommand: amity scenario's exit statuses — 2 on usage
// errors, 0 when a run ends as its scenario says (the failure explained,
// or with --fixed the success), 1 when not —, the shipped list, the
// progress on standard error, and a run against a running amity with
// JSON out.
func TestScenarioCommand(t *testing.T) {
	run := func(env []string, args ...string) (string, string, int) {
		t.Helper()
		return amityRun(t, env, append([]string{"scenario"}, args...)...)
	}
	dir := t.TempDir()
	file := func(name, text string) string {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
		return path
	}
	succeeds := file("who.yaml", strings.ReplaceAll(whoAmI, "${APP}", "111122223333"))
	broken := file("broken.yaml", strings.ReplaceAll(whoAmI, "sts GetCallerIdentity", "sts WhoAmI"))

	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"bogus"}, `unknown command "bogus" for "amity scenario"`},
		{[]string{"list", "all"}, `unexpected argument "all"`},
		{[]string{"run"}, "takes one scenario"},
		{[]string{"run", "a", "b"}, "takes one scenario"},
		{[]string{"run", "s9-nothing"}, `no scenario "s9-nothing"`},
		{[]string{"run", "--bogus", "s6-start-without-create-grant"}, "unknown flag: --bogus"},
		{[]string{"run", broken}, `unknown operation "sts WhoAmI"`},
	} {
		_, stderr, code := run(nil, c.args...)
		if code != 2 || !strings.Contains(stderr, c.want) {
			t.Errorf("scenario %v: exit %d, stderr %q; want 2 and %q", c.args, code, stderr, c.want)
		}
	}

	if out, _, code := run(nil); code != 0 || !strings.Contains(out, "amity scenario [command]") {
		t.Errorf("scenario alone: exit %d, %q; want its help", code, out)
	}
	out, _, code := run(nil, "list")
	shipped, err := scenario.Shipped()
	if err != nil {
		t.Fatal(err)
	}
	if code != 0 || strings.Count(out, "\n") != len(shipped) {
		t.Errorf("list: exit %d\n%s", code, out)
	}
	for _, f := range shipped {
		if !strings.Contains(out, f.Name+" ") || !strings.Contains(out, f.Title) {
			t.Errorf("list lacks %s: %s", f.Name, f.Title)
		}
	}

	// A shipped scenario, in an amity of the command's own.
	out, stderr, code := run(nil, "run", "s6-start-without-create-grant")
	if code != 0 || !strings.HasPrefix(out, "FAILED without the fix, as expected: state is stopped, expected running.") ||
		!strings.Contains(out, "Cause (principal-lacks-create-grant)") || !strings.Contains(stderr, "flow  2/2  ec2 DescribeInstances as app/user/test: stopped\n") {
		t.Errorf("run s6: exit %d\nstdout %s\nstderr %s", code, out, stderr)
	}
	out, _, code = run(nil, "run", "--fixed", "s6-start-without-create-grant")
	if code != 0 || out != "SUCCEEDED with the fix applied, as expected.\n" {
		t.Errorf("run --fixed s6: exit %d, %q", code, out)
	}

	// A flow that succeeds without the fix did not fail as it should.
	if out, _, code := run(nil, "run", succeeds); code != 1 || !strings.Contains(out, "did not fail as it should") {
		t.Errorf("run %s: exit %d, %q", succeeds, code, out)
	}
	// Against a running amity (AWS_ENDPOINT_URL), with fresh accounts.
	p := startAmity(t, t.TempDir())
	env := []string{"AWS_ENDPOINT_URL=http://" + p.addr}
	out, stderr, code = run(env, "run", "--fixed", "--json", "--fresh-accounts", file("fresh.yaml", strings.ReplaceAll(whoAmI, "${APP}", "${app}")))
	if _, stderr, code := run(env, "run", "s6-start-without-create-grant"); code != 0 {
		t.Errorf("s6 against a running amity: exit %d\n%s", code, stderr)
	}
	if _, stderr, code := run(env, "run", "s6-start-without-create-grant"); code != 1 || !strings.Contains(stderr, "add --fresh-accounts") {
		t.Errorf("s6 again: exit %d\n%s", code, stderr)
	}
	var res scenario.Result
	if err := json.Unmarshal([]byte(out), &res); err != nil || code != 0 || !res.Succeeded || res.Accounts["app"] == "111122223333" {
		t.Errorf("run --fixed --json --fresh-accounts: exit %d, %v\n%s\n%s", code, err, out, stderr)
	}
}
