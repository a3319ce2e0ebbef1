package codegen

import (
	"fmt"
	"regexp"
	"strings"
)

// javaPattern is a model pattern translated for Go.
type javaPattern struct {
	expr      string // RE2 syntax; "" when it has no RE2 equivalent
	notPrefix string // a leading negative look-ahead of a literal, "^(?!aws:)"
	skipped   string // why expr is "", for a comment
	loosened  bool   // a repeat bound above RE2's 1000 was dropped
}

// bigRepeat is a {n,m} repetition whose bound RE2 refuses (above 1000).
var bigRepeat = regexp.MustCompile(`\{(\d+),(\d{4,})\}`)

// translatePattern translates a model pattern, written for Java's regex
// engine, into Go (RE2) syntax. Java reads \uXXXX as exactly four hex
// digits, so "\u10000" is U+1000 followed by "0", as here. A leading
// negative look-ahead of a literal becomes a forbidden prefix; other
// look-arounds and back-references have no RE2 equivalent. RE2 caps repeat
// counts at 1000: larger upper bounds are dropped (the shape's length limit
// usually says the same).
func translatePattern(java string) javaPattern {
	var p javaPattern
	rest := java
	if prefix, after, ok := leadingNegativeLookahead(rest); ok {
		p.notPrefix, rest = prefix, "^"+after
	}
	var b strings.Builder
	for i := 0; i < len(rest); i++ {
		c := rest[i]
		if c != '\\' || i+1 >= len(rest) {
			b.WriteByte(c)
			continue
		}
		next := rest[i+1]
		if next == 'u' && i+6 <= len(rest) && isHex(rest[i+2:i+6]) {
			b.WriteString(`\x{` + rest[i+2:i+6] + `}`)
			i += 5
			continue
		}
		b.WriteByte(c)
		b.WriteByte(next)
		i++
	}
	expr := bigRepeat.ReplaceAllStringFunc(b.String(), func(rep string) string {
		m := bigRepeat.FindStringSubmatch(rep)
		if len(m[1]) > 3 {
			return rep
		}
		p.loosened = true
		return "{" + m[1] + ",}"
	})
	if _, err := regexp.Compile(`^(?:` + expr + `)$`); err != nil {
		return javaPattern{skipped: fmt.Sprintf("no RE2 equivalent (%v)", err)}
	}
	p.expr = expr
	return p
}

// leadingNegativeLookahead splits "^(?!aws:)rest" into "aws:" and "rest"
// when the look-ahead holds a plain literal.
func leadingNegativeLookahead(java string) (prefix, rest string, ok bool) {
	if !strings.HasPrefix(java, "^(?!") {
		return "", "", false
	}
	body, rest, found := strings.Cut(java[len("^(?!"):], ")")
	if !found || body == "" || strings.ContainsAny(body, `\.[]{}()*+?|^$`) {
		return "", "", false
	}
	return body, rest, true
}

func isHex(s string) bool {
	for _, c := range s {
		if !strings.ContainsRune("0123456789abcdefABCDEF", c) {
			return false
		}
	}
	return true
}
