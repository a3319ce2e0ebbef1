package scenario_test

import (
	"strings"
	"testing"

	"github.com/amityhq/amity/internal/scenario"
)

// valid is the smallest scenario: one account, a flow that saves what
// the expectation reads, and doctor's subject.
const valid = `
name: who-am-i
title: Who am I
accounts: {app: "111122223333"}
as: app
flow:
  - call: sts GetCallerIdentity
    save: {who: Account}
expect: {who: "111122223333"}
doctor: {kind: event, id: "${who}"}
`

// TestParseChecksBeforeAnyCall: what would fail a run is refused when the
// file is read, with the place it is wrong.
func TestParseChecksBeforeAnyCall(t *testing.T) {
	if _, err := scenario.Parse([]byte(valid)); err != nil {
		t.Fatalf("the valid scenario: %v", err)
	}
	tests := []struct{ edit, want string }{
		{"name: who-am-i\n|name: Who Am I\n", `name "Who Am I"`},
		{"title: Who am I\n|", "no title"},
		{"as: app\n|colour: blue\n", "field colour not found"},
		{`"111122223333"}|"1111"}`, `"1111" is not a 12-digit account id`},
		{"sts GetCallerIdentity|sts GetSessionTokens", `unknown operation "sts GetSessionTokens"`},
		{"as: app\n|", "no as: name the account that calls"},
		{"    save: {who: Account}|    as: nobody\n    save: {who: Account}", `as "nobody": no account "nobody"`},
		{"    save: {who: Account}|    as: app/role/admin\n    save: {who: Account}", `an account's name, or NAME/user/USER`},
		{"    save: {who: Account}|    input: {Colour: blue}\n    save: {who: Account}", "input: Colour: GetCallerIdentityInput has no member Colour"},
		{"{who: Account}|{who: \"Accounts[0]..Id\"}", `path "Accounts[0]..Id"`},
		{`expect: {who: "111122223333"}|expect: {whom: x}`, `expect: no step saves "whom"`},
		{`id: "${who}"|id: "${whom}"`, "${whom}: no such variable"},
		{"kind: event|kind: volume", `kind "volume"`},
		{"  - call: sts GetCallerIdentity\n|  - call: sts GetCallerIdentity\n    until: {path: Account, in: []}\n", "until: no values"},
	}
	for _, tt := range tests {
		old, repl, _ := strings.Cut(tt.edit, "|")
		if !strings.Contains(valid, old) {
			t.Fatalf("edit %q: not in the valid scenario", old)
		}
		_, err := scenario.Parse([]byte(strings.Replace(valid, old, repl, 1)))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%q → %q: error %v, want %q", old, repl, err, tt.want)
		}
	}
}

// TestVariablesFollowTheRunsOrder: a flow may use what the setup saves,
// but not what only the fix saves (the run without the fix lacks it).
func TestVariablesFollowTheRunsOrder(t *testing.T) {
	base := strings.Replace(valid, "flow:\n", `setup:
  - call: sts GetCallerIdentity
    save: {arn: Arn}
fixed:
  - call: sts GetCallerIdentity
    save: {fixedArn: Arn}
flow:
`, 1)
	doctorOf := func(id string) string {
		return strings.Replace(base, `doctor: {kind: event, id: "${who}"}`, `doctor: {kind: event, id: "${`+id+`}"}`, 1)
	}
	if _, err := scenario.Parse([]byte(doctorOf("arn"))); err != nil {
		t.Errorf("a setup variable in doctor's id: %v", err)
	}
	_, err := scenario.Parse([]byte(doctorOf("fixedArn")))
	if err == nil || !strings.Contains(err.Error(), "${fixedArn}: no such variable") {
		t.Errorf("a variable only the fix saves: %v", err)
	}
}
