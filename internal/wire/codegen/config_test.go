package codegen_test

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/amityhq/amity/internal/wire/codegen"
)

func TestParseArgs(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "kmsapi")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(dir, codegen.AllowlistFile), "# served\nEncrypt\n\nDecrypt # and this\n")
	writeFile(t, filepath.Join(dir, codegen.OverridesFile),
		"error-status * 400\nerror-status KMSInternalException 500\nvalidation-code ValidationException\nerror AccessDeniedException 400\nreadonly Decrypt true\nunchecked PlaintextType\n")
	cfg, err := codegen.ParseArgs([]string{"-service", "kms", "-version", "2014-11-01"}, dir)
	if err != nil {
		t.Fatal(err)
	}
	want := codegen.Config{
		Service: "kms", Version: "2014-11-01", Package: "kmsapi",
		Allow: []string{"Encrypt", "Decrypt"},
		Overrides: codegen.Overrides{
			ErrorStatus:    map[string]int{"*": 400, "KMSInternalException": 500},
			ValidationCode: "ValidationException",
			Errors:         []codegen.ExtraError{{Code: "AccessDeniedException", Status: 400}},
			ReadOnly:       map[string]bool{"Decrypt": true},
			Unchecked:      map[string]bool{"PlaintextType": true},
		},
	}
	if !reflect.DeepEqual(cfg, want) {
		t.Errorf("got %+v\nwant %+v", cfg, want)
	}
}

func TestParseArgsRefuses(t *testing.T) {
	tests := []struct {
		args                 []string
		allowlist, overrides string
		want                 string
	}{
		{[]string{"-service", "kms"}, "", "", "-service and -version are required"},
		{[]string{"-frobnicate"}, "", "", "flag provided but not defined"},
		{[]string{"-service", "kms", "-version", "v"}, "Encrypt Decrypt\n", "", "want one operation per line"},
		{[]string{"-service", "kms", "-version", "v"}, "", "error-status * many\n", "bad directive"},
		{[]string{"-service", "kms", "-version", "v"}, "", "shout louder\n", "bad directive"},
		{[]string{"-service", "kms", "-version", "v"}, "", "readonly Decrypt maybe\n", "bad directive"},
		{[]string{"-service", "kms", "-version", "v"}, "", "unchecked\n", "bad directive"},
	}
	for _, tt := range tests {
		dir := t.TempDir()
		writeFile(t, filepath.Join(dir, codegen.AllowlistFile), tt.allowlist)
		writeFile(t, filepath.Join(dir, codegen.OverridesFile), tt.overrides)
		if _, err := codegen.ParseArgs(tt.args, dir); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%v %q %q: got %v, want %q", tt.args, tt.allowlist, tt.overrides, err, tt.want)
		}
	}
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}
