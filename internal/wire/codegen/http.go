package codegen

import (
	"fmt"

	"github.com/amityhq/amity/internal/wire/model"
)

const restjsonPkg = "github.com/amityhq/amity/internal/wire/restjson"

// located returns the members bound outside the JSON body.
func located(s *shape) []model.Member {
	var out []model.Member
	for _, m := range s.Members {
		if m.Location != "" {
			out = append(out, m)
		}
	}
	return out
}

func locationName(m model.Member) string {
	if m.LocationName != "" {
		return m.LocationName
	}
	return m.Name
}

// emitHTTP writes DecodeHTTP for the inputs, and EncodeHTTP for the outputs,
// that bind members to the URI, query string, headers or status code. The
// others travel whole in the JSON body, which the json.go methods handle.
func (g *generator) emitHTTP(f *file) error {
	done := map[*shape]bool{}
	for _, op := range g.served {
		in, out := g.input[op.Name], g.output[op.Name]
		for _, s := range []*shape{in, out} {
			if s.Payload != "" {
				return fmt.Errorf("%s: payload members are not supported", s.Name)
			}
		}
		if !done[in] && len(located(in)) > 0 {
			done[in] = true
			f.use(restjsonPkg)
			if err := g.emitDecodeHTTP(f, in); err != nil {
				return err
			}
		}
		if !done[out] && len(located(out)) > 0 {
			done[out] = true
			f.use(restjsonPkg)
			if err := g.emitEncodeHTTP(f, out); err != nil {
				return err
			}
		}
	}
	return nil
}

func (g *generator) emitDecodeHTTP(f *file, s *shape) error {
	f.p("// DecodeHTTP reads %s from the request's URI, query string, headers and body.", s.goName)
	f.p("func (s *%s) DecodeHTTP(r *restjson.Request) {", s.goName)
	for _, m := range located(s) {
		t := g.target(&m.Ref)
		field := "s." + exported(m.Name)
		name := locationName(m)
		var read string
		switch {
		case m.Location == "uri" && t.Type == model.TypeString:
			read = "r.Label"
		case m.Location == "querystring" && t.Type == model.TypeString:
			read = "r.Query"
		case m.Location == "querystring" && t.Type == model.TypeInteger:
			read = "r.QueryInt32"
		case m.Location == "querystring" && t.Type == model.TypeBoolean:
			read = "r.QueryBool"
		case m.Location == "querystring" && t.Type == model.TypeList && g.target(t.Member).Type == model.TypeString:
			read = "r.QueryList"
		case m.Location == "header" && t.Type == model.TypeString:
			read = "r.Header"
		default:
			return fmt.Errorf("%s.%s: a %s in %s is not supported", s.Name, m.Name, t.Type, m.Location)
		}
		f.p("%s = %s(%q)", field, read, name)
	}
	if len(g.bodyMembers(s)) > 0 {
		f.p("r.DecodeBody(s)")
	}
	f.p("}")
	f.p("")
	return nil
}

func (g *generator) emitEncodeHTTP(f *file, s *shape) error {
	f.p("// EncodeHTTP writes %s to the response's headers, status and body.", s.goName)
	f.p("func (s *%s) EncodeHTTP(w *restjson.Response) {", s.goName)
	for _, m := range located(s) {
		t := g.target(&m.Ref)
		field := "s." + exported(m.Name)
		f.p("if %s != nil {", field)
		switch {
		case m.Location == "header" && t.Type == model.TypeString:
			f.p("w.Header(%q, *%s)", locationName(m), field)
		case m.Location == "statusCode" && t.Type == model.TypeInteger:
			f.p("w.Status(int(*%s))", field)
		default:
			return fmt.Errorf("%s.%s: a %s in %s is not supported", s.Name, m.Name, t.Type, m.Location)
		}
		f.p("}")
	}
	f.p("w.EncodeBody(s)")
	f.p("}")
	f.p("")
	return nil
}
