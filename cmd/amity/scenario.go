package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/amityhq/amity/internal/doctor"
	"github.com/amityhq/amity/internal/scenario"
)

// scenarioFlags are amity scenario run's options.
type scenarioFlags struct {
	endpoint      string
	fixed, json   bool
	freshAccounts bool
}

func newScenarioCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "scenario list | run NAME|FILE",
		Short: "Run the seed articles' scenarios (or your own) and see amity doctor explain them",
		Long: `amity scenario runs a declarative YAML scenario: it sets up accounts, keys,
policies, users, roles, images and Image Builder configurations through AWS's
APIs, runs a flow that fails as a seed article describes, and shows the
failure and amity doctor's explanation — or, with --fixed, applies the
article's fix first and shows the success. The shipped scenarios (amity
scenario list) are S1–S6; examples/README.md documents the format.`,
	}
	group(cmd)
	cmd.AddCommand(newScenarioListCommand(), newScenarioRunCommand())
	return cmd
}

func newScenarioListCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "list",
		Short: "List the shipped scenarios",
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			files, err := scenario.Shipped()
			if err != nil {
				return err
			}
			for _, f := range files {
				if _, err := fmt.Fprintf(cmd.OutOrStdout(), "%-36s %s\n", f.Name, f.Title); err != nil {
					return err
				}
			}
			return nil
		},
	}
}

func newScenarioRunCommand() *cobra.Command {
	var f scenarioFlags
	cmd := &cobra.Command{
		Use:   "run NAME|FILE",
		Short: "Run a scenario: the failure and amity doctor's explanation, or with --fixed the success",
		Long: `amity scenario run runs a shipped scenario (by name) or a scenario file, with a
progress line per step on standard error. Without --fixed the flow fails as
the seed article describes and amity doctor explains why; with --fixed the
article's fix is applied first and the flow succeeds.

It runs against the amity at --endpoint-url (or AWS_ENDPOINT_URL), or, when
none is given, an amity of its own in this process. Its accounts sign with
amity's convenience credentials (the account id, secret "test"): not with
amity serve --strict.

Exit status: 0 when the run ends as the scenario says (the failure explained,
or with --fixed the success), 1 when not, 2 on a usage error.`,
		Example: `  amity scenario run s6-start-without-create-grant
  amity scenario run --fixed s6-start-without-create-grant
  amity scenario run --endpoint-url http://127.0.0.1:4566 --fresh-accounts my-setup.yaml`,
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) != 1 {
				return usageError("amity scenario run takes one scenario: a name (amity scenario list) or a file")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			return runScenario(cmd.Context(), cmd.OutOrStdout(), cmd.ErrOrStderr(), f, args[0])
		},
	}
	fl := cmd.Flags()
	fl.BoolVar(&f.fixed, "fixed", false, "apply the seed article's fix first: the flow succeeds")
	fl.StringVar(&f.endpoint, "endpoint-url", "", "a running amity's URL (default: AWS_ENDPOINT_URL, else an amity in this process)")
	fl.BoolVar(&f.freshAccounts, "fresh-accounts", false, "give the scenario's accounts new random ids, to run it again on the same amity")
	fl.BoolVar(&f.json, "json", false, "print the result (with doctor's report) as JSON")
	return cmd
}

func runScenario(ctx context.Context, out, progress io.Writer, f scenarioFlags, name string) error {
	file, err := loadScenario(name)
	if err != nil {
		return err
	}
	opts := scenario.Options{Endpoint: f.endpoint, Fixed: f.fixed, FreshAccounts: f.freshAccounts, Progress: progress}
	if opts.Endpoint == "" {
		opts.Endpoint = os.Getenv("AWS_ENDPOINT_URL")
	}
	if opts.Endpoint == "" {
		local, err := scenario.StartLocal()
		if err != nil {
			return err
		}
		defer local.Close()
		opts.Endpoint = local.URL
	}
	fmt.Fprintf(progress, "%s: %s\n", file.Name, file.Title)
	res, err := scenario.Execute(ctx, file, opts)
	if err != nil && f.endpoint+os.Getenv("AWS_ENDPOINT_URL") != "" && !f.freshAccounts && strings.Contains(err.Error(), "AlreadyExists") {
		return fmt.Errorf("%w\n(this amity has run the scenario before: add --fresh-accounts)", err)
	}
	if err != nil {
		return err
	}
	if f.json {
		enc := json.NewEncoder(out)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		err = enc.Encode(res)
	} else {
		err = writeResult(out, res)
	}
	if err != nil {
		return err
	}
	if !res.AsExpected() {
		return &exitError{code: 1}
	}
	return nil
}

// loadScenario finds a shipped scenario by name, else reads a file.
func loadScenario(name string) (*scenario.File, error) {
	shipped, err := scenario.Shipped()
	if err != nil {
		return nil, err
	}
	for _, f := range shipped {
		if f.Name == name {
			return f, nil
		}
	}
	data, err := os.ReadFile(name)
	if os.IsNotExist(err) && !strings.ContainsAny(name, "/.") {
		return nil, usageError("amity scenario: no scenario %q (amity scenario list names them) and no such file", name)
	}
	if err != nil {
		return nil, usageError("amity scenario: %v", err)
	}
	f, err := scenario.Parse(data)
	if err != nil {
		return nil, usageError("%s: %v", name, err)
	}
	return f, nil
}

// writeResult says how the run ended, for people, with doctor's report
// when the flow failed.
func writeResult(out io.Writer, res *scenario.Result) error {
	var verdict string
	switch {
	case res.Succeeded && res.Fixed:
		verdict = "SUCCEEDED with the fix applied, as expected."
	case res.Succeeded:
		verdict = "SUCCEEDED without the fix: the scenario did not fail as it should."
	case res.Fixed:
		verdict = "FAILED with the fix applied: " + res.Failure + "."
	default:
		verdict = "FAILED without the fix, as expected: " + res.Failure + "."
	}
	if _, err := fmt.Fprintln(out, verdict); err != nil || res.Doctor == nil {
		return err
	}
	if _, err := fmt.Fprintln(out, "\namity doctor:"); err != nil {
		return err
	}
	if err := writeReports(out, []*doctor.Report{res.Doctor}, false, 0); err != nil || res.Fixed || res.AsExpected() {
		return err
	}
	named := "none"
	if res.Doctor.Cause != nil {
		named = res.Doctor.Cause.ID
	}
	_, err := fmt.Fprintf(out, "\nThe scenario expects amity doctor to name a cause (%s); it named %s.\n", orAny(res.ExpectedCause), named)
	return err
}

func orAny(cause string) string {
	if cause == "" {
		return "any"
	}
	return cause
}
