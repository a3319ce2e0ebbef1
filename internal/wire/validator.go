package wire

import (
	"slices"
	"strconv"
	"strings"
)

// Validator collects the constraint violations of one input. Generated
// Validate methods call it member by member, in model order; codecs then
// turn what it found into the protocol's error (Err or EC2Err).
//
// Member names passed in are the names AWS reports: lowerCamel member names
// for Coral services (KMS, IAM, ...), query parameter names for EC2. A valid
// input costs no allocation.
type Validator struct {
	path       []step
	violations []violation
}

// step is one level of the path from the input to the value being checked.
type step struct {
	name  string
	index int    // list element (0-based), or -1
	key   string // map entry key, when isKey
	isKey bool
}

// valueKind says how a violation shows the offending value.
type valueKind uint8

const (
	valueShown  valueKind = iota // Value 'abc' at ...
	valueNull                    // Value null at ...
	valueHidden                  // Value at ... (sensitive shapes)
)

type violation struct {
	path       []step
	kind       valueKind
	value      string // rendered as AWS (Java) prints it
	constraint string
	missing    bool // a required member is absent
}

// Enter descends into structure member name.
func (v *Validator) Enter(name string) { v.path = append(v.path, step{name: name, index: -1}) }

// EnterIndex descends into element i of list member name.
func (v *Validator) EnterIndex(name string, i int) {
	v.path = append(v.path, step{name: name, index: i})
}

// EnterKey descends into the value of key in map member name.
func (v *Validator) EnterKey(name, key string) {
	v.path = append(v.path, step{name: name, index: -1, key: key, isKey: true})
}

// Leave undoes the last Enter.
func (v *Validator) Leave() { v.path = v.path[:len(v.path)-1] }

// Valid reports whether no violation was found.
func (v *Validator) Valid() bool { return len(v.violations) == 0 }

func (v *Validator) add(name string, kind valueKind, value, constraint string) {
	path := append(slices.Clip(v.path), step{name: name, index: -1})
	v.violations = append(v.violations, violation{path: path, kind: kind, value: value, constraint: constraint})
}

// missing records that required member name is absent.
func (v *Validator) missing(name string, r *Rule) {
	kind := valueNull
	if r != nil && r.Sensitive {
		kind = valueHidden
	}
	v.add(name, kind, "", notNullText)
	v.violations[len(v.violations)-1].missing = true
}

// show is how a violation presents a value of a shape with rule r.
func show(r *Rule) valueKind {
	if r.Sensitive {
		return valueHidden
	}
	return valueShown
}

// Present reports whether a member with no other constraint (structure,
// boolean, timestamp) is there, recording a violation if it is required and
// absent.
func (v *Validator) Present(name string, present, required bool) bool {
	if !present && required {
		v.missing(name, nil)
	}
	return present
}

// String checks a string member.
func (v *Validator) String(name string, s *string, required bool, r *Rule) {
	if s == nil {
		if required {
			v.missing(name, r)
		}
		return
	}
	if r == nil {
		return
	}
	for _, c := range r.stringViolations(*s) {
		v.add(name, show(r), *s, c)
	}
}

// stringViolations lists what s breaks, in the order AWS reports it: enum,
// pattern, then length. Lengths count UTF-16 code units, as Java does.
func (r *Rule) stringViolations(s string) []string {
	var out []string
	if r.Enum != nil && !slices.Contains(r.Enum, s) {
		out = append(out, enumText(r.Enum))
	}
	if r.Pattern != nil && !r.Pattern.Match(s) {
		out = append(out, patternText(r.Pattern))
	}
	return append(out, r.lengthViolations(utf16Len(s))...)
}

func (r *Rule) lengthViolations(n int) []string {
	if r.Min != nil && float64(n) < r.Min.Value {
		return []string{minText(r.Min, false)}
	}
	if r.Max != nil && float64(n) > r.Max.Value {
		return []string{maxText(r.Max, false)}
	}
	return nil
}

func (r *Rule) valueViolations(f float64) []string {
	if r.Min != nil && f < r.Min.Value {
		return []string{minText(r.Min, true)}
	}
	if r.Max != nil && f > r.Max.Value {
		return []string{maxText(r.Max, true)}
	}
	return nil
}

// utf16Len is the length of s in UTF-16 code units (Java's String.length).
func utf16Len(s string) int {
	n := 0
	for _, c := range s {
		n++
		if c > 0xFFFF {
			n++
		}
	}
	return n
}

// Blob checks a blob member. AWS shows blobs as Java prints a ByteBuffer.
func (v *Validator) Blob(name string, b []byte, required bool, r *Rule) {
	if b == nil {
		if required {
			v.missing(name, r)
		}
		return
	}
	if r == nil {
		return
	}
	for _, c := range r.lengthViolations(len(b)) {
		n := strconv.Itoa(len(b))
		v.add(name, show(r), "java.nio.HeapByteBuffer[pos=0 lim="+n+" cap="+n+"]", c)
	}
}

