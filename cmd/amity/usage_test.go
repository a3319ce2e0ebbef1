package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/amityhq/amity/internal/app"
)

// TestCommandLine: help anywhere exits 0, --version is `amity version`,
// a wrong command line exits 2 with its error once and the usage once, a
// failure exits 1 with one "amity:" prefix.
func TestCommandLine(t *testing.T) {
	notADir := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(notADir, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		args   []string
		code   int
		stdout string // a part of it; "" for nothing printed
		stderr string // its first line; "" for nothing printed
	}{
		{nil, exitOK, "Available Commands:", ""},
		{[]string{"--help"}, exitOK, "Available Commands:", ""},
		{[]string{"-h"}, exitOK, "Available Commands:", ""},
		{[]string{"help", "serve"}, exitOK, "--listen string", ""},
		{[]string{"serve", "--help"}, exitOK, "--listen string", ""},
		{[]string{"serve", "-h"}, exitOK, "--listen string", ""},
		{[]string{"accounts"}, exitOK, "amity accounts [command]", ""},
		{[]string{"accounts", "--help"}, exitOK, "amity accounts [command]", ""},
		{[]string{"accounts", "create", "-h"}, exitOK, "--regions string", ""},
		{[]string{"version", "--help"}, exitOK, "amity version", ""},
		{[]string{"--version"}, exitOK, "amity " + app.Version + "\n", ""},
		{[]string{"version"}, exitOK, "amity " + app.Version + "\n", ""},

		{[]string{"serve", "extra-arg", "--listen", "127.0.0.1:4619"}, exitUsage, "",
			`amity: unexpected argument "extra-arg": "amity serve" takes flags only`},
		{[]string{"serve", "--bogus"}, exitUsage, "", "amity: unknown flag: --bogus"},
		{[]string{"serve", "--listen"}, exitUsage, "", "amity: flag needs an argument: --listen"},
		{[]string{"serve", "--pace", "slow"}, exitUsage, "", `amity: --pace "slow": want fast or realistic`},
		{[]string{"serve", "--log-level", "loud"}, exitUsage, "", `amity: --log-level "loud": want debug, info, warn or error`},
		{[]string{"serve", "--log-format", "xml"}, exitUsage, "", `amity: --log-format "xml": want text or json`},
		{[]string{"serve", "--ephemeral", "--data-dir", "x"}, exitUsage, "",
			"amity: --ephemeral keeps no data directory: give --data-dir or --ephemeral, not both"},
		{[]string{"bogus"}, exitUsage, "", `amity: unknown command "bogus" for "amity"`},
		{[]string{"accounts", "delete"}, exitUsage, "", `amity: unknown command "delete" for "amity accounts"`},
		{[]string{"accounts", "create", "now"}, exitUsage, "", `amity: unexpected argument "now"`},
		{[]string{"version", "2"}, exitUsage, "", `amity: unexpected argument "2"`},

		{[]string{"serve", "--listen", "127.0.0.1:0", "--data-dir", notADir}, exitFailure, "",
			"amity: data directory " + notADir + ": datadir: mkdir " + notADir + ": not a directory"},
	} {
		var stdout, stderr strings.Builder
		code := run(tt.args, &stdout, &stderr)
		first, _, _ := strings.Cut(stderr.String(), "\n")
		switch {
		case code != tt.code:
			t.Errorf("%q: exit %d, want %d\nstderr: %s", tt.args, code, tt.code, stderr.String())
		case tt.stdout == "" && stdout.Len() > 0, !strings.Contains(stdout.String(), tt.stdout):
			t.Errorf("%q: stdout %q, want it to hold %q", tt.args, stdout.String(), tt.stdout)
		case tt.stderr == "" && stderr.Len() > 0, !strings.HasPrefix(first, tt.stderr):
			t.Errorf("%q: stderr %q, want a first line starting %q", tt.args, stderr.String(), tt.stderr)
		case strings.Count(stderr.String(), "amity:") > 1:
			t.Errorf("%q: the amity: prefix more than once:\n%s", tt.args, stderr.String())
		case code == exitUsage && strings.Count(stderr.String(), "Usage:") != 1:
			t.Errorf("%q: usage printed %d times:\n%s", tt.args, strings.Count(stderr.String(), "Usage:"), stderr.String())
		}
	}
}

// TestBadEnvironment: an environment variable that is no flag's value is
// a usage error, as the flag would be.
func TestBadEnvironment(t *testing.T) {
	t.Setenv("AMITY_EPHEMERAL", "maybe")
	var stdout, stderr strings.Builder
	if code := run([]string{"serve"}, &stdout, &stderr); code != exitUsage ||
		!strings.HasPrefix(stderr.String(), `amity: AMITY_EPHEMERAL "maybe": want true or false`) {
		t.Errorf("exit %d: %s", code, stderr.String())
	}
}
