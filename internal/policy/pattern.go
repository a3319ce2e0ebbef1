package policy

import (
	"strings"
	"unicode/utf8"
)

// A pattern is a compiled policy string that may hold the wildcards `*` and
// `?` and, in 2012-10-17 documents, policy variables such as
// ${aws:username}. Matching resolves variables from the request context in
// place (no string is built), so matching never allocates.
type pattern struct {
	raw    string
	tokens []token // nil when raw is matched literally
}

type tokenKind uint8

const (
	tokLiteral tokenKind = iota
	tokStar              // `*`: any run of characters, possibly empty
	tokOne               // `?`: exactly one character
	tokVar               // ${key} or ${key, 'default'}
)

type token struct {
	kind   tokenKind
	text   string // literal text, or the lower-cased context key of a variable
	def    string // a variable's default value
	hasDef bool
}

// compilePattern tokenizes s. Wildcards are honoured when wild is true;
// variables when vars is true (2012-10-17 documents only).
func compilePattern(s string, wild, vars bool) pattern {
	p := pattern{raw: s}
	if !(wild && strings.ContainsAny(s, "*?")) && !(vars && strings.Contains(s, "${")) {
		return p
	}
	var lit strings.Builder
	flush := func() {
		if lit.Len() > 0 {
			p.tokens = append(p.tokens, token{kind: tokLiteral, text: lit.String()})
			lit.Reset()
		}
	}
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case wild && c == '*':
			flush()
			p.tokens = append(p.tokens, token{kind: tokStar})
			i++
		case wild && c == '?':
			flush()
			p.tokens = append(p.tokens, token{kind: tokOne})
			i++
		case vars && c == '$' && strings.HasPrefix(s[i:], "${"):
			end := strings.IndexByte(s[i:], '}')
			if end < 0 {
				lit.WriteString(s[i:])
				i = len(s)
				continue
			}
			t, ok := parseVariable(s[i+2 : i+end])
			if !ok {
				lit.WriteString(s[i : i+end+1])
			} else if t.kind == tokLiteral {
				lit.WriteString(t.text) // ${*}, ${?}, ${$}: an escaped character
			} else {
				flush()
				p.tokens = append(p.tokens, t)
			}
			i += end + 1
		default:
			lit.WriteByte(c)
			i++
		}
	}
	flush()
	return p
}

// parseVariable reads the inside of ${...}: a context key with an optional
// default in single quotes, or one of the escapes *, ? and $.
func parseVariable(body string) (token, bool) {
	switch body {
	case "*", "?", "$":
		return token{kind: tokLiteral, text: body}, true
	}
	key, def, hasDef := strings.Cut(body, ",")
	key = strings.TrimSpace(key)
	if key == "" || strings.ContainsAny(key, " '") {
		return token{}, false
	}
	t := token{kind: tokVar, text: strings.ToLower(key)}
	if hasDef {
		def = strings.TrimSpace(def)
		if len(def) < 2 || def[0] != '\'' || def[len(def)-1] != '\'' {
			return token{}, false
		}
		t.def, t.hasDef = def[1:len(def)-1], true
	}
	return t, true
}

// hasVariables reports whether matching depends on the request context.
func (p *pattern) hasVariables() bool {
	for _, t := range p.tokens {
		if t.kind == tokVar {
			return true
		}
	}
	return false
}

// resolve returns the value of a variable token. ok is false when the key is
// absent (or multi-valued) and there is no default: AWS then treats the
// element holding the variable as not matching.
func (t *token) resolve(ctx Context) (string, bool) {
	if v := ctx.Values(t.text); len(v) == 1 {
		return v[0], true
	}
	if t.hasDef {
		return t.def, true
	}
	return "", false
}

// match reports whether s matches the pattern. fold selects ASCII
// case-insensitive comparison (actions); resolved reports false when a
// variable could not be resolved.
func (p *pattern) match(s string, ctx Context, fold bool) (matched, resolved bool) {
	if p.tokens == nil {
		if fold {
			return equalFold(p.raw, s), true
		}
		return p.raw == s, true
	}
	return globTokens(p.tokens, s, ctx, fold)
}

// globTokens is the classic wildcard matcher generalised to literal runs:
// on a mismatch it backtracks to the last `*` only, which suffices because a
// later star can absorb anything an earlier one could.
func globTokens(toks []token, s string, ctx Context, fold bool) (matched, resolved bool) {
	ti, si := 0, 0
	starTi, starSi := -1, 0
	for {
		if ti < len(toks) {
			t := &toks[ti]
			switch t.kind {
			case tokStar:
				if ti == len(toks)-1 {
					return true, true // a trailing star takes the rest
				}
				starTi, starSi = ti, si
				ti++
				continue
			case tokOne:
				if si < len(s) {
					_, size := utf8.DecodeRuneInString(s[si:])
					si += size
					ti++
					continue
				}
			case tokLiteral:
				if hasPrefix(s[si:], t.text, fold) {
					si += len(t.text)
					ti++
					continue
				}
			case tokVar:
				v, ok := t.resolve(ctx)
				if !ok {
					return false, false
				}
				if hasPrefix(s[si:], v, fold) {
					si += len(v)
					ti++
					continue
				}
			}
		} else if si == len(s) {
			return true, true
		}
		if starTi < 0 || starSi >= len(s) {
			return false, true
		}
		_, size := utf8.DecodeRuneInString(s[starSi:])
		starSi += size
		si, ti = starSi, starTi+1
	}
}

func hasPrefix(s, prefix string, fold bool) bool {
	if len(s) < len(prefix) {
		return false
	}
	if fold {
		return equalFold(s[:len(prefix)], prefix)
	}
	return s[:len(prefix)] == prefix
}

// equalFold is strings.EqualFold with a fast path for ASCII, which is what
// actions and most condition values are: it fails at the first differing
// byte instead of decoding runes.
func equalFold(a, b string) bool {
	n := min(len(a), len(b))
	for i := 0; i < n; i++ {
		ca, cb := a[i], b[i]
		if ca|cb >= utf8.RuneSelf {
			return strings.EqualFold(a[i:], b[i:])
		}
		if ca != cb && lowerASCII(ca) != lowerASCII(cb) {
			return false
		}
	}
	return len(a) == len(b)
}

func lowerASCII(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}