// Int32 checks an integer member.
func (v *Validator) Int32(name string, n *int32, required bool, r *Rule) {
	if n == nil {
		if required {
			v.missing(name, r)
		}
		return
	}
	if r != nil {
		for _, c := range r.valueViolations(float64(*n)) {
			v.add(name, show(r), strconv.FormatInt(int64(*n), 10), c)
		}
	}
}

// Int64 checks a long member.
func (v *Validator) Int64(name string, n *int64, required bool, r *Rule) {
	if n == nil {
		if required {
			v.missing(name, r)
		}
		return
	}
	if r != nil {
		for _, c := range r.valueViolations(float64(*n)) {
			v.add(name, show(r), strconv.FormatInt(*n, 10), c)
		}
	}
}

// Float64 checks a double or float member.
func (v *Validator) Float64(name string, f *float64, required bool, r *Rule) {
	if f == nil {
		if required {
			v.missing(name, r)
		}
		return
	}
	if r != nil {
		for _, c := range r.valueViolations(*f) {
			v.add(name, show(r), javaDouble(*f), c)
		}
	}
}

// javaDouble prints f as Java's Double.toString does for ordinary values.
func javaDouble(f float64) string {
	s := strconv.FormatFloat(f, 'f', -1, 64)
	if !strings.ContainsAny(s, ".eEN") {
		s += ".0"
	}
	return s
}

// Collection checks the presence and size of a list or map member whose
// elements the generated code then visits itself (structures, nested
// collections). It reports whether there is anything to visit.
func (v *Validator) Collection(name string, n int, present, required bool, r *Rule) bool {
	if !present {
		if required {
			v.missing(name, r)
		}
		return false
	}
	if r != nil {
		// AWS would print the elements with Java's toString, which amity
		// cannot reproduce for structures: the value is left out.
		for _, c := range r.lengthViolations(n) {
			v.add(name, valueHidden, "", c)
		}
	}
	return true
}

// StringList checks a list of strings: its size against list, each element
// against member. AWS reports bad elements once, at the list, with every
// constraint of the element shape.
func (v *Validator) StringList(name string, l []string, required bool, list, member *Rule) {
	if l == nil {
		if required {
			v.missing(name, list)
		}
		return
	}
	var shown []byte
	render := func() string {
		if shown == nil {
			shown = append(shown, '[')
			for i, s := range l {
				if i > 0 {
					shown = append(shown, ", "...)
				}
				shown = append(shown, s...)
			}
			shown = append(shown, ']')
		}
		return string(shown)
	}
	if list != nil {
		for _, c := range list.lengthViolations(len(l)) {
			v.add(name, show(list), render(), c)
		}
	}
	if member == nil {
		return
	}
	for _, s := range l {
		if len(member.stringViolations(s)) > 0 {
			v.add(name, show(member), render(), "Member must satisfy constraint: "+member.constraints(false))
			return
		}
	}
}

// StringMap checks a map of strings: its size, then its keys, then its
// values, each reported once for the whole map as AWS does.
func (v *Validator) StringMap(name string, m map[string]string, required bool, rule, key, value *Rule) {
	if m == nil {
		if required {
			v.missing(name, rule)
		}
		return
	}
	kind := valueShown
	for _, r := range []*Rule{rule, key, value} {
		if r != nil && r.Sensitive {
			kind = valueHidden
		}
	}
	render := func() string {
		var b []byte
		b = append(b, '{')
		for i, k := range sortedKeys(m) {
			if i > 0 {
				b = append(b, ", "...)
			}
			b = append(b, k...)
			b = append(b, '=')
			b = append(b, m[k]...)
		}
		return string(append(b, '}'))
	}
	if rule != nil {
		for _, c := range rule.lengthViolations(len(m)) {
			v.add(name, kind, render(), c)
		}
	}
	if key != nil && anyString(m, func(k, _ string) bool { return len(key.stringViolations(k)) > 0 }) {
		v.add(name, kind, render(), "Map keys must satisfy constraint: "+key.constraints(false))
	}
	if value != nil && anyString(m, func(_, s string) bool { return len(value.stringViolations(s)) > 0 }) {
		v.add(name, kind, render(), "Map value must satisfy constraint: "+value.constraints(false))
	}
}

func anyString(m map[string]string, bad func(k, v string) bool) bool {
	for k, s := range m {
		if bad(k, s) {
			return true
		}
	}
	return false
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// Missing names the required members found absent, by their paths from
// the input as AWS's messages write them: what an SDK checks itself
// before it sends a request.
func (v *Validator) Missing() []string {
	var out []string
	for _, x := range v.violations {
		if x.missing {
			out = append(out, coralPath(x.path))
		}
	}
	return out
}
