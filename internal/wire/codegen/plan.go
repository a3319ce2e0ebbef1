package codegen

import (
	"fmt"
	"slices"
	"strings"

	"github.com/amityhq/amity/internal/wire/model"
)

// generator holds a model and the decisions made about it: which shapes are
// generated, under which Go names.
type generator struct {
	m        *model.Model
	cfg      Config
	source   string
	protocol string
	ops      []*model.Operation // every modeled operation, by name
	served   []*model.Operation // the allowlisted ones, by name
	shapes   map[string]*shape  // generated shapes, by model name
	input    map[string]*shape  // operation name → its input structure
	output   map[string]*shape  // operation name → its output structure
	aliases  map[string]string  // "<Op>Input" aliases of shared shapes → Go type
}

// shape is a model shape that the generated code uses.
type shape struct {
	*model.Shape
	goName string
	in     bool // reachable from an operation input: decoded and validated
	out    bool // reachable from an operation output: encoded
}

func plan(m *model.Model, source string, cfg Config) (*generator, error) {
	g := &generator{
		m: m, cfg: cfg, source: source, protocol: m.Metadata.Protocol,
		shapes: map[string]*shape{}, input: map[string]*shape{}, output: map[string]*shape{},
		aliases: map[string]string{},
	}
	switch g.protocol {
	case model.ProtocolJSON, model.ProtocolQuery, model.ProtocolEC2, model.ProtocolRestJSON:
	default:
		return nil, fmt.Errorf("protocol %q is not supported", g.protocol)
	}
	for _, name := range sortedKeys(m.Operations) {
		g.ops = append(g.ops, m.Operations[name])
	}
	for _, name := range cfg.Allow {
		op, ok := m.Operations[name]
		if !ok {
			return nil, fmt.Errorf("allowlisted operation %s is not in the model", name)
		}
		g.served = append(g.served, op)
	}
	slices.SortFunc(g.served, func(a, b *model.Operation) int { return strings.Compare(a.Name, b.Name) })
	for _, op := range g.served {
		if op.Input != nil {
			if err := g.reach(op.Input.Shape, true); err != nil {
				return nil, err
			}
		}
		if op.Output != nil {
			if err := g.reach(op.Output.Shape, false); err != nil {
				return nil, err
			}
		}
	}
	g.nameOperationShapes()
	return g, g.checkNames()
}

// reach marks a shape and everything it contains as used in one direction.
func (g *generator) reach(name string, in bool) error {
	ms, ok := g.m.Shapes[name]
	if !ok {
		return fmt.Errorf("shape %s is not in the model", name)
	}
	s := g.shapes[name]
	if s == nil {
		s = &shape{Shape: ms, goName: exported(name)}
		g.shapes[name] = s
	}
	if (in && s.in) || (!in && s.out) {
		return nil
	}
	if in {
		s.in = true
	} else {
		s.out = true
	}
	for _, ref := range children(ms) {
		if err := g.reach(ref.Shape, in); err != nil {
			return err
		}
	}
	return nil
}

// children are the refs a shape contains: members, list element, map key
// and value.
func children(s *model.Shape) []*model.Ref {
	var refs []*model.Ref
	for i := range s.Members {
		refs = append(refs, &s.Members[i].Ref)
	}
	for _, r := range []*model.Ref{s.Member, s.Key, s.Value} {
		if r != nil {
			refs = append(refs, r)
		}
	}
	return refs
}

// nameOperationShapes gives each served operation an <Op>Input and
// <Op>Output type, as aws-sdk-go-v2 does: the model's request shape itself
// when nothing else uses it, an alias of it when something does, an empty
// structure when the model has none.
func (g *generator) nameOperationShapes() {
	uses := map[string]int{}
	for _, s := range g.shapes {
		for _, ref := range children(s.Shape) {
			uses[ref.Shape]++
		}
	}
	for _, op := range g.served {
		if op.Input != nil {
			uses[op.Input.Shape]++
		}
		if op.Output != nil {
			uses[op.Output.Shape]++
		}
	}
	name := func(op *model.Operation, ref *model.Ref, suffix string, in bool) *shape {
		goName := op.Name + suffix
		if ref == nil {
			s := &shape{Shape: &model.Shape{Name: goName, Type: model.TypeStructure}, goName: goName, in: in, out: !in}
			g.shapes["("+goName+")"] = s
			return s
		}
		s := g.shapes[ref.Shape]
		if uses[ref.Shape] == 1 {
			s.goName = goName
		} else {
			g.aliases[goName] = s.goName
		}
		return s
	}
	for _, op := range g.served {
		g.input[op.Name] = name(op, op.Input, "Input", true)
		g.output[op.Name] = name(op, op.Output, "Output", false)
	}
}

