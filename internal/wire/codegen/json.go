package codegen

import (
	"fmt"

	"github.com/amityhq/amity/internal/wire/model"
)

const jsonioPkg = "github.com/amityhq/amity/internal/wire/jsonio"

// timeFormat is the wire.TimeFormat of a timestamp member, given the
// protocol's default for where it travels.
func timeFormat(ref *model.Ref, t *shape, def string) string {
	f := ref.TimestampFormat
	if f == "" {
		f = t.TimestampFormat
	}
	switch f {
	case "iso8601":
		return "wire.DateTime"
	case "rfc822":
		return "wire.HTTPDate"
	case "unixTimestamp":
		return "wire.EpochSeconds"
	}
	return def
}

// bodyMembers are the members that travel in a JSON body: all of them for
// awsJson, which has no HTTP bindings; for restJson those not bound to the
// URI, query string, headers or status.
func (g *generator) bodyMembers(s *shape) []model.Member {
	if g.protocol != model.ProtocolRestJSON {
		return s.Members
	}
	var out []model.Member
	for _, m := range s.Members {
		if m.Location == "" {
			out = append(out, m)
		}
	}
	return out
}

// jsonKey is a member's name in a JSON body.
func jsonKey(m model.Member) string {
	if m.LocationName != "" {
		return m.LocationName
	}
	return m.Name
}

// emitJSON writes DecodeJSON for input structures, EncodeJSON for output
// ones, and a decode/encode function per list and map shape.
func (g *generator) emitJSON(f *file) error {
	f.use(jsonioPkg)
	for _, s := range g.structures(true) {
		g.emitDecodeJSON(f, s)
	}
	for _, s := range g.collections(true) {
		g.emitDecodeJSONCollection(f, s)
	}
	for _, s := range g.structures(false) {
		g.emitEncodeJSON(f, s)
	}
	for _, s := range g.collections(false) {
		g.emitEncodeJSONCollection(f, s)
	}
	return nil
}

func (g *generator) emitDecodeJSON(f *file, s *shape) {
	f.p("// DecodeJSON reads %s from JSON.", s.goName)
	members := g.bodyMembers(s)
	if len(members) == 0 {
		f.p("func (*%s) DecodeJSON(d *jsonio.Decoder) {", s.goName)
		f.p("for o := d.Object(); o.Next(); {")
		f.p("d.Skip()")
		f.p("}")
		f.p("}")
		f.p("")
		return
	}
	f.p("func (s *%s) DecodeJSON(d *jsonio.Decoder) {", s.goName)
	f.p("for o := d.Object(); o.Next(); {")
	f.p("switch string(o.Key()) {")
	for _, m := range members {
		t := g.target(&m.Ref)
		field := "s." + exported(m.Name)
		f.p("case %q:", jsonKey(m))
		switch t.Type {
		case model.TypeStructure:
			f.p("if !d.Null() {")
			f.p("%s = new(%s)", field, t.goName)
			f.p("%s.DecodeJSON(d)", field)
			f.p("}")
		default:
			f.p("%s = %s", field, g.jsonRead(f, &m.Ref, t, false))
		}
	}
	f.p("default:")
	f.p("d.Skip()")
	f.p("}")
	f.p("}")
	f.p("}")
	f.p("")
}

// jsonRead is the expression reading a non-structure value of shape t:
// a pointer for members, a plain value for elements.
func (g *generator) jsonRead(f *file, ref *model.Ref, t *shape, elem bool) string {
	value := ""
	if elem {
		value = "Value"
	}
	switch t.Type {
	case model.TypeList, model.TypeMap:
		return fmt.Sprintf("decodeJSON%s(d)", t.goName)
	case model.TypeString:
		return "d.String" + value + "()"
	case model.TypeBlob:
		return "d.Blob()"
	case model.TypeBoolean:
		return "d.Bool" + value + "()"
	case model.TypeInteger:
		return "d.Int32" + value + "()"
	case model.TypeLong:
		return "d.Int64" + value + "()"
	case model.TypeFloat, model.TypeDouble:
		return "d.Float64" + value + "()"
	case model.TypeTimestamp:
		f.use(wirePkg)
		return fmt.Sprintf("d.Time%s(%s)", value, timeFormat(ref, t, "wire.EpochSeconds"))
	}
	panic("jsonRead of " + t.Type)
}

