package codegen

import (
	"slices"
	"strings"
)

// exception is an error a service can return, with its constructor's name.
type exception struct {
	goName string
	code   string
	status int
	doc    string
}

// exceptions lists the errors of the served operations, then the unmodeled
// errors the overrides add. Statuses follow the model (httpStatusCode, else
// 500 for faults, 400 otherwise) unless the overrides say what AWS does.
func (g *generator) exceptions() []exception {
	var out []exception
	seen := map[string]bool{}
	for _, op := range g.served {
		for _, ref := range op.Errors {
			if seen[ref.Shape] {
				continue
			}
			seen[ref.Shape] = true
			s := g.m.Shapes[ref.Shape]
			e := exception{goName: exported(s.Name), code: s.Name, status: 400, doc: docLine(s.Documentation)}
			if s.Fault {
				e.status = 500
			}
			if s.Error != nil {
				if s.Error.Code != "" {
					e.code = s.Error.Code
				}
				if s.Error.HTTPStatusCode != 0 {
					e.status = s.Error.HTTPStatusCode
				}
			}
			if status, ok := g.cfg.Overrides.ErrorStatus["*"]; ok {
				e.status = status
			}
			if status, ok := g.cfg.Overrides.ErrorStatus[s.Name]; ok {
				e.status = status
			}
			out = append(out, e)
		}
	}
	slices.SortFunc(out, func(a, b exception) int { return strings.Compare(a.goName, b.goName) })
	for _, x := range g.cfg.Overrides.Errors {
		out = append(out, exception{goName: exported(x.Code), code: x.Code, status: x.Status,
			doc: "Not in the model; AWS returns it (see overrides.txt)."})
	}
	return out
}

// emitErrors writes one constructor per exception.
func (g *generator) emitErrors(f *file) error {
	excs := g.exceptions()
	code := g.validationCode()
	if len(excs) == 0 && code == "" {
		return nil
	}
	f.use("github.com/amityhq/amity/internal/awserr")
	if code != "" {
		f.p("// Validation is the service's refusal of an input that breaks a rule")
		f.p("// the model cannot state: %s, HTTP 400.", code)
		f.p("func Validation(message string) *awserr.Error {")
		f.p("return awserr.New(%q, 400, message)", code)
		f.p("}")
		f.p("")
	}
	for _, e := range excs {
		if e.doc != "" {
			f.p("// %s is the error %s, HTTP %d: %s", e.goName, e.code, e.status, e.doc)
		} else {
			f.p("// %s is the error %s, HTTP %d.", e.goName, e.code, e.status)
		}
		f.p("func %s(message string) *awserr.Error {", e.goName)
		f.p("return awserr.New(%q, %d, message)", e.code, e.status)
		f.p("}")
		f.p("")
	}
	return nil
}
