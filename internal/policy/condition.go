package policy

import (
	"net/netip"
	"strconv"
	"strings"
	"time"
)

// condition is one key under one operator of a Condition block:
// {"StringEquals": {"kms:CallerAccount": ["111122223333"]}}.
type condition struct {
	operator  string // as written, for traces
	op        operator
	qualifier qualifier
	ifExists  bool
	key       string // lower-cased: condition key names are case-insensitive
	keyName   string // as written
	values    []condValue
	hasVars   bool // some value holds a policy variable
}

// condValue is one policy value, parsed once for its operator's family.
type condValue struct {
	raw  string
	text pattern    // string families: literal text, variables, wildcards (Like)
	arn  arnPattern // famARN
	num  float64    // famNumeric
	time time.Time  // famDate
	flag bool       // famBool and famNull
	ip   netip.Prefix
}

// compileValue parses raw for op. ok is false when raw is not a value of
// the operator's type (a date that does not parse, say).
func compileValue(op operator, raw string, vars bool) (condValue, bool) {
	v := condValue{raw: raw}
	switch op.family {
	case famString, famStringIgnoreCase:
		v.text = compilePattern(raw, false, vars)
	case famStringLike:
		v.text = compilePattern(raw, true, vars)
	case famARN:
		v.arn = compileARNPattern(raw, vars)
	case famNumeric:
		n, err := strconv.ParseFloat(raw, 64)
		if err != nil {
			return v, false
		}
		v.num = n
	case famDate:
		t, ok := parseDate(raw)
		if !ok {
			return v, false
		}
		v.time = t
	case famBool, famNull:
		v.flag = strings.EqualFold(raw, "true")
	case famIP:
		p, ok := parsePrefix(raw)
		if !ok {
			return v, false
		}
		v.ip = p
	}
	return v, true
}

// eval applies the condition to the request context, following the IAM
// guide's rules:
//   - a key absent from the request makes a positive operator false and a
//     negated one (StringNotEquals, ArnNotLike, ...) true;
//   - ...IfExists makes an absent key true;
//   - ForAllValues is true when every request value matches (so also for an
//     absent or empty key); ForAnyValue needs at least one matching value
//     (so it is false for an absent key);
//   - Null tests presence only;
//   - for Null and the set qualifiers, a key whose values are all empty
//     strings is null, as if absent: "If the key values in the request
//     resolve to an empty data set (for example, an empty string), a
//     condition operator modified by ForAllValues returns true, and a
//     condition operator modified by ForAnyValue returns false." A plain
//     operator compares the empty string like any other (s3:prefix "").
//
// A negated operator negates the match of each request value against the
// policy values ("not equal to any of them"); under ForAnyValue that is
// "some value matches none", not the negation of the whole result.
func (c *condition) eval(ctx Context) bool {
	if c.hasVars && !c.variablesResolve(ctx) {
		return false // an unresolvable variable: the condition cannot hold
	}
	vals := ctx.Values(c.key)
	if c.op.family == famNull {
		absent := isNull(vals)
		for i := range c.values {
			if c.values[i].flag == absent {
				return true
			}
		}
		return false
	}
	if len(vals) == 0 || (c.qualifier != single && isNull(vals)) {
		switch {
		case c.qualifier == forAll, c.ifExists:
			return true
		case c.qualifier == forAnyOne:
			return false
		}
		return c.op.negated
	}
	switch c.qualifier {
	case forAll:
		for _, v := range vals {
			if c.matchAny(v, ctx) == c.op.negated {
				return false
			}
		}
		return true
	case forAnyOne:
		for _, v := range vals {
			if c.matchAny(v, ctx) != c.op.negated {
				return true
			}
		}
		return false
	}
	// A single-valued operator on a key with several request values: true
	// when any value matches (negated: when none does).
	for _, v := range vals {
		if c.matchAny(v, ctx) {
			return !c.op.negated
		}
	}
	return c.op.negated
}

// isNull reports whether a key's request values are an empty data set: no
// value, or only empty strings.
func isNull(vals []string) bool {
	for _, v := range vals {
		if v != "" {
			return false
		}
	}
	return true
}

// variablesResolve reports whether every variable in the policy values has
// a value in ctx (or a default).
func (c *condition) variablesResolve(ctx Context) bool {
	for i := range c.values {
		v := &c.values[i]
		for j := range v.arn.segments {
			if !tokensResolve(v.arn.segments[j].tokens, ctx) {
				return false
			}
		}
		if !tokensResolve(v.text.tokens, ctx) {
			return false
		}
	}
	return true
}

func tokensResolve(toks []token, ctx Context) bool {
	for i := range toks {
		if toks[i].kind == tokVar {
			if _, ok := toks[i].resolve(ctx); !ok {
				return false
			}
		}
	}
	return true
}

// matchAny reports whether the request value v matches any policy value.
func (c *condition) matchAny(v string, ctx Context) bool {
	for i := range c.values {
		if c.values[i].matches(c.op, v, ctx) {
			return true
		}
	}
	return false
}

// matches compares one request value with one policy value. A policy value
// whose variable cannot be resolved matches nothing.
func (pv *condValue) matches(op operator, v string, ctx Context) bool {
	switch op.family {
	case famString, famStringLike:
		ok, _ := pv.text.match(v, ctx, false)
		return ok
	case famStringIgnoreCase:
		ok, _ := pv.text.match(v, ctx, true)
		return ok
	case famARN:
		ok, _ := pv.arn.match(v, ctx)
		return ok
	case famNumeric:
		n, err := strconv.ParseFloat(v, 64)
		return err == nil && compare(op.cmp, cmpFloat(n, pv.num))
	case famDate:
		t, ok := parseDate(v)
		return ok && compare(op.cmp, t.Compare(pv.time))
	case famBool:
		switch {
		case strings.EqualFold(v, "true"):
			return pv.flag
		case strings.EqualFold(v, "false"):
			return !pv.flag
		}
		return false
	case famBinary:
		return v == pv.raw
	case famIP:
		a, err := netip.ParseAddr(v)
		return err == nil && pv.ip.Contains(a.Unmap())
	}
	return false
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func compare(c comparison, sign int) bool {
	switch c {
	case cmpLt:
		return sign < 0
	case cmpLe:
		return sign <= 0
	case cmpGt:
		return sign > 0
	case cmpGe:
		return sign >= 0
	}
	return sign == 0
}

// dateLayouts are the ISO 8601 forms AWS accepts in Date conditions.
var dateLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05Z0700",
	"2006-01-02T15:04Z07:00",
	"2006-01-02T15:04:05",
	"2006-01-02T15:04",
	"2006-01-02",
}

// parseDate reads an ISO 8601 date or a count of seconds since the epoch.
func parseDate(s string) (time.Time, bool) {
	if s == "" {
		return time.Time{}, false
	}
	if isDigits(s) {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return time.Time{}, false
		}
		return time.Unix(n, 0).UTC(), true
	}
	for _, layout := range dateLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// parsePrefix reads a CIDR block or a single address (IPv4 or IPv6).
func parsePrefix(s string) (netip.Prefix, bool) {
	if strings.Contains(s, "/") {
		p, err := netip.ParsePrefix(s)
		if err != nil {
			return netip.Prefix{}, false
		}
		return p.Masked(), true
	}
	a, err := netip.ParseAddr(s)
	if err != nil {
		return netip.Prefix{}, false
	}
	a = a.Unmap()
	return netip.PrefixFrom(a, a.BitLen()), true
}
