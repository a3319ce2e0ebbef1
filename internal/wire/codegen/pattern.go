package codegen

import (
	"fmt"
	"regexp"
	"strings"
)

// goPattern translates a model pattern, written for Java's regex engine,
// into Go (RE2) syntax. Java reads \uXXXX as exactly four hex digits, so
// "\u10000" is U+1000 followed by "0", as here. Patterns RE2 cannot express
// (look-arounds, back-references) fail; the caller leaves them unchecked.
func goPattern(java string) (string, error) {
	var b strings.Builder
	for i := 0; i < len(java); i++ {
		c := java[i]
		if c != '\\' || i+1 >= len(java) {
			b.WriteByte(c)
			continue
		}
		next := java[i+1]
		if next == 'u' && i+6 <= len(java) && isHex(java[i+2:i+6]) {
			b.WriteString(`\x{` + java[i+2:i+6] + `}`)
			i += 5
			continue
		}
		b.WriteByte(c)
		b.WriteByte(next)
		i++
	}
	expr := b.String()
	if _, err := regexp.Compile(`^(?:` + expr + `)$`); err != nil {
		return "", fmt.Errorf("pattern %q has no RE2 equivalent: %w", java, err)
	}
	return expr, nil
}

func isHex(s string) bool {
	for _, c := range s {
		if !strings.ContainsRune("0123456789abcdefABCDEF", c) {
			return false
		}
	}
	return true
}
