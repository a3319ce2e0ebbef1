package main

import (
	"fmt"

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
			fmt.Fprintln(c.OutOrStdout(), "amity", app.Version)
		},
	}
}
