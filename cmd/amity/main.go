// Command amity is AWS's encrypted-image system — KMS, IAM, STS, EC2/EBS,
// Image Builder, CloudTrail — running locally for any unmodified AWS client.
//
//	amity serve [--listen ADDR] [--data-dir DIR | --ephemeral] [--strict] [--bootstrap FILE] [--log-level LEVEL] [--log-format text|json]
//	amity accounts create [--id ACCOUNT] [--regions r1,r2] [--endpoint URL] [--data-dir DIR]
//	amity doctor [image ARN | instance ID | snapshot ID | event EVENT-OR-REQUEST-ID] [--json]
//	amity scenario list | run NAME|FILE [--fixed] [--endpoint-url URL] [--fresh-accounts] [--json]
//	amity version
//
// Each subcommand is built by a newXxxCommand constructor in its own file
// and added to the root in newRootCommand. Exit codes: 0 done, 1 failed,
// 2 the command line was wrong (its usage is printed); see exit.go.
package main

import (
	"io"
	"os"

	"github.com/spf13/cobra"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run runs the command line args and returns the exit code.
func run(args []string, stdout, stderr io.Writer) int {
	root := newRootCommand()
	root.SetArgs(args)
	root.SetOut(stdout)
	root.SetErr(stderr)
	cmd, err := root.ExecuteC()
	return exitCode(stderr, cmd, err)
}

// newRootCommand is amity's command line: its subcommands, --help and
// --version.
func newRootCommand() *cobra.Command {
	root := &cobra.Command{
		Use:   "amity",
		Short: "amity runs AWS's encrypted-image system locally",
		Long: "amity runs AWS's encrypted-image system locally: KMS, IAM, STS, EC2 with encrypted EBS,\n" +
			"Image Builder and CloudTrail, for unmodified AWS clients.",
		// run prints errors and usage, once.
		SilenceErrors: true,
		SilenceUsage:  true,
	}
	versionFlag(root, groupArgs, groupHelp)
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return &exitError{code: exitUsage, err: err} })
	root.AddCommand(newServeCommand(), newAccountsCommand(), newDoctorCommand(), newScenarioCommand(), newVersionCommand())
	return root
}

// group makes cmd a command that only holds subcommands: alone it prints
// its help; with a word that is none of its subcommands it is a usage
// error. (Cobra would print the help and succeed.)
func group(cmd *cobra.Command) { cmd.Args, cmd.RunE = groupArgs, groupHelp }

func groupArgs(c *cobra.Command, args []string) error {
	if len(args) > 0 {
		return usageError("unknown command %q for %q", args[0], c.CommandPath())
	}
	return nil
}

func groupHelp(c *cobra.Command, _ []string) error { return c.Help() }

// noArgs refuses positional arguments: a stray word must not silently
// swallow the flags after it.
func noArgs(c *cobra.Command, args []string) error {
	if len(args) > 0 {
		return usageError("unexpected argument %q: %q takes flags only", args[0], c.CommandPath())
	}
	return nil
}
