package codegen

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/amityhq/amity/internal/wire/model"
)

const wirePkg = "github.com/amityhq/amity/internal/wire"

// emitValidation writes a wire.Rule per constrained input shape and a
// Validate method per input structure that has anything to check (and per
// operation input, which must have one).
func (g *generator) emitValidation(f *file) error {
	f.use(wirePkg)
	for _, s := range g.sorted() {
		if s.in && g.hasRule(s) {
			g.emitRule(f, s)
		}
	}
	top := map[*shape]bool{}
	for _, s := range g.input {
		top[s] = true
	}
	for _, s := range g.structures(true) {
		need, err := g.needsValidation(s, map[*shape]bool{})
		if err != nil {
			return err
		}
		if !need && !top[s] {
			continue
		}
		var body []string
		for _, m := range s.Members {
			lines, err := g.memberCheck(s, m)
			if err != nil {
				return fmt.Errorf("%s.%s: %w", s.Name, m.Name, err)
			}
			body = append(body, lines...)
		}
		if strings.Contains(strings.Join(body, "\n"), "maps.Keys") {
			f.use("maps")
			f.use("slices")
		}
		f.p("// Validate checks %s against the model's constraints.", s.goName)
		if len(body) == 0 {
			f.p("func (*%s) Validate(*wire.Validator) {}", s.goName)
			f.p("")
			continue
		}
		f.p("func (s *%s) Validate(v *wire.Validator) {", s.goName)
		for _, l := range body {
			f.p("%s", l)
		}
		f.p("}")
		f.p("")
	}
	return nil
}

// hasRule reports whether a shape gets a wire.Rule. A shape the service
// checks itself (Unchecked) gets none: with no constraint to break, no
// message can quote its value, sensitive or not.
func (g *generator) hasRule(s *shape) bool {
	if g.cfg.Overrides.Unchecked[s.Name] {
		return false
	}
	if !isScalar(s) && s.Type != model.TypeList && s.Type != model.TypeMap {
		return false
	}
	return s.Min != nil || s.Max != nil || (s.Pattern != "" && s.Type == model.TypeString) ||
		len(s.Enum) > 0 || s.Sensitive
}

func ruleName(s *shape) string { return "rule" + s.goName }

func (g *generator) rule(s *shape) string {
	if g.hasRule(s) {
		return ruleName(s)
	}
	return "nil"
}

func (g *generator) emitRule(f *file, s *shape) {
	var fields []string
	isFloat := s.Type == model.TypeFloat || s.Type == model.TypeDouble
	limit := func(b *model.Bound) string {
		text := b.Text
		if isFloat {
			text = javaDouble(b.Float())
		}
		return fmt.Sprintf("&wire.Limit{Value: %s, Text: %q}", b.Text, text)
	}
	if s.Min != nil {
		fields = append(fields, "Min: "+limit(s.Min))
	}
	if s.Max != nil {
		fields = append(fields, "Max: "+limit(s.Max))
	}
	if s.Pattern != "" && s.Type == model.TypeString {
		p := translatePattern(s.Pattern)
		if p.skipped != "" {
			f.p("// The pattern of %s is quoted in messages but not checked: %s.", s.Name, p.skipped)
		}
		if p.loosened {
			f.p("// The pattern of %s is checked without its repeat bound above 1000.", s.Name)
		}
		pattern := fmt.Sprintf("wire.NewPattern(%s, %s)", goString(s.Pattern), goString(p.expr))
		if p.notPrefix != "" {
			pattern += fmt.Sprintf(".NotPrefixed(%q)", p.notPrefix)
		}
		fields = append(fields, "Pattern: "+pattern)
	}
	if len(s.Enum) > 0 {
		var names []string
		for _, v := range s.Enum {
			names = append(names, s.goName+enumValueName(v))
		}
		fields = append(fields, "Enum: []string{"+strings.Join(names, ", ")+"}")
	}
	if s.Sensitive {
		fields = append(fields, "Sensitive: true")
	}
	f.p("var %s = &wire.Rule{%s}", ruleName(s), strings.Join(fields, ", "))
	f.p("")
}

// javaDouble is how Java prints a double bound ("1.0", "0.5").
func javaDouble(v float64) string {
	s := strconv.FormatFloat(v, 'f', -1, 64)
	if !strings.Contains(s, ".") {
		s += ".0"
	}
	return s
}

