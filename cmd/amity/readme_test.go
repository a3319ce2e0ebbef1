package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// step is one command of the README's walkthrough and the output the
// README shows for it.
type step struct {
	command string
	output  string
}

// walkthrough reads the console blocks of the README's section titled
// "## Walkthrough…": "$ " starts a command (continued by lines ending in a
// backslash), the lines up to the next command are its output.
func walkthrough(t *testing.T) []step {
	t.Helper()
	raw, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	text := string(raw)
	start := strings.Index(text, "\n## Walkthrough")
	if start < 0 {
		t.Fatal("README has no Walkthrough section")
	}
	section := text[start+1:]
	if end := strings.Index(section, "\n## "); end >= 0 {
		section = section[:end]
	}
	var steps []step
	inBlock, continued := false, false
	for _, line := range strings.Split(section, "\n") {
		switch {
		case line == "```console":
			inBlock = true
		case line == "```":
			inBlock = false
		case !inBlock:
		case continued:
			steps[len(steps)-1].command += "\n" + line
			continued = strings.HasSuffix(line, `\`)
		case strings.HasPrefix(line, "$ "):
			steps = append(steps, step{command: line[2:]})
			continued = strings.HasSuffix(line, `\`)
		case len(steps) > 0:
			steps[len(steps)-1].output += line + "\n"
		}
	}
	return steps
}

// volatile matches what differs from run to run: ids, keys, ports.
var volatile = []struct {
	re   *regexp.Regexp
	with string
}{
	{regexp.MustCompile(`[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}`), "UUID"},
	{regexp.MustCompile(`\b(i|ami|snap|vol)-[0-9a-f]{17}\b`), "$1-ID"},
	{regexp.MustCompile(`\bAKIA[A-Z0-9]{16}\b`), "AKIA-ID"},
	{regexp.MustCompile(`127\.0\.0\.1:[0-9]+`), "127.0.0.1:PORT"},
}

func normalize(s string) string {
	for _, v := range volatile {
		s = v.re.ReplaceAllString(s, v.with)
	}
	return s
}

// TestREADMEWalkthrough runs the README's walkthrough (seed 004 with the
// AWS CLI v2, then amity doctor, then doctor's first fix) in bash against
// amity, and checks every command's output against the README's.
func TestREADMEWalkthrough(t *testing.T) {
	if _, err := os.Stat(awsCLI); err != nil {
		t.Skip("AWS CLI v2 not installed at " + awsCLI)
	}
	steps := walkthrough(t)
	if len(steps) < 10 {
		t.Fatalf("the walkthrough has %d commands", len(steps))
	}
	p := startAmity(t, t.TempDir())
	bin := t.TempDir()
	amity := fmt.Sprintf("#!/bin/sh\nAMITY_TEST_MAIN=1 exec %q \"$@\"\n", os.Args[0])
	if err := os.WriteFile(filepath.Join(bin, "amity"), []byte(amity), 0o755); err != nil {
		t.Fatal(err)
	}
	const marker = "@@@ step done"
	var script strings.Builder
	for _, s := range steps {
		script.WriteString(strings.ReplaceAll(s.command, "127.0.0.1:4566", p.addr) + "\n")
		fmt.Fprintf(&script, "echo \"%s $?\"\n", marker)
	}
	cmd := exec.Command("bash", "-c", script.String())
	cmd.Env = []string{"HOME=" + t.TempDir(), "PATH=" + bin + ":/usr/bin:/bin", "AWS_CONFIG_FILE=/dev/null",
		"AWS_SHARED_CREDENTIALS_FILE=/dev/null", "AWS_PAGER=", "AMITY_MASTER_KEY="}
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("bash: %v\n%s", err, out)
	}
	outputs := strings.Split(string(out), marker)
	for i, s := range steps {
		got, rc := outputs[i], ""
		if i > 0 { // the previous step's status starts this one's output
			rc, got, _ = strings.Cut(got, "\n")
		}
		if rc != "" && rc != " 0" && !strings.HasPrefix(steps[i-1].command, "amity doctor") {
			t.Errorf("%q exited with%s", steps[i-1].command, rc)
		}
		if normalize(got) != normalize(s.output) {
			t.Errorf("$ %s\n%s\nREADME shows\n%s", s.command, got, s.output)
		}
	}
}
