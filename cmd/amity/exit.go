package main

import (
	"errors"
	"fmt"
	"io"

	"github.com/spf13/cobra"
)

// The exit codes.
const (
	exitOK      = 0
	exitFailure = 1
	exitUsage   = 2
)

// exitError ends amity with an exit code other than 1: 2 for usage
// errors, or a command's verdict (amity doctor's 1 when something failed,
// with nothing more to print).
type exitError struct {
	code int
	err  error // printed after "amity:", unless nil
}

func (e *exitError) Error() string {
	if e.err == nil {
		return fmt.Sprintf("exit status %d", e.code)
	}
	return e.err.Error()
}

func (e *exitError) Unwrap() error { return e.err }

// usageError is a command line that cannot be run as written (an unknown
// command or flag, a stray argument, a flag's value out of range): exit
// code 2.
func usageError(format string, args ...any) error {
	return &exitError{code: exitUsage, err: fmt.Errorf(format, args...)}
}

// exitCode prints err, if any — once, after one "amity:" — followed, for
// a usage error, by the usage of cmd, the command it concerns; and says
// amity's exit status for it.
func exitCode(stderr io.Writer, cmd *cobra.Command, err error) int {
	var e *exitError
	switch {
	case err == nil:
		return exitOK
	case !errors.As(err, &e):
		fmt.Fprintln(stderr, "amity:", err)
		return exitFailure
	}
	if e.err != nil {
		fmt.Fprintln(stderr, "amity:", e.err)
	}
	if e.code == exitUsage {
		fmt.Fprint(stderr, "\n", cmd.UsageString())
	}
	return e.code
}
