package scenario_test

import (
	"context"
	"strings"
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
// succeed (the closed loop); and with the scenario's own fix (--fixed)
// the flow succeeds.
func TestShippedScenarios(t *testing.T) {
	files, err := scenario.Shipped()
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 12 {
		t.Fatalf("%d shipped scenarios; S1's five triggers, S2, S3 twice, S4, S5 twice and S6 make 12", len(files))
	}
	env := amitytest.New(t)
	for _, f := range files {
		t.Run(f.Name, func(t *testing.T) {
			t.Parallel()
			opts := scenario.Options{Endpoint: env.URL, FreshAccounts: true}
			run := scenario.NewRun(f, opts)
			if err := run.Setup(ctx()); err != nil {
				t.Fatal(err)
			}
			failed, err := run.Flow(ctx())
			if err != nil || failed.Succeeded {
				t.Fatalf("without the fix: %+v, %v", failed, err)
			}
			report, err := run.Explain(ctx(), failed)
			if err != nil {
				t.Fatal(err)
			}
			if !report.Failed || report.Cause == nil || report.Cause.ID != f.Doctor.Cause {
				t.Errorf("doctor on %q: failed=%v cause %+v; want cause %s\n%s", failed.Failure, report.Failed, report.Cause, f.Doctor.Cause, text(report))
			}
			t.Run("closed loop", func(t *testing.T) {
				applyFirstFix(t, env, report)
				if o, err := run.Flow(ctx()); err != nil || !o.Succeeded {
					t.Errorf("after doctor's first fix (%s): %+v, %v", fixSummary(report), o, err)
				}
			})
			opts.Fixed = true
			if res, err := scenario.Execute(ctx(), f, opts); err != nil || !res.Succeeded || !res.AsExpected() {
				t.Errorf("with the fix: %+v, %v", res, err)
			}
		})
	}
}

func ctx() context.Context { return context.Background() }

func text(r *doctor.Report) string {
	var b strings.Builder
	_ = r.WriteText(&b, doctor.TextStyle{})
	return b.String()
}

func fixSummary(r *doctor.Report) string {
	if len(r.Fixes) == 0 {
		return "none"
	}
	return r.Fixes[0].Summary
}

// applyFirstFix runs the commands of doctor's first fix with the AWS CLI,
// each as the root of its account in its Region.
func applyFirstFix(t *testing.T, env *amitytest.Env, r *doctor.Report) {
	t.Helper()
	if len(r.Fixes) == 0 {
		t.Fatalf("doctor suggests no fix (cause %+v)", r.Cause)
	}
	for _, c := range r.Fixes[0].Commands {
		out, err := env.CLI(t, c.Account, c.Region, c.Argv...)
		if err != nil && strings.Contains(out, "Invalid choice") && enableRegionWithSDK(t, env, c) {
			continue
		}
		if err != nil {
			t.Fatalf("%s: %v\n%s", strings.Join(c.Argv, " "), err, out)
		}
	}
}

// enableRegionWithSDK makes `aws account enable-region --region-name R`
// through the Go SDK: the AWS CLI before 2.10 (Debian's is 2.9) lacks the
// command, as doctor's fix says.
func enableRegionWithSDK(t *testing.T, env *amitytest.Env, c doctor.Command) bool {
	t.Helper()
	if len(c.Argv) < 5 || strings.Join(c.Argv[:4], " ") != "aws account enable-region --region-name" {
		return false
	}
	_, err := account.NewFromConfig(env.RootConfig(c.Account, c.Region)).EnableRegion(ctx(),
		&account.EnableRegionInput{RegionName: aws.String(c.Argv[4])})
	if err != nil {
		t.Fatalf("EnableRegion %s in %s: %v", c.Argv[4], c.Account, err)
	}
	return true
}