// checkNames fails when two generated identifiers would collide.
func (g *generator) checkNames() error {
	seen := map[string]string{}
	claim := func(id, what string) error {
		if prev, ok := seen[id]; ok {
			return fmt.Errorf("generated name %s is both %s and %s", id, prev, what)
		}
		seen[id] = what
		return nil
	}
	for _, s := range g.sorted() {
		if s.Type == model.TypeStructure {
			if err := claim(s.goName, "shape "+s.Name); err != nil {
				return err
			}
		}
		for _, v := range s.Enum {
			if err := claim(s.goName+enumValueName(v), "enum value "+s.Name+"."+v); err != nil {
				return err
			}
		}
	}
	for _, alias := range sortedKeys(g.aliases) {
		if err := claim(alias, "alias of "+g.aliases[alias]); err != nil {
			return err
		}
	}
	for _, e := range g.exceptions() {
		if err := claim(e.goName, "exception "+e.code); err != nil {
			return err
		}
	}
	return nil
}

// sorted returns the generated shapes ordered by Go name.
func (g *generator) sorted() []*shape {
	out := make([]*shape, 0, len(g.shapes))
	for _, s := range g.shapes {
		out = append(out, s)
	}
	slices.SortFunc(out, func(a, b *shape) int {
		if c := strings.Compare(a.goName, b.goName); c != 0 {
			return c
		}
		return strings.Compare(a.Name, b.Name)
	})
	return out
}

// structures returns the generated structures used in the given direction.
func (g *generator) structures(in bool) []*shape {
	var out []*shape
	for _, s := range g.sorted() {
		if s.Type == model.TypeStructure && ((in && s.in) || (!in && s.out)) {
			out = append(out, s)
		}
	}
	return out
}

// collections returns the generated lists and maps used in the given direction.
func (g *generator) collections(in bool) []*shape {
	var out []*shape
	for _, s := range g.sorted() {
		if (s.Type == model.TypeList || s.Type == model.TypeMap) && ((in && s.in) || (!in && s.out)) {
			out = append(out, s)
		}
	}
	return out
}

// target is the shape a ref points to.
func (g *generator) target(ref *model.Ref) *shape { return g.shapes[ref.Shape] }

// goType is the Go type of a value of shape s: pointers for optional
// members, plain values inside lists and maps (elem).
func (g *generator) goType(s *shape, elem bool) string {
	ptr := "*"
	if elem {
		ptr = ""
	}
	switch s.Type {
	case model.TypeStructure:
		return ptr + s.goName
	case model.TypeList:
		return "[]" + g.goType(g.target(s.Member), true)
	case model.TypeMap:
		return "map[string]" + g.goType(g.target(s.Value), true)
	case model.TypeString:
		return ptr + "string"
	case model.TypeBlob:
		return "[]byte"
	case model.TypeBoolean:
		return ptr + "bool"
	case model.TypeInteger:
		return ptr + "int32"
	case model.TypeLong:
		return ptr + "int64"
	case model.TypeFloat, model.TypeDouble:
		return ptr + "float64"
	case model.TypeTimestamp:
		return ptr + "time.Time"
	}
	panic("unsupported shape type " + s.Type)
}

// isScalar reports whether values of s are written by one call.
func isScalar(s *shape) bool {
	switch s.Type {
	case model.TypeStructure, model.TypeList, model.TypeMap:
		return false
	}
	return true
}

// nilable reports whether the Go type of s as a member is nil when absent
// without a pointer of its own (slices and maps).
func nilable(s *shape) bool {
	return s.Type == model.TypeList || s.Type == model.TypeMap || s.Type == model.TypeBlob
}

// sortedKeys returns a map's keys in order.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
