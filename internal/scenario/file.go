// Package scenario runs declarative scenarios: a YAML file sets up
// accounts, keys, policies, users, roles, images and Image Builder
// configurations through AWS's own APIs, runs a flow that fails as one of
// the seed articles describes — or, with the article's fix applied,
// succeeds — and asks amity doctor why it failed. examples/README.md
// documents the format; examples/ ships S1–S6.
package scenario

import (
	"bytes"
	"fmt"
	"maps"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/amityhq/amity/internal/doctor"
	"github.com/amityhq/amity/internal/lazyregexp"
)

// File is a scenario as its YAML writes it.
type File struct {
	Name        string `yaml:"name"`
	Title       string `yaml:"title"`
	Description string `yaml:"description"`
	// Region is every step's Region unless the step names one.
	Region string `yaml:"region"`
	// As is every step's principal unless the step names one.
	As string `yaml:"as"`
	// Accounts name the accounts: name → 12-digit id. Each id with the
	// secret "test" signs as that account's root (amity's convenience
	// credentials).
	Accounts map[string]string `yaml:"accounts"`
	// Setup makes the world the flow runs in; Fixed applies the seed
	// article's fix to it (amity scenario run --fixed); Flow is what fails
	// without the fix.
	Setup []Step `yaml:"setup"`
	Fixed []Step `yaml:"fixed"`
	Flow  []Step `yaml:"flow"`
	// Expect is what success means: variable → the values it may have
	// after the flow (variables may be used in them).
	Expect map[string]Values `yaml:"expect"`
	// Doctor is what amity doctor explains when the flow fails.
	Doctor Subject `yaml:"doctor"`
}

// Step calls one AWS operation.
type Step struct {
	// Call is "SERVICE Operation", as AWS's API reference names them:
	// "ec2 RunInstances", "imagebuilder CreateImage" (operations lists them).
	Call string `yaml:"call"`
	// As is who calls: an account's name (its root) or NAME/user/USER, a
	// user of that account, for whom the run creates an access key.
	As     string `yaml:"as"`
	Region string `yaml:"region"`
	// Input is the operation's input, members named as in AWS's API
	// reference; a policy document may be written as YAML.
	Input Input `yaml:"input"`
	// Save keeps values of the output in variables: name → path
	// ("Instances[0].InstanceId").
	Save map[string]string `yaml:"save"`
	// Until repeats the call until a value of its output is in a set.
	Until *Until `yaml:"until"`
}

// Until is a step's wait: the call repeats until the value at Path is
// one of In, for at most Timeout.
type Until struct {
	Path    string        `yaml:"path"`
	In      Values        `yaml:"in"`
	Timeout time.Duration `yaml:"timeout"`
}

// defaultTimeout bounds a wait whose file gives none: long enough for
// amity serve --pace realistic.
const defaultTimeout = 10 * time.Minute

// Subject is what amity doctor is asked about, as whom and where, and
// the cause it should name.
type Subject struct {
	Kind   string `yaml:"kind"` // image, instance, snapshot or event
	ID     string `yaml:"id"`
	As     string `yaml:"as"`
	Region string `yaml:"region"`
	// Cause is the id of the cause doctor should find ("key-not-shared");
	// empty: any cause.
	Cause string `yaml:"cause"`
}

// Values is one string or a list of them.
type Values []string

// UnmarshalYAML accepts a scalar as a list of one.
func (v *Values) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind == yaml.ScalarNode {
		*v = Values{n.Value}
		return nil
	}
	var list []string
	err := n.Decode(&list)
	*v = list
	return err
}

// Parse reads and checks a scenario file: unknown fields, operations,
// principals, paths, and variables used before a step saves them are
// errors.
func Parse(data []byte) (*File, error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	var f File
	if err := dec.Decode(&f); err != nil {
		return nil, fmt.Errorf("scenario: %w", err)
	}
	if f.Region == "" {
		f.Region = "us-east-1"
	}
	if err := f.check(); err != nil {
		return nil, fmt.Errorf("scenario %s: %w", f.Name, err)
	}
	return &f, nil
}

// Compiled when a scenario is first read, as vars.go's expressions.
var (
	namePattern    = lazyregexp.New(`^[a-z0-9][a-z0-9-]*$`)
	accountPattern = lazyregexp.New(`^[0-9]{12}$`)
)

