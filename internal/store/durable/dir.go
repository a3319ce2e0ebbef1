//go:build !windows

package durable

import (
	"errors"
	"os"
)

// Dir makes the entries made in dir durable: a file created or linked
// there survives a power loss under its name.
func Dir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	return errors.Join(d.Sync(), d.Close())
}
