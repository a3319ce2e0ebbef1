package codegen

import (
	"github.com/amityhq/amity/internal/wire/model"
)

// emitTypes writes the structures, and the aliases of shared operation shapes.
func (g *generator) emitTypes(f *file) error {
	opOf := map[*shape]string{}
	for _, op := range g.served {
		if s := g.input[op.Name]; s.goName == op.Name+"Input" {
			opOf[s] = "the input of " + op.Name
		}
		if s := g.output[op.Name]; s.goName == op.Name+"Output" {
			opOf[s] = "the output of " + op.Name
		}
	}
	for _, s := range g.sorted() {
		if s.Type != model.TypeStructure {
			continue
		}
		if what, ok := opOf[s]; ok {
			f.p("// %s is %s.", s.goName, what)
		} else if doc := docLine(s.Documentation); doc != "" {
			f.p("// %s: %s", s.goName, doc)
		} else {
			f.p("// %s is the %s shape.", s.goName, s.Name)
		}
		f.p("type %s struct {", s.goName)
		for _, m := range s.Members {
			doc := docLine(m.Documentation)
			if s.IsRequired(m.Name) {
				doc = "Required. " + doc
			}
			f.comment(doc)
			t := g.target(&m.Ref)
			if t.Type == model.TypeTimestamp {
				f.use("time")
			}
			f.p("%s %s", exported(m.Name), g.goType(t, false))
		}
		f.p("}")
		f.p("")
	}
	for _, alias := range sortedKeys(g.aliases) {
		f.p("// %s is the %s shape, which is used elsewhere too.", alias, g.aliases[alias])
		f.p("type %s = %s", alias, g.aliases[alias])
		f.p("")
	}
	return nil
}

// emitEnums writes a constant per value of each enum shape.
func (g *generator) emitEnums(f *file) error {
	for _, s := range g.sorted() {
		if len(s.Enum) == 0 {
			continue
		}
		f.p("// Values of %s.", s.Name)
		f.p("const (")
		for _, v := range s.Enum {
			f.p("%s%s = %q", s.goName, enumValueName(v), v)
		}
		f.p(")")
		f.p("")
	}
	return nil
}