// check finds what would fail a run before any call is made.
func (f *File) check() error {
	switch {
	case !namePattern().MatchString(f.Name):
		return fmt.Errorf("name %q: lower-case letters, digits and dashes", f.Name)
	case f.Title == "":
		return fmt.Errorf("no title")
	case len(f.Accounts) == 0:
		return fmt.Errorf("no accounts")
	case len(f.Flow) == 0:
		return fmt.Errorf("no flow")
	case len(f.Expect) == 0:
		return fmt.Errorf("no expect: say what success means")
	}
	for name, id := range f.Accounts {
		if !namePattern().MatchString(name) || name == regionVariable {
			return fmt.Errorf("account name %q: lower-case letters, digits and dashes, not %q", name, regionVariable)
		}
		if !accountPattern().MatchString(id) {
			return fmt.Errorf("account %s: %q is not a 12-digit account id", name, id)
		}
	}
	switch f.Doctor.Kind {
	case doctor.KindImage, doctor.KindInstance, doctor.KindSnapshot, doctor.KindEvent:
	default:
		return fmt.Errorf("doctor: kind %q: image, instance, snapshot or event", f.Doctor.Kind)
	}
	if f.Doctor.ID == "" {
		return fmt.Errorf("doctor: no id")
	}
	if _, _, err := f.principal(f.Doctor.As); err != nil {
		return fmt.Errorf("doctor: %w", err)
	}
	return f.checkSteps()
}

// checkSteps checks each phase's steps in the order a run takes them,
// with the variables known at each step: without the fix (setup, flow)
// and with it (setup, fixed, flow).
func (f *File) checkSteps() error {
	known := f.builtins()
	if err := f.checkPhase("setup", f.Setup, known); err != nil {
		return err
	}
	fixed := maps.Clone(known)
	if err := f.checkPhase("fixed", f.Fixed, fixed); err != nil {
		return err
	}
	for _, vars := range []map[string]any{known, fixed} {
		if err := f.checkPhase("flow", f.Flow, vars); err != nil {
			return err
		}
		for name, values := range f.Expect {
			if _, ok := vars[name]; !ok {
				return fmt.Errorf("expect: no step saves %q", name)
			}
			if _, err := expandAll(values, vars); err != nil {
				return fmt.Errorf("expect %s: %w", name, err)
			}
		}
		if _, err := expand(f.Doctor.ID, vars); err != nil {
			return fmt.Errorf("doctor: %w", err)
		}
	}
	return nil
}

func (f *File) checkPhase(phase string, steps []Step, vars map[string]any) error {
	for i, s := range steps {
		if err := f.checkStep(s, vars); err != nil {
			return fmt.Errorf("%s step %d (%s): %w", phase, i+1, s.Call, err)
		}
	}
	return nil
}

func (f *File) checkStep(s Step, vars map[string]any) error {
	op, ok := operations[s.Call]
	if !ok {
		return fmt.Errorf("unknown operation %q (amity knows %s)", s.Call, operationList())
	}
	if _, _, err := f.principal(s.As); err != nil {
		return err
	}
	if _, err := expand(map[string]any(s.Input), vars); err != nil {
		return err
	}
	if _, err := conform(op.input, map[string]any(s.Input), ""); err != nil {
		return fmt.Errorf("input: %w", err)
	}
	if s.Until != nil {
		if _, err := parsePath(s.Until.Path); err != nil {
			return fmt.Errorf("until: %w", err)
		}
		if len(s.Until.In) == 0 {
			return fmt.Errorf("until: no values to wait for")
		}
	}
	for name, path := range s.Save {
		if _, err := parsePath(path); err != nil {
			return fmt.Errorf("save %s: %w", name, err)
		}
		vars[name] = ""
	}
	return nil
}

// principal reads who calls (the file's As when as is empty): an
// account's name, or NAME/user/USER.
func (f *File) principal(as string) (account, user string, err error) {
	if as == "" {
		as = f.As
	}
	if as == "" {
		return "", "", fmt.Errorf("no as: name the account that calls (or give the file an as)")
	}
	account, rest, isUser := strings.Cut(as, "/")
	if _, ok := f.Accounts[account]; !ok {
		return "", "", fmt.Errorf("as %q: no account %q", as, account)
	}
	if !isUser {
		return account, "", nil
	}
	if user, ok := strings.CutPrefix(rest, "user/"); ok && user != "" && !strings.Contains(user, "/") {
		return account, user, nil
	}
	return "", "", fmt.Errorf("as %q: an account's name, or NAME/user/USER", as)
}

// regionVariable is the variable holding the file's Region.
const regionVariable = "region"

// builtins are the variables every step may use: each account's id under
// its name, and the Region.
func (f *File) builtins() map[string]any {
	vars := map[string]any{regionVariable: f.Region}
	for name, id := range f.Accounts {
		vars[name] = id
	}
	return vars
}
