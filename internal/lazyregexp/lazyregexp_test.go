package lazyregexp_test

import (
	"testing"

	"github.com/amityhq/amity/internal/lazyregexp"
)

func TestNewCompilesOnce(t *testing.T) {
	re := lazyregexp.New(`^a+$`)
	if first := re(); first != re() || !first.MatchString("aaa") || first.MatchString("b") {
		t.Error("a lazy expression is compiled once and matches as regexp does")
	}
}

func TestNewPanicsOnUseOfABadExpression(t *testing.T) {
	re := lazyregexp.New(`(`) // no panic yet: nothing compiled
	defer func() {
		if recover() == nil {
			t.Error("a bad expression panics when first used, as MustCompile does")
		}
	}()
	re()
}
