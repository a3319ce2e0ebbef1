package scenario

import (
	"context"

	"github.com/amityhq/amity/internal/doctor"
)

// Result is a whole run: how the flow ended and, when it failed, amity
// doctor's explanation.
type Result struct {
	Scenario string            `json:"scenario"`
	Fixed    bool              `json:"fixed"`
	Accounts map[string]string `json:"accounts"`
	Outcome
	// ExpectedCause is the cause the scenario says doctor should find.
	ExpectedCause string         `json:"expectedCause,omitempty"`
	Doctor        *doctor.Report `json:"doctor,omitempty"`
}

// AsExpected reports whether the run ended as its scenario says: without
// the fix, the flow failed and doctor explained why (a failed report with
// a cause, the scenario's when it names one); with it, the flow succeeded.
func (r *Result) AsExpected() bool {
	if r.Fixed {
		return r.Succeeded
	}
	return !r.Succeeded && r.Doctor != nil && r.Doctor.Failed && r.Doctor.Cause != nil &&
		(r.ExpectedCause == "" || r.Doctor.Cause.ID == r.ExpectedCause)
}

// Execute runs f: setup (and fix), flow, and doctor's explanation of a
// failure. The error is for a run that could not go through: a setup
// call refused, amity unreachable.
func Execute(ctx context.Context, f *File, opts Options) (*Result, error) {
	run := NewRun(f, opts)
	if err := run.Setup(ctx); err != nil {
		return nil, err
	}
	o, err := run.Flow(ctx)
	if err != nil {
		return nil, err
	}
	res := &Result{Scenario: f.Name, Fixed: opts.Fixed, Accounts: run.Accounts(), Outcome: *o, ExpectedCause: f.Doctor.Cause}
	if !o.Succeeded {
		if res.Doctor, err = run.Explain(ctx, o); err != nil {
			return nil, err
		}
	}
	return res, nil
}
