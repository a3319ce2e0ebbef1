package main

import "fmt"

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

// usageError is a usage error: exit code 2.
func usageError(format string, args ...any) error {
	return &exitError{code: 2, err: fmt.Errorf(format, args...)}
}
