package scenario_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/account"

	"github.com/amityhq/amity/internal/amitytest"
	"github.com/amityhq/amity/internal/doctor"
	"github.com/amityhq/amity/internal/scenario"
)

// TestShippedScenarios runs every scenario under examples/ end to end on
// one amity, each with accounts of its own: without the fix the flow
// fails and amity doctor names the scenario's cause; doctor's first fix,
// applied with the AWS CLI as its commands say, makes the same flow
// succeed (the closed loop; skipped without the CLI); and with the
// scenario's own fix (--fixed) the flow succeeds.
//
// The scenarios run two per processor at a time, then each is checked in
// a subtest: t.Parallel would run only one per processor, and the AWS CLI
// (about a second a command) waits on more than the processor — more at
// a time, and its Pythons crowd each other out.
func TestShippedScenarios(t *testing.T) {
	files, err := scenario.Shipped()
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 12 {
		t.Fatalf("%d shipped scenarios; S1's five triggers, S2, S3 twice, S4, S5 twice and S6 make 12", len(files))
	}
	env := amitytest.New(t)
	_, err = os.Stat(amitytest.AWSCLI)
	withCLI := err == nil
	runs := make([]endToEnd, len(files))
	var wg sync.WaitGroup
	slots := make(chan struct{}, 2*runtime.GOMAXPROCS(0))
	for i, f := range files {
		wg.Go(func() {
			slots <- struct{}{}
			defer func() { <-slots }()
			runs[i] = runEndToEnd(t, env, f, withCLI)
		})
	}
	wg.Wait()
	for i, f := range files {
		t.Run(f.Name, func(t *testing.T) {
			r := runs[i]
			switch {
			case r.err != nil:
				t.Fatal(r.err)
			case r.failed.Succeeded:
				t.Fatalf("the flow succeeded without the fix")
			case !r.report.Failed || r.report.Cause == nil || r.report.Cause.ID != f.Doctor.Cause:
				t.Errorf("doctor on %q: failed=%v cause %+v; want cause %s\n%s", r.failed.Failure, r.report.Failed, r.report.Cause, f.Doctor.Cause, text(r.report))
			}
			if !r.fixed.Succeeded || !r.fixed.AsExpected() {
				t.Errorf("with the fix: %+v", r.fixed)
			}
			t.Run("closed loop", func(t *testing.T) {
				switch {
				case !withCLI:
					t.Skip("AWS CLI v2 not installed at " + amitytest.AWSCLI)
				case r.loopErr != nil:
					t.Fatal(r.loopErr)
				case !r.afterFix.Succeeded:
					t.Errorf("after doctor's first fix (%s): %s", r.report.Fixes[0].Summary, r.afterFix.Failure)
				}
			})
		})
	}
}

// endToEnd is what one scenario did: the failing run and doctor's report
// on it, the same flow after doctor's first fix, and the fixed run.
type endToEnd struct {
	failed   *scenario.Outcome
	report   *doctor.Report
	afterFix *scenario.Outcome
	loopErr  error
	fixed    *scenario.Result
	err      error // the run could not go through
}

func runEndToEnd(t *testing.T, env *amitytest.Env, f *scenario.File, withCLI bool) (r endToEnd) {
	opts := scenario.Options{Endpoint: env.URL, FreshAccounts: true}
	run := scenario.NewRun(f, opts)
	if r.err = run.Setup(ctx()); r.err != nil {
		return r
	}
	if r.failed, r.err = run.Flow(ctx()); r.err != nil {
		return r
	}
	if r.report, r.err = run.Explain(ctx(), r.failed); r.err != nil {
		return r
	}
	opts.Fixed = true
	if r.fixed, r.err = scenario.Execute(ctx(), f, opts); r.err != nil || !withCLI {
		return r
	}
	if r.loopErr = applyFirstFix(t, env, r.report); r.loopErr == nil {
		r.afterFix, r.loopErr = run.Flow(ctx())
	}
	return r
}

func ctx() context.Context { return context.Background() }

func text(r *doctor.Report) string {
	var b strings.Builder
	_ = r.WriteText(&b, doctor.TextStyle{})
	return b.String()
}

// applyFirstFix runs the commands of doctor's first fix with the AWS CLI,
// each as the root of its account in its Region.
func applyFirstFix(t *testing.T, env *amitytest.Env, r *doctor.Report) error {
	if len(r.Fixes) == 0 {
		return fmt.Errorf("doctor suggests no fix (cause %+v)", r.Cause)
	}
	for _, c := range r.Fixes[0].Commands {
		out, err := env.CLI(t, c.Account, c.Region, c.Argv...)
		if err != nil && strings.Contains(out, "Invalid choice") {
			err = enableRegionWithSDK(env, c)
		}
		if err != nil {
			return fmt.Errorf("%s: %w\n%s", strings.Join(c.Argv, " "), err, out)
		}
	}
	return nil
}

// enableRegionWithSDK makes `aws account enable-region --region-name R`
// through the Go SDK: the AWS CLI before 2.10 (Debian's is 2.9) lacks the
// command, as doctor's fix says.
func enableRegionWithSDK(env *amitytest.Env, c doctor.Command) error {
	if len(c.Argv) < 5 || strings.Join(c.Argv[:4], " ") != "aws account enable-region --region-name" {
		return errors.New("the AWS CLI lacks the command")
	}
	_, err := account.NewFromConfig(env.RootConfig(c.Account, c.Region)).EnableRegion(ctx(),
		&account.EnableRegionInput{RegionName: aws.String(c.Argv[4])})
	return err
}
