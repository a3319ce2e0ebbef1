package codegen

import (
	"fmt"
	"strings"

	"github.com/amityhq/amity/internal/wire/model"
)

const formioPkg = "github.com/amityhq/amity/internal/wire/formio"

// queryName is a member's parameter name: for awsQuery its locationName or
// name (or, for a flattened list, the list member's locationName); for EC2
// its queryName, else its locationName capitalised, else its name.
func (g *generator) queryName(m model.Member) string {
	if g.protocol == model.ProtocolEC2 {
		return ec2InputName(m)
	}
	t := g.target(&m.Ref)
	if t.Type == model.TypeList && g.flattened(&m.Ref, t) && t.Member.LocationName != "" {
		return t.Member.LocationName
	}
	if m.LocationName != "" {
		return m.LocationName
	}
	return m.Name
}

// ec2InputName is an EC2 member's parameter name.
func ec2InputName(m model.Member) string {
	switch {
	case m.QueryName != "":
		return m.QueryName
	case m.LocationName != "":
		return strings.ToUpper(m.LocationName[:1]) + m.LocationName[1:]
	}
	return m.Name
}

// flattened reports whether a list or map is written without its
// member/entry level.
func (g *generator) flattened(ref *model.Ref, t *shape) bool {
	return ref.Flattened || t.Flattened
}

// queryMember is the level between a list (or map) parameter and its
// indexes: "member" (or the list member's locationName) and "entry" for
// awsQuery, nothing when flattened and always on EC2.
func (g *generator) queryMember(ref *model.Ref, t *shape) string {
	if g.protocol == model.ProtocolEC2 || g.flattened(ref, t) {
		return ""
	}
	if t.Type == model.TypeMap {
		return "entry"
	}
	if t.Member.LocationName != "" {
		return t.Member.LocationName
	}
	return "member"
}

// emitQuery writes DecodeQuery for input structures and a decode function
// per input list and map.
func (g *generator) emitQuery(f *file) error {
	f.use(formioPkg)
	for _, s := range g.structures(true) {
		f.p("// DecodeQuery reads %s from the parameters under prefix.", s.goName)
		if len(s.Members) == 0 {
			f.p("func (*%s) DecodeQuery(*formio.Decoder, string) {}", s.goName)
			f.p("")
			continue
		}
		f.p("func (s *%s) DecodeQuery(d *formio.Decoder, prefix string) {", s.goName)
		for _, m := range s.Members {
			t := g.target(&m.Ref)
			field := "s." + exported(m.Name)
			key := fmt.Sprintf("prefix+%q", g.queryName(m))
			switch t.Type {
			case model.TypeStructure:
				f.p("if d.Has(%s) {", key)
				f.p("%s = new(%s)", field, t.goName)
				f.p("%s.DecodeQuery(d, prefix+%q)", field, g.queryName(m)+".")
				f.p("}")
			case model.TypeList, model.TypeMap:
				f.p("%s = decodeQuery%s(d, %s, %q)", field, t.goName, key, g.queryMember(&m.Ref, t))
			default:
				read, err := g.queryRead(f, &m.Ref, t, key, false)
				if err != nil {
					return fmt.Errorf("%s.%s: %w", s.Name, m.Name, err)
				}
				f.p("%s = %s", field, read)
			}
		}
		f.p("}")
		f.p("")
	}
	for _, s := range g.collections(true) {
		if err := g.emitDecodeQueryCollection(f, s); err != nil {
			return err
		}
	}
	return nil
}

// queryRead is the expression reading a scalar at key: a pointer for
// members, a plain value for elements.
func (g *generator) queryRead(f *file, ref *model.Ref, t *shape, key string, elem bool) (string, error) {
	value := ""
	if elem {
		value = "Value"
	}
	switch t.Type {
	case model.TypeString:
		return "d.String" + value + "(" + key + ")", nil
	case model.TypeBlob:
		return "d.Blob(" + key + ")", nil
	case model.TypeBoolean:
		return "d.Bool" + value + "(" + key + ")", nil
	case model.TypeInteger:
		return "d.Int32" + value + "(" + key + ")", nil
	case model.TypeLong:
		return "d.Int64" + value + "(" + key + ")", nil
	case model.TypeFloat, model.TypeDouble:
		return "d.Float64" + value + "(" + key + ")", nil
	case model.TypeTimestamp:
		f.use(wirePkg)
		return fmt.Sprintf("d.Time%s(%s, %s)", value, key, timeFormat(ref, t, "wire.DateTime")), nil
	}
	return "", fmt.Errorf("cannot read a %s from a query string", t.Type)
}

func (g *generator) emitDecodeQueryCollection(f *file, s *shape) error {
	f.p("func decodeQuery%s(d *formio.Decoder, key, member string) %s {", s.goName, g.goType(s, true))
	f.p("keys := d.List(key, member)")
	f.p("if keys == nil {")
	f.p("return nil")
	f.p("}")
	if s.Type == model.TypeList {
		e := g.target(s.Member)
		f.p("l := make(%s, 0, len(keys))", g.goType(s, true))
		f.p("for _, k := range keys {")
		switch e.Type {
		case model.TypeStructure:
			f.p("var e %s", e.goName)
			f.p("e.DecodeQuery(d, k+\".\")")
			f.p("l = append(l, e)")
		case model.TypeList, model.TypeMap:
			f.p("l = append(l, decodeQuery%s(d, k, %q))", e.goName, g.queryMember(s.Member, e))
		default:
			read, err := g.queryRead(f, s.Member, e, "k", true)
			if err != nil {
				return fmt.Errorf("%s: %w", s.Name, err)
			}
			f.p("l = append(l, %s)", read)
		}
		f.p("}")
		f.p("return l")
		f.p("}")
		f.p("")
		return nil
	}
	k, v := g.target(s.Key), g.target(s.Value)
	if k.Type != model.TypeString {
		return fmt.Errorf("%s: map keys of type %s", s.Name, k.Type)
	}
	keyName, valueName := "key", "value"
	if s.Key.LocationName != "" {
		keyName = s.Key.LocationName
	}
	if s.Value.LocationName != "" {
		valueName = s.Value.LocationName
	}
	f.p("m := make(%s, len(keys))", g.goType(s, true))
	f.p("for _, k := range keys {")
	f.p("name := d.StringValue(k + %q)", "."+keyName)
	valueKey := fmt.Sprintf("k+%q", "."+valueName)
	switch v.Type {
	case model.TypeStructure:
		f.p("var v %s", v.goName)
		f.p("v.DecodeQuery(d, %s+\".\")", valueKey)
		f.p("m[name] = v")
	case model.TypeList, model.TypeMap:
		f.p("m[name] = decodeQuery%s(d, %s, %q)", v.goName, valueKey, g.queryMember(s.Value, v))
	default:
		read, err := g.queryRead(f, s.Value, v, valueKey, true)
		if err != nil {
			return fmt.Errorf("%s: %w", s.Name, err)
		}
		f.p("m[name] = %s", read)
	}
	f.p("}")
	f.p("return m")
	f.p("}")
	f.p("")
	return nil
}