func (g *generator) emitDecodeJSONCollection(f *file, s *shape) {
	f.p("func decodeJSON%s(d *jsonio.Decoder) %s {", s.goName, g.goType(s, true))
	f.p("if d.Null() {")
	f.p("return nil")
	f.p("}")
	if s.Type == model.TypeList {
		e := g.target(s.Member)
		f.p("l := %s{}", g.goType(s, true))
		f.p("for a := d.Array(); a.Next(); {")
		if e.Type == model.TypeStructure {
			f.p("var e %s", e.goName)
			f.p("e.DecodeJSON(d)")
			f.p("l = append(l, e)")
		} else {
			f.p("l = append(l, %s)", g.jsonRead(f, s.Member, e, true))
		}
		f.p("}")
		f.p("return l")
	} else {
		v := g.target(s.Value)
		f.p("m := %s{}", g.goType(s, true))
		f.p("for o := d.Object(); o.Next(); {")
		f.p("k := string(o.Key())")
		if v.Type == model.TypeStructure {
			f.p("var v %s", v.goName)
			f.p("v.DecodeJSON(d)")
			f.p("m[k] = v")
		} else {
			f.p("m[k] = %s", g.jsonRead(f, s.Value, v, true))
		}
		f.p("}")
		f.p("return m")
	}
	f.p("}")
	f.p("")
}

func (g *generator) emitEncodeJSON(f *file, s *shape) {
	f.p("// EncodeJSON writes %s as JSON.", s.goName)
	members := g.bodyMembers(s)
	recv := "s"
	if len(members) == 0 {
		recv = ""
	}
	f.p("func (%s *%s) EncodeJSON(e *jsonio.Encoder) {", recv, s.goName)
	f.p("e.BeginObject()")
	for _, m := range members {
		t := g.target(&m.Ref)
		field := "s." + exported(m.Name)
		f.p("if %s != nil {", field)
		f.p("e.Key(%q)", jsonKey(m))
		value := field
		if !nilable(t) && t.Type != model.TypeStructure {
			value = "*" + field
		}
		f.p("%s", g.jsonWrite(f, &m.Ref, t, value))
		f.p("}")
	}
	f.p("e.EndObject()")
	f.p("}")
	f.p("")
}

// jsonWrite is the statement writing value, of shape t.
func (g *generator) jsonWrite(f *file, ref *model.Ref, t *shape, value string) string {
	switch t.Type {
	case model.TypeStructure:
		return value + ".EncodeJSON(e)"
	case model.TypeList, model.TypeMap:
		return fmt.Sprintf("encodeJSON%s(e, %s)", t.goName, value)
	case model.TypeString:
		return "e.String(" + value + ")"
	case model.TypeBlob:
		return "e.Blob(" + value + ")"
	case model.TypeBoolean:
		return "e.Bool(" + value + ")"
	case model.TypeInteger:
		return "e.Int(int64(" + value + "))"
	case model.TypeLong:
		return "e.Int(" + value + ")"
	case model.TypeFloat, model.TypeDouble:
		return "e.Float(" + value + ")"
	case model.TypeTimestamp:
		f.use(wirePkg)
		return fmt.Sprintf("e.Time(%s, %s)", value, timeFormat(ref, t, "wire.EpochSeconds"))
	}
	panic("jsonWrite of " + t.Type)
}

func (g *generator) emitEncodeJSONCollection(f *file, s *shape) {
	f.p("func encodeJSON%s(e *jsonio.Encoder, v %s) {", s.goName, g.goType(s, true))
	if s.Type == model.TypeList {
		f.p("e.BeginArray()")
		f.p("for i := range v {")
		f.p("%s", g.jsonWrite(f, s.Member, g.target(s.Member), "v[i]"))
		f.p("}")
		f.p("e.EndArray()")
	} else {
		f.use("maps")
		f.use("slices")
		f.p("e.BeginObject()")
		f.p("for _, k := range slices.Sorted(maps.Keys(v)) {")
		f.p("e.Key(k)")
		val := g.target(s.Value)
		if val.Type == model.TypeStructure {
			f.p("x := v[k]")
			f.p("%s", g.jsonWrite(f, s.Value, val, "x"))
		} else {
			f.p("%s", g.jsonWrite(f, s.Value, val, "v[k]"))
		}
		f.p("}")
		f.p("e.EndObject()")
	}
	f.p("}")
	f.p("")
}
