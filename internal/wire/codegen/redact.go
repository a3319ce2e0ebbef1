package codegen

import (
	"fmt"

	"github.com/amityhq/amity/internal/wire/model"
)

// emitRedaction writes a Redacted method on every structure that holds a
// member the model marks sensitive, at any depth: a copy without those
// members, which is what audit records keep of requests and answers
// (KMS plaintext, secret access keys). The model decides; nothing is
// redacted by hand.
func (g *generator) emitRedaction(f *file) error {
	memo := map[*shape]bool{}
	for _, s := range g.sorted() {
		if s.Type != model.TypeStructure || !g.holdsSensitive(s, memo, map[*shape]bool{}) {
			continue
		}
		f.p("// Redacted returns a copy of v without its sensitive members.")
		f.p("func (v *%s) Redacted() any { return v.redacted() }", s.goName)
		f.p("")
		f.p("func (v *%s) redacted() *%s {", s.goName, s.goName)
		f.p("if v == nil { return nil }")
		f.p("c := *v")
		for _, m := range s.Members {
			field := "c." + exported(m.Name)
			t := g.target(&m.Ref)
			switch {
			case m.Ref.Sensitive || t.Sensitive:
				f.p("%s = nil", field)
			case !g.holdsSensitive(t, memo, map[*shape]bool{}):
			case t.Type == model.TypeStructure:
				f.p("%s = %s.redacted()", field, field)
			case t.Type == model.TypeList && g.target(t.Member).Type == model.TypeStructure:
				f.p("if %s != nil {", field)
				f.p("l := make(%s, len(%s))", g.goType(t, false), field)
				f.p("for i := range %s { l[i] = *%s[i].redacted() }", field, field)
				f.p("%s = l", field)
				f.p("}")
			case t.Type == model.TypeMap && g.target(t.Value).Type == model.TypeStructure:
				f.p("if %s != nil {", field)
				f.p("m := make(%s, len(%s))", g.goType(t, false), field)
				f.p("for k, e := range %s { m[k] = *e.redacted() }", field)
				f.p("%s = m", field)
				f.p("}")
			default:
				return fmt.Errorf("%s.%s: cannot redact a sensitive member inside %s", s.Name, m.Name, t.Type)
			}
		}
		f.p("return &c")
		f.p("}")
		f.p("")
	}
	return nil
}

// holdsSensitive reports whether values of s contain a sensitive member.
func (g *generator) holdsSensitive(s *shape, memo, visiting map[*shape]bool) bool {
	if v, ok := memo[s]; ok {
		return v
	}
	if visiting[s] {
		return false // a recursive shape: its other paths decide
	}
	visiting[s] = true
	found := s.Sensitive
	for _, ref := range children(s.Shape) {
		if ref.Sensitive || g.holdsSensitive(g.target(ref), memo, visiting) {
			found = true
		}
	}
	memo[s] = found
	return found
}
