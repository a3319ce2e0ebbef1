// Package lazyregexp compiles a package-level regular expression when it
// is first used instead of at every start of amity: the binary links every
// service, doctor and scenario, and most of their expressions are never
// used by a given process (amity serve never explains; amity doctor never
// serves).
package lazyregexp

import (
	"regexp"
	"sync"
)

// New returns a function that compiles expr on its first call, panicking
// as regexp.MustCompile does on a bad expression, and returns the same
// *regexp.Regexp on every call.
func New(expr string) func() *regexp.Regexp {
	return sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(expr) })
}
