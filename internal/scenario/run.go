package scenario

import (
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/smithy-go"

	"github.com/amityhq/amity/internal/doctor"
)

// Options say where a scenario runs and what it shows.
type Options struct {
	// Endpoint is amity's URL: "http://127.0.0.1:4566".
	Endpoint string
	// Fixed applies the file's fix after the setup.
	Fixed bool
	// FreshAccounts gives each of the file's accounts a new random id, so
	// that a scenario can run again, or beside another, on one amity.
	FreshAccounts bool
	// Progress gets a line per step; nil for none.
	Progress io.Writer
	// HTTPClient makes the run's calls; nil for a client of the run's
	// own. Every call of a run goes through one client, whose connections
	// are kept alive between calls.
	HTTPClient aws.HTTPClient
}

// Run is one run of a scenario: its accounts, its variables, and the
// access keys of the users it calls as.
type Run struct {
	file     *File
	opts     Options
	accounts map[string]string
	vars     map[string]any
	users    map[string]aws.CredentialsProvider // by "account/user/name"
}

// NewRun prepares a run of f; nothing is called yet.
func NewRun(f *File, opts Options) *Run {
	if opts.HTTPClient == nil {
		opts.HTTPClient = awshttp.NewBuildableClient()
	}
	r := &Run{file: f, opts: opts, accounts: map[string]string{}, users: map[string]aws.CredentialsProvider{}}
	for name, id := range f.Accounts {
		if opts.FreshAccounts {
			id = freshAccount()
		}
		r.accounts[name] = id
	}
	r.vars = f.builtins()
	for name, id := range r.accounts {
		r.vars[name] = id
	}
	return r
}

// Accounts are the run's account ids by the file's names.
func (r *Run) Accounts() map[string]string { return r.accounts }

// Setup runs the setup steps, then the fix's when the run is Fixed. A
// refused call is an error: the scenario could not be set up.
func (r *Run) Setup(ctx context.Context) error {
	for _, name := range slices.Sorted(maps.Keys(r.accounts)) {
		r.progress("account %s: %s\n", name, r.accounts[name])
	}
	if err := r.phase(ctx, "setup", r.file.Setup); err != nil {
		return err
	}
	if r.opts.Fixed {
		return r.phase(ctx, "fixed", r.file.Fixed)
	}
	return nil
}

func (r *Run) phase(ctx context.Context, name string, steps []Step) error {
	for i := range steps {
		if _, err := r.step(ctx, name, i, steps); err != nil {
			return err
		}
	}
	return nil
}

// Outcome is how a flow ended.
type Outcome struct {
	Succeeded bool `json:"succeeded"`
	// Failure says what went wrong: the expectations that did not hold,
	// or the call that was refused.
	Failure string `json:"failure,omitempty"`
	// RequestID is the refused call's, when one was.
	RequestID string `json:"requestId,omitempty"`
	// refusedAs is who made the refused call, and where.
	refusedAs, refusedIn string
}

// Flow runs the flow and checks the expectations. It can run again, after
// a fix applied by other means. A refused call ends the flow as a
// failure; the error is for what kept the flow from running.
func (r *Run) Flow(ctx context.Context) (*Outcome, error) {
	for i, s := range r.file.Flow {
		refusal, err := r.step(ctx, "flow", i, r.file.Flow)
		if refusal != nil {
			account, _, _ := r.file.principal(s.As)
			return &Outcome{Failure: s.Call + " was refused: " + refusal.ErrorCode() + ": " + refusal.ErrorMessage(),
				RequestID: requestID(err), refusedAs: account, refusedIn: signingRegion(s.Call, r.region(s.Region))}, nil
		}
		if err != nil {
			return nil, err
		}
	}
	var unmet []string
	for _, name := range slices.Sorted(maps.Keys(r.file.Expect)) {
		want, err := expandAll(r.file.Expect[name], r.vars)
		if err != nil {
			return nil, err
		}
		if got := text(r.vars[name]); !slices.Contains(want, got) {
			unmet = append(unmet, fmt.Sprintf("%s is %s, expected %s", name, got, strings.Join(want, " or ")))
		}
	}
	return &Outcome{Succeeded: len(unmet) == 0, Failure: strings.Join(unmet, "; ")}, nil
}

func requestID(err error) string {
	var re *awshttp.ResponseError
	if errors.As(err, &re) {
		return re.ServiceRequestID()
	}
	return ""
}

