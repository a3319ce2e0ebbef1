package codegen

import (
	"fmt"

	"github.com/amityhq/amity/internal/wire/model"
)

const xmlioPkg = "github.com/amityhq/amity/internal/wire/xmlio"

// xmlName is a member's element name.
func xmlName(m model.Member) string {
	if m.LocationName != "" {
		return m.LocationName
	}
	return m.Name
}

// xmlItem is the element name of a list's items or a map's entries: the
// list member's locationName, else "member" ("entry" for maps), else, when
// flattened, the name the member itself would have.
func (g *generator) xmlItem(ref *model.Ref, t *shape, memberName string) string {
	if t.Type == model.TypeList && t.Member.LocationName != "" {
		return t.Member.LocationName
	}
	switch {
	case g.flattened(ref, t):
		return memberName
	case t.Type == model.TypeMap:
		return "entry"
	}
	return "member"
}

// emitXML writes EncodeXML for output structures and an encode function per
// output list and map.
func (g *generator) emitXML(f *file) error {
	f.use(xmlioPkg)
	for _, s := range g.structures(false) {
		f.p("// EncodeXML writes the members of %s as elements.", s.goName)
		if len(s.Members) == 0 {
			f.p("func (*%s) EncodeXML(*xmlio.Encoder) {}", s.goName)
			f.p("")
			continue
		}
		f.p("func (s *%s) EncodeXML(e *xmlio.Encoder) {", s.goName)
		for _, m := range s.Members {
			if m.XMLAttribute {
				return fmt.Errorf("%s.%s: XML attributes are not supported", s.Name, m.Name)
			}
			t := g.target(&m.Ref)
			field := "s." + exported(m.Name)
			name := xmlName(m)
			f.p("if %s != nil {", field)
			switch t.Type {
			case model.TypeList, model.TypeMap:
				item := g.xmlItem(&m.Ref, t, name)
				if g.flattened(&m.Ref, t) {
					f.p("encodeXML%s(e, %q, %s)", t.goName, item, field)
				} else {
					f.p("e.Start(%q)", name)
					f.p("encodeXML%s(e, %q, %s)", t.goName, item, field)
					f.p("e.End(%q)", name)
				}
			default:
				value := field
				if !nilable(t) && t.Type != model.TypeStructure {
					value = "*" + field
				}
				f.p("%s", g.xmlWrite(f, &m.Ref, t, fmt.Sprintf("%q", name), value))
			}
			f.p("}")
		}
		f.p("}")
		f.p("")
	}
	for _, s := range g.collections(false) {
		g.emitEncodeXMLCollection(f, s)
	}
	return nil
}

// xmlWrite is the code writing value, of shape t, as element name (a Go
// expression).
func (g *generator) xmlWrite(f *file, ref *model.Ref, t *shape, name, value string) string {
	switch t.Type {
	case model.TypeStructure:
		return fmt.Sprintf("e.Start(%s)\n%s.EncodeXML(e)\ne.End(%s)", name, value, name)
	case model.TypeList, model.TypeMap:
		return fmt.Sprintf("e.Start(%s)\nencodeXML%s(e, %q, %s)\ne.End(%s)",
			name, t.goName, g.xmlItem(ref, t, "member"), value, name)
	case model.TypeString:
		return fmt.Sprintf("e.String(%s, %s)", name, value)
	case model.TypeBlob:
		return fmt.Sprintf("e.Blob(%s, %s)", name, value)
	case model.TypeBoolean:
		return fmt.Sprintf("e.Bool(%s, %s)", name, value)
	case model.TypeInteger:
		return fmt.Sprintf("e.Int(%s, int64(%s))", name, value)
	case model.TypeLong:
		return fmt.Sprintf("e.Int(%s, %s)", name, value)
	case model.TypeFloat, model.TypeDouble:
		return fmt.Sprintf("e.Float(%s, %s)", name, value)
	case model.TypeTimestamp:
		f.use(wirePkg)
		return fmt.Sprintf("e.Time(%s, %s, %s)", name, value, timeFormat(ref, t, "wire.DateTime"))
	}
	panic("xmlWrite of " + t.Type)
}

func (g *generator) emitEncodeXMLCollection(f *file, s *shape) {
	if s.Type == model.TypeList {
		f.p("func encodeXML%s(e *xmlio.Encoder, item string, l %s) {", s.goName, g.goType(s, true))
		f.p("for i := range l {")
		f.p("%s", g.xmlWrite(f, s.Member, g.target(s.Member), "item", "l[i]"))
		f.p("}")
		f.p("}")
		f.p("")
		return
	}
	keyName, valueName := "key", "value"
	if s.Key.LocationName != "" {
		keyName = s.Key.LocationName
	}
	if s.Value.LocationName != "" {
		valueName = s.Value.LocationName
	}
	f.use("maps")
	f.use("slices")
	f.p("func encodeXML%s(e *xmlio.Encoder, entry string, m %s) {", s.goName, g.goType(s, true))
	f.p("for _, k := range slices.Sorted(maps.Keys(m)) {")
	f.p("e.Start(entry)")
	f.p("e.String(%q, k)", keyName)
	v := g.target(s.Value)
	value := "m[k]"
	if v.Type == model.TypeStructure {
		f.p("v := m[k]")
		value = "v"
	}
	f.p("%s", g.xmlWrite(f, s.Value, v, fmt.Sprintf("%q", valueName), value))
	f.p("e.End(entry)")
	f.p("}")
	f.p("}")
	f.p("")
}
