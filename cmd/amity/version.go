package main

import (
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/amityhq/amity/internal/app"
)

// newVersionCommand is `amity version`, which prints what `amity
// --version` prints.
func newVersionCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print amity's version",
		Args:  noArgs,
		Run: func(c *cobra.Command, _ []string) {
			printVersion(c.OutOrStdout())
		},
	}
}

func printVersion(w io.Writer) { fmt.Fprintln(w, "amity", app.Version) }

// versionFlag gives root -v/--version and otherwise its args and run, which prints what `amity version`
// prints, whatever else is on the command line (as Cobra's own does; --help
// still wins). Cobra's own flag (Command.Version) would print it through a
// text/template, and text/template's reflection (MethodByName) keeps the
// linker from dropping any exported method of any type in the binary: with
// it amity was 84 MB instead of 32, every AWS SDK client's thousands of
// methods kept, their types' descriptors loaded at every start.
func versionFlag(root *cobra.Command, args cobra.PositionalArgs, run func(*cobra.Command, []string) error) {
	var asked bool
	root.Flags().BoolVarP(&asked, "version", "v", false, "version for "+root.Name())
	root.Args = func(c *cobra.Command, a []string) error {
		if asked {
			return nil
		}
		return args(c, a)
	}
	root.RunE = func(c *cobra.Command, a []string) error {
		if asked {
			printVersion(c.OutOrStdout())
			return nil
		}
		return run(c, a)
	}
}