// Explain asks amity doctor about the failure: the file's subject, or the
// refused call.
func (r *Run) Explain(ctx context.Context, o *Outcome) (*doctor.Report, error) {
	s := r.file.Doctor
	kind, id, account, region := doctor.KindEvent, o.RequestID, o.refusedAs, o.refusedIn
	if o.RequestID == "" {
		v, err := expand(s.ID, r.vars)
		if err != nil {
			return nil, err
		}
		kind, id, account, region = s.Kind, text(v), s.As, r.region(s.Region)
	}
	cfg, err := r.config(ctx, account, region)
	if err != nil {
		return nil, err
	}
	c := doctor.Client{Endpoint: r.opts.Endpoint, Region: region, Credentials: cfg.Credentials}
	return c.Explain(ctx, kind, id)
}

func (r *Run) region(region string) string {
	if region == "" {
		return r.file.Region
	}
	return region
}

// step runs step i of a phase; refusal is AWS's refusal of the call
// (err is then the call's error, which holds its request id).
func (r *Run) step(ctx context.Context, phase string, i int, steps []Step) (refusal smithy.APIError, err error) {
	s := steps[i]
	who := s.As
	if who == "" {
		who = r.file.As
	}
	r.progress("%-5s %d/%d  %s as %s", phase, i+1, len(steps), s.Call, who)
	out, err := r.call(ctx, s)
	if err == nil {
		err = r.save(s, out)
	}
	switch {
	case err == nil && s.Until != nil:
		v, _ := lookup(out, s.Until.Path)
		r.progress(": %s\n", text(v))
	case err == nil:
		r.progress(": ok\n")
	default:
		if errors.As(err, &refusal) {
			r.progress(": refused (%s)\n", refusal.ErrorCode())
		} else {
			r.progress(": failed\n")
		}
		return refusal, fmt.Errorf("%s step %d (%s as %s): %w", phase, i+1, s.Call, who, err)
	}
	return nil, nil
}

func (r *Run) progress(format string, args ...any) {
	if r.opts.Progress != nil {
		fmt.Fprintf(r.opts.Progress, format, args...)
	}
}

// call makes a step's call, again and again while it waits.
func (r *Run) call(ctx context.Context, s Step) (any, error) {
	cfg, err := r.config(ctx, s.As, signingRegion(s.Call, r.region(s.Region)))
	if err != nil {
		return nil, err
	}
	in, err := expand(map[string]any(s.Input), r.vars)
	if err != nil {
		return nil, err
	}
	op := operations[s.Call]
	input, err := op.prepare(in.(map[string]any))
	if err != nil {
		return nil, err
	}
	if s.Until == nil {
		return r.once(ctx, op, cfg, input)
	}
	timeout := s.Until.Timeout
	if timeout == 0 {
		timeout = defaultTimeout
	}
	deadline := time.Now().Add(timeout)
	// Polls start at amity's fast pace (milliseconds) and slow down by a
	// quarter each time, to a second: a wait overshoots by at most a
	// quarter, and a realistic pace is not flooded.
	for delay := 2 * time.Millisecond; ; delay = min(delay*5/4, time.Second) {
		out, err := r.once(ctx, op, cfg, input)
		if err != nil {
			return nil, err
		}
		v, err := lookup(out, s.Until.Path)
		if err == nil && slices.Contains(s.Until.In, text(v)) {
			return out, nil
		}
		if time.Now().After(deadline) {
			return nil, fmt.Errorf("waited %s for %s to be %s: %s", timeout, s.Until.Path, strings.Join(s.Until.In, " or "), waitedFor(v, err))
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(delay):
		}
	}
}

func waitedFor(v any, err error) string {
	if err != nil {
		return err.Error()
	}
	return "it is " + text(v)
}

// once calls op and returns its output as plain values.
func (r *Run) once(ctx context.Context, op operation, cfg aws.Config, input any) (any, error) {
	out, err := op.call(ctx, cfg, input)
	if err != nil {
		return nil, err
	}
	return outputValue(out)
}

// save keeps the values a step saves.
func (r *Run) save(s Step, out any) error {
	for _, name := range slices.Sorted(maps.Keys(s.Save)) {
		v, err := lookup(out, s.Save[name])
		if err != nil {
			return fmt.Errorf("save %s: %w", name, err)
		}
		r.vars[name] = v
	}
	return nil
}