// goString quotes s as a Go string literal, raw when that reads better.
func goString(s string) string {
	if !strings.ContainsAny(s, "`\n\r") && strings.Contains(s, `\`) {
		return "`" + s + "`"
	}
	return strconv.Quote(s)
}

// pathName is how validation errors name a member: lowerCamel for Coral
// services, the parameter name for EC2.
func (g *generator) pathName(m model.Member) string {
	if g.protocol == model.ProtocolEC2 {
		return ec2InputName(m)
	}
	return lowerFirst(m.Name)
}

// needsValidation reports whether a structure has anything to check.
func (g *generator) needsValidation(s *shape, visiting map[*shape]bool) (bool, error) {
	if visiting[s] {
		return false, nil
	}
	visiting[s] = true
	defer delete(visiting, s)
	for _, m := range s.Members {
		if s.IsRequired(m.Name) {
			return true, nil
		}
		need, err := g.valueNeeds(g.target(&m.Ref), visiting)
		if need || err != nil {
			return need, err
		}
	}
	return false, nil
}

// valueNeeds reports whether a value of shape t has anything to check.
func (g *generator) valueNeeds(t *shape, visiting map[*shape]bool) (bool, error) {
	switch t.Type {
	case model.TypeStructure:
		return g.needsValidation(t, visiting)
	case model.TypeList:
		if g.hasRule(t) {
			return true, nil
		}
		return g.valueNeeds(g.target(t.Member), visiting)
	case model.TypeMap:
		if g.hasRule(t) || g.hasRule(g.target(t.Key)) {
			return true, nil
		}
		return g.valueNeeds(g.target(t.Value), visiting)
	}
	return g.hasRule(t), nil
}

// memberCheck returns the statements that check one member.
func (g *generator) memberCheck(s *shape, m model.Member) ([]string, error) {
	t := g.target(&m.Ref)
	field := "s." + exported(m.Name)
	name := strconv.Quote(g.pathName(m))
	req := s.IsRequired(m.Name)
	need, err := g.valueNeeds(t, map[*shape]bool{})
	if err != nil {
		return nil, err
	}
	if !req && !need {
		return nil, nil
	}
	scalar := map[string]string{
		model.TypeString: "String", model.TypeBlob: "Blob", model.TypeInteger: "Int32",
		model.TypeLong: "Int64", model.TypeFloat: "Float64", model.TypeDouble: "Float64",
	}
	switch t.Type {
	case model.TypeBoolean, model.TypeTimestamp:
		return []string{fmt.Sprintf("v.Present(%s, %s != nil, true)", name, field)}, nil
	case model.TypeStructure:
		if !need {
			return []string{fmt.Sprintf("v.Present(%s, %s != nil, true)", name, field)}, nil
		}
		return []string{
			fmt.Sprintf("if v.Present(%s, %s != nil, %t) {", name, field, req),
			fmt.Sprintf("v.Enter(%s)", name),
			field + ".Validate(v)",
			"v.Leave()",
			"}",
		}, nil
	case model.TypeList:
		return g.listCheck(t, field, name, req)
	case model.TypeMap:
		return g.mapCheck(t, field, name, req)
	}
	method, ok := scalar[t.Type]
	if !ok {
		return nil, fmt.Errorf("cannot validate a %s", t.Type)
	}
	return []string{fmt.Sprintf("v.%s(%s, %s, %t, %s)", method, name, field, req, g.rule(t))}, nil
}

func (g *generator) listCheck(t *shape, field, name string, req bool) ([]string, error) {
	e := g.target(t.Member)
	collection := fmt.Sprintf("v.Collection(%s, len(%s), %s != nil, %t, %s)", name, field, field, req, g.rule(t))
	switch {
	case e.Type == model.TypeString:
		return []string{fmt.Sprintf("v.StringList(%s, %s, %t, %s, %s)", name, field, req, g.rule(t), g.rule(e))}, nil
	case e.Type == model.TypeStructure:
		need, err := g.needsValidation(e, map[*shape]bool{})
		if err != nil || !need {
			return []string{collection}, err
		}
		return []string{
			"if " + collection + " {",
			fmt.Sprintf("for i := range %s {", field),
			fmt.Sprintf("v.EnterIndex(%s, i)", name),
			field + "[i].Validate(v)",
			"v.Leave()",
			"}",
			"}",
		}, nil
	}
	if need, err := g.valueNeeds(e, map[*shape]bool{}); need || err != nil {
		return nil, fmt.Errorf("cannot validate the elements of a list of %s (%s)", e.Type, e.Name)
	}
	return []string{collection}, nil
}

func (g *generator) mapCheck(t *shape, field, name string, req bool) ([]string, error) {
	k, val := g.target(t.Key), g.target(t.Value)
	if val.Type == model.TypeString {
		return []string{fmt.Sprintf("v.StringMap(%s, %s, %t, %s, %s, %s)",
			name, field, req, g.rule(t), g.rule(k), g.rule(val))}, nil
	}
	if g.hasRule(k) {
		return nil, fmt.Errorf("cannot validate the keys of a map of %s (%s)", val.Type, t.Name)
	}
	collection := fmt.Sprintf("v.Collection(%s, len(%s), %s != nil, %t, %s)", name, field, field, req, g.rule(t))
	if val.Type == model.TypeStructure {
		need, err := g.needsValidation(val, map[*shape]bool{})
		if err != nil || !need {
			return []string{collection}, err
		}
		return []string{
			"if " + collection + " {",
			fmt.Sprintf("for _, k := range slices.Sorted(maps.Keys(%s)) {", field),
			fmt.Sprintf("e := %s[k]", field),
			fmt.Sprintf("v.EnterKey(%s, k)", name),
			"e.Validate(v)",
			"v.Leave()",
			"}",
			"}",
		}, nil
	}
	if need, err := g.valueNeeds(val, map[*shape]bool{}); need || err != nil {
		return nil, fmt.Errorf("cannot validate the values of a map of %s (%s)", val.Type, t.Name)
	}
	return []string{collection}, nil
}
