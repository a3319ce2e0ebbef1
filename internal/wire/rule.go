package wire

import (
	"regexp"
	"strings"

	"github.com/amityhq/amity/internal/lazyregexp"
)

// Rule is the constraints a model puts on one shape. Generated code declares
// one Rule per constrained shape; a nil *Rule means "no constraints".
type Rule struct {
	Min, Max  *Limit   // length (strings, blobs, lists, maps) or value (numbers)
	Pattern   *Pattern // strings only
	Enum      []string // strings only, in model order
	Sensitive bool     // AWS leaves the value out of messages
}

// Limit is a min or max bound.
type Limit struct {
	Value float64
	Text  string // as AWS prints it: "1", "4096", "1.0"
}

// Pattern is a model regular expression, compiled on first use: services
// have hundreds and most requests check none.
type Pattern struct {
	Text      string // the model's (Java) pattern, quoted verbatim in messages
	re        func() *regexp.Regexp
	notPrefix string
}

// NewPattern returns the pattern text, matched as the Go expression expr,
// which the generator has translated from Java syntax and checked to
// compile. Java's String.matches anchors both ends; so does the match here.
// An empty expr is a pattern Go's regexp cannot express (look-arounds): it
// matches everything, but messages still quote it as AWS does.
func NewPattern(text, expr string) *Pattern {
	p := &Pattern{Text: text}
	if expr != "" {
		p.re = lazyregexp.New(`^(?:` + expr + `)$`)
	}
	return p
}

// NotPrefixed adds the condition that values do not start with prefix: the
// generator's rendering of a leading negative look-ahead such as "^(?!aws:)".
func (p *Pattern) NotPrefixed(prefix string) *Pattern {
	p.notPrefix = prefix
	return p
}

// Match reports whether s matches the whole pattern.
func (p *Pattern) Match(s string) bool {
	if p.notPrefix != "" && strings.HasPrefix(s, p.notPrefix) {
		return false
	}
	return p.re == nil || p.re().MatchString(s)
}

// constraints lists the rule's constraints as AWS prints them inside
// "Member must satisfy constraint: [...]": max, min, pattern, enum.
func (r *Rule) constraints(value bool) string {
	var parts []string
	if r.Max != nil {
		parts = append(parts, maxText(r.Max, value))
	}
	if r.Min != nil {
		parts = append(parts, minText(r.Min, value))
	}
	if r.Pattern != nil {
		parts = append(parts, patternText(r.Pattern))
	}
	if r.Enum != nil {
		parts = append(parts, enumText(r.Enum))
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

// The constraint texts of AWS's (Coral's) validation messages.
const notNullText = "Member must not be null"

func maxText(l *Limit, value bool) string {
	if value {
		return "Member must have value less than or equal to " + l.Text
	}
	return "Member must have length less than or equal to " + l.Text
}

func minText(l *Limit, value bool) string {
	if value {
		return "Member must have value greater than or equal to " + l.Text
	}
	return "Member must have length greater than or equal to " + l.Text
}

func patternText(p *Pattern) string {
	return "Member must satisfy regular expression pattern: " + p.Text
}

func enumText(values []string) string {
	return "Member must satisfy enum value set: [" + strings.Join(values, ", ") + "]"
}
