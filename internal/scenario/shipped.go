package scenario

import (
	"fmt"
	"io/fs"

	"github.com/amityhq/amity/examples"
)

// Shipped are the scenarios under examples/, sorted by name (their
// files').
func Shipped() ([]*File, error) {
	names, err := fs.Glob(examples.Files, "*.yaml")
	if err != nil {
		return nil, err
	}
	var out []*File
	for _, name := range names {
		data, err := fs.ReadFile(examples.Files, name)
		if err != nil {
			return nil, err
		}
		f, err := Parse(data)
		if err != nil {
			return nil, fmt.Errorf("examples/%s: %w", name, err)
		}
		if f.Name+".yaml" != name {
			return nil, fmt.Errorf("examples/%s: its name is %s", name, f.Name)
		}
		out = append(out, f)
	}
	return out, nil
}
