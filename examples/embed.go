// Package examples holds the scenarios amity ships — the seed articles'
// S1 to S6 as `amity scenario run` files, in the format README.md beside
// them describes — embedded in the binary.
package examples

import "embed"

// Files are the scenario files, NAME.yaml each.
//
//go:embed *.yaml
var Files embed.FS
