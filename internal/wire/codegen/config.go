package codegen

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// Config says what to generate for one service package.
type Config struct {
	Service string // model directory name, e.g. "kms"
	Version string // model version, e.g. "2014-11-01"
	Package string // Go package name, e.g. "kmsapi"
	// Allow lists the operations amity serves; the others are only named.
	Allow     []string
	Overrides Overrides
}

// Overrides are the places where observed AWS behaviour differs from the
// model, or where the model is silent.
type Overrides struct {
	// ErrorStatus maps exception shape names, or "*" for all, to the HTTP
	// status AWS really answers with.
	ErrorStatus map[string]int
	// ValidationCode replaces the protocol's default validation error code.
	ValidationCode string
	// Errors are errors AWS returns that the model does not declare.
	Errors []ExtraError
	// ReadOnly marks operations as read-only (true) or not (false) where
	// the naming rule (readOnlyByName) is wrong for CloudTrail.
	ReadOnly map[string]bool
	// Unchecked names shapes whose model constraints the service checks
	// itself, answering its own exception (CloudTrail's
	// InvalidMaxResultsException) rather than the protocol's validation
	// error: the generated Validate skips them.
	Unchecked map[string]bool
}

// ExtraError is an unmodeled error that gets a constructor anyway.
type ExtraError struct {
	Code   string
	Status int
}

// Files the generator reads from a service package directory.
const (
	AllowlistFile = "allowlist.txt"
	OverridesFile = "overrides.txt"
)

// ParseArgs reads the generator's command line (as written in a
// //go:generate directive) and the allowlist and overrides in dir.
func ParseArgs(args []string, dir string) (Config, error) {
	fs := flag.NewFlagSet("gen", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	service := fs.String("service", "", "model service name, e.g. kms")
	version := fs.String("version", "", "model API version, e.g. 2014-11-01")
	if err := fs.Parse(args); err != nil {
		return Config{}, err
	}
	if *service == "" || *version == "" {
		return Config{}, fmt.Errorf("-service and -version are required")
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return Config{}, err
	}
	cfg := Config{Service: *service, Version: *version, Package: filepath.Base(abs)}
	if cfg.Allow, err = readAllowlist(filepath.Join(dir, AllowlistFile)); err != nil {
		return Config{}, err
	}
	if cfg.Overrides, err = readOverrides(filepath.Join(dir, OverridesFile)); err != nil {
		return Config{}, err
	}
	return cfg, nil
}

// lines returns the non-blank lines of a file, without # comments, split
// into fields. A missing file has no lines.
func lines(path string) ([][]string, error) {
	f, err := os.Open(path)
	if os.IsNotExist(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out [][]string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line, _, _ := strings.Cut(sc.Text(), "#")
		if fields := strings.Fields(line); len(fields) > 0 {
			out = append(out, fields)
		}
	}
	return out, sc.Err()
}

// readAllowlist reads one operation name per line.
func readAllowlist(path string) ([]string, error) {
	ls, err := lines(path)
	if err != nil {
		return nil, err
	}
	var ops []string
	for _, l := range ls {
		if len(l) != 1 {
			return nil, fmt.Errorf("%s: want one operation per line, got %q", path, strings.Join(l, " "))
		}
		ops = append(ops, l[0])
	}
	return ops, nil
}

// readOverrides reads directives, one per line:
//
//	error-status <ExceptionShape|*> <status>
//	validation-code <Code>
//	error <Code> <status>
//	readonly <Operation> <true|false>
//	unchecked <Shape>
func readOverrides(path string) (Overrides, error) {
	ls, err := lines(path)
	if err != nil {
		return Overrides{}, err
	}
	o := Overrides{ErrorStatus: map[string]int{}, ReadOnly: map[string]bool{}, Unchecked: map[string]bool{}}
	for _, l := range ls {
		bad := fmt.Errorf("%s: bad directive %q", path, strings.Join(l, " "))
		switch {
		case l[0] == "error-status" && len(l) == 3:
			status, err := strconv.Atoi(l[2])
			if err != nil {
				return Overrides{}, bad
			}
			o.ErrorStatus[l[1]] = status
		case l[0] == "validation-code" && len(l) == 2:
			o.ValidationCode = l[1]
		case l[0] == "readonly" && len(l) == 3 && (l[2] == "true" || l[2] == "false"):
			o.ReadOnly[l[1]] = l[2] == "true"
		case l[0] == "unchecked" && len(l) == 2:
			o.Unchecked[l[1]] = true
		case l[0] == "error" && len(l) == 3:
			status, err := strconv.Atoi(l[2])
			if err != nil {
				return Overrides{}, bad
			}
			o.Errors = append(o.Errors, ExtraError{Code: l[1], Status: status})
		default:
			return Overrides{}, bad
		}
	}
	return o, nil
}
