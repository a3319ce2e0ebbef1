// Command gen generates an internal/api/<svc>api package from AWS's service
// model. Run it through go generate in that package's directory:
//
//	//go:generate go run ../../wire/gen -service kms -version 2014-11-01
//
// It reads allowlist.txt (the operations amity serves) and overrides.txt
// (where AWS differs from its model) from that directory, finds the model
// in botocore's data (preferred, newest) or the aws-sdk-go v1 module, and
// rewrites the generated files there.
package main

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/amityhq/amity/internal/wire/codegen"
	"github.com/amityhq/amity/internal/wire/model"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	cfg, err := codegen.ParseArgs(args, ".")
	if err != nil {
		return err
	}
	m, source, err := model.LoadFirst(model.Discover(), cfg.Service, cfg.Version)
	if err != nil {
		return err
	}
	files, err := codegen.Generate(m, source.Name, cfg)
	if err != nil {
		return fmt.Errorf("%s/%s: %w", cfg.Service, cfg.Version, err)
	}
	stale, err := filepath.Glob("*.go")
	if err != nil {
		return err
	}
	for _, name := range stale {
		if codegen.IsGenerated(name) {
			if err := os.Remove(name); err != nil {
				return err
			}
		}
	}
	for name, src := range files {
		if err := os.WriteFile(name, src, 0o644); err != nil {
			return err
		}
	}
	return nil
}
