package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/amityhq/amity/internal/doctor"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/feature/ec2/imds"
	"github.com/spf13/cobra"
)

// doctorFlags are amity doctor's options; the endpoint, profile and Region
// follow the AWS CLI's conventions.
type doctorFlags struct {
	endpoint, profile, region string
	json                      bool
	since                     time.Duration
}

func newDoctorCommand() *cobra.Command {
	var f doctorFlags
	cmd := &cobra.Command{
		Use:   "doctor [image ARN|AMI-ID | instance ID | snapshot ID | event EVENT-OR-REQUEST-ID]",
		Short: "Explain a failure: its cause, the statements that decided, the minimal fixes",
		Long: `amity doctor asks a running amity why an Image Builder image, an instance,
a snapshot or a request (its request id or CloudTrail event id) failed, and prints the root cause, the policy
statements that decided it, and the minimal fixes — least privilege first —
as the documents to apply and the AWS CLI commands that apply them. With no
argument it explains the account's recent failures in the Region.

It signs with your AWS credentials (environment, --profile, shared config) and
sees what their account may see. Exit status: 1 when something failed, 0 when
all is well, 2 on a usage error.`,
		Example: `  amity doctor instance i-0123456789abcdef0
  amity doctor image arn:aws:imagebuilder:us-east-1:111122223333:image/app/1.0.0/1
  amity doctor --json snapshot snap-0123456789abcdef0
  amity doctor --since 30m`,
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) > 2 {
				return usageError("amity doctor takes a kind and an id, or an id, or nothing; not %d arguments", len(args))
			}
			return nil
		},
		SilenceUsage:  true,
		SilenceErrors: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runDoctor(cmd.Context(), cmd.OutOrStdout(), f, args)
		},
	}
	cmd.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return &exitError{code: 2, err: err} })
	fl := cmd.Flags()
	fl.StringVar(&f.endpoint, "endpoint-url", "", "amity's URL (default: AWS_ENDPOINT_URL, the profile's endpoint_url, or http://"+defaultListen+")")
	fl.StringVar(&f.profile, "profile", "", "a named profile of the shared AWS config")
	fl.StringVar(&f.region, "region", "", "the Region (default: AWS_REGION, AWS_DEFAULT_REGION or the profile's)")
	fl.BoolVar(&f.json, "json", false, "print the report as JSON")
	fl.DurationVar(&f.since, "since", time.Hour, "with no argument: how far back to look")
	return cmd
}

func runDoctor(ctx context.Context, out io.Writer, f doctorFlags, args []string) error {
	kind, id, err := doctorSubject(args)
	if err != nil {
		return err
	}
	client, err := doctorClient(ctx, f)
	if err != nil {
		return err
	}
	var (
		reports []*doctor.Report
		answer  any
	)
	if kind == "" {
		reports, err = client.Recent(ctx, f.since)
		answer = doctor.RecentReports{Reports: reports}
	} else {
		var r *doctor.Report
		r, err = client.Explain(ctx, kind, id)
		reports, answer = []*doctor.Report{r}, r
	}
	if err != nil {
		return err
	}
	if f.json {
		enc := json.NewEncoder(out)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		err = enc.Encode(answer)
	} else {
		err = writeReports(out, reports, kind == "", f.since)
	}
	if err != nil {
		return err
	}
	for _, r := range reports {
		if r.Failed {
			return &exitError{code: 1}
		}
	}
	return nil
}

// doctorSubject reads what to explain: a kind and an id, or an id alone
// whose form says its kind, or nothing (the recent failures).
func doctorSubject(args []string) (kind, id string, err error) {
	switch len(args) {
	case 0:
		return "", "", nil
	case 2:
		switch args[0] {
		case doctor.KindImage, doctor.KindInstance, doctor.KindSnapshot, doctor.KindEvent:
			return args[0], args[1], nil
		}
		return "", "", usageError("amity doctor explains an image, instance, snapshot or event, not %q", args[0])
	}
	id = args[0]
	switch {
	case strings.HasPrefix(id, "i-"):
		return doctor.KindInstance, id, nil
	case strings.HasPrefix(id, "snap-"):
		return doctor.KindSnapshot, id, nil
	case strings.HasPrefix(id, "ami-"), strings.HasPrefix(id, "arn:aws:imagebuilder:"):
		return doctor.KindImage, id, nil
	}
	return "", "", usageError("amity doctor: say what %q is: image, instance, snapshot or event", id)
}

// doctorClient signs with the AWS credentials the AWS CLI would use.
func doctorClient(ctx context.Context, f doctorFlags) (*doctor.Client, error) {
	opts := []func(*config.LoadOptions) error{config.WithEC2IMDSClientEnableState(imds.ClientDisabled)}
	if f.profile != "" {
		opts = append(opts, config.WithSharedConfigProfile(f.profile))
	}
	if f.region != "" {
		opts = append(opts, config.WithRegion(f.region))
	}
	cfg, err := config.LoadDefaultConfig(ctx, opts...)
	if err != nil {
		return nil, err
	}
	if cfg.Region == "" {
		return nil, usageError("amity doctor: no Region: pass --region or set AWS_REGION")
	}
	endpoint := f.endpoint
	if endpoint == "" && cfg.BaseEndpoint != nil {
		endpoint = *cfg.BaseEndpoint
	}
	if endpoint == "" {
		endpoint = "http://" + envOr("AMITY_LISTEN", defaultListen)
	}
	return &doctor.Client{Endpoint: endpoint, Region: cfg.Region, Credentials: cfg.Credentials}, nil
}

// writeReports prints reports for people, in colour on a terminal.
func writeReports(out io.Writer, reports []*doctor.Report, recent bool, since time.Duration) error {
	style := doctor.TextStyle{Color: isTerminal(out) && os.Getenv("NO_COLOR") == ""}
	if recent && len(reports) == 0 {
		_, err := fmt.Fprintf(out, "No failures in the last %s for these credentials' account in this Region.\n", since)
		return err
	}
	for i, r := range reports {
		if i > 0 {
			if _, err := fmt.Fprintln(out, "\n"+strings.Repeat("-", doctor.Width)); err != nil {
				return err
			}
		}
		if err := r.WriteText(out, style); err != nil {
			return err
		}
	}
	return nil
}

// isTerminal reports whether w is a character device (a terminal).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}
