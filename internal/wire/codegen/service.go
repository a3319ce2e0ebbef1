package codegen

import (
	"fmt"
	"strings"

	"github.com/amityhq/amity/internal/wire/model"
)

// protocolConst is the wire package's name for a model protocol.
var protocolConst = map[string]string{
	model.ProtocolJSON:     "wire.ProtocolJSON",
	model.ProtocolQuery:    "wire.ProtocolQuery",
	model.ProtocolEC2:      "wire.ProtocolEC2",
	model.ProtocolRestJSON: "wire.ProtocolRestJSON",
}

// validationCode is the code of AWS's validation error for the protocol.
func (g *generator) validationCode() string {
	if g.cfg.Overrides.ValidationCode != "" {
		return g.cfg.Overrides.ValidationCode
	}
	switch g.protocol {
	case model.ProtocolQuery:
		return "ValidationError"
	case model.ProtocolEC2:
		return "" // EC2 reports MissingParameter and InvalidParameterValue
	}
	return "ValidationException"
}

// readOnlyPrefixes name operations that change nothing: AWS's naming
// convention, which CloudTrail's readOnly field follows.
var readOnlyPrefixes = []string{"Describe", "Get", "List", "Lookup", "Search", "Simulate"}

// readOnly reports whether operation changes nothing: the overrides'
// word, or else the naming rule.
func (g *generator) readOnly(operation string) bool {
	if v, ok := g.cfg.Overrides.ReadOnly[operation]; ok {
		return v
	}
	for _, p := range readOnlyPrefixes {
		if strings.HasPrefix(operation, p) {
			return true
		}
	}
	return false
}

// emitService writes the API interface, the service metadata and the
// dispatch table.
func (g *generator) emitService(f *file) error {
	f.use("context")
	f.use(wirePkg)
	md := g.m.Metadata
	id := md.ServiceID
	f.p("// API is the %s operations amity serves. A method fails with an", id)
	f.p("// *awserr.Error made by this package's constructors for what AWS reports")
	f.p("// as an error; any other error is an internal failure, logged and hidden.")
	f.p("type API interface {")
	for _, op := range g.served {
		if doc := docLine(op.Documentation); doc != "" {
			f.p("// %s: %s", op.Name, doc)
		}
		var codes []string
		for _, e := range op.Errors {
			codes = append(codes, exported(e.Shape))
		}
		if len(codes) > 0 {
			f.p("//")
			f.p("// Errors: %s.", strings.Join(codes, ", "))
		}
		f.p("%s(ctx context.Context, in *%s) (*%s, error)", op.Name, op.Name+"Input", op.Name+"Output")
	}
	f.p("}")
	f.p("")

	name := md.SigningName
	if name == "" {
		name = md.EndpointPrefix
	}
	ns := md.XMLNamespace
	if g.protocol == model.ProtocolEC2 && !strings.HasSuffix(ns, "/") {
		ns += "/" // as EC2's responses write it
	}
	f.p("// Metadata describes %s to its codec.", id)
	f.p("var Metadata = wire.Metadata{")
	f.p("Name: %q,", name)
	f.p("ServiceID: %q,", id)
	f.p("Version: %q,", md.APIVersion)
	f.p("Protocol: %s,", protocolConst[g.protocol])
	for _, kv := range [][2]string{{"TargetPrefix", md.TargetPrefix}, {"JSONVersion", md.JSONVersion},
		{"XMLNamespace", ns}, {"ValidationCode", g.validationCode()}} {
		if kv[1] != "" {
			f.p("%s: %q,", kv[0], kv[1])
		}
	}
	f.p("}")
	f.p("")

	served := map[string]bool{}
	for _, op := range g.served {
		served[op.Name] = true
	}
	f.p("// Service returns the descriptor a codec serves impl through. It lists")
	f.p("// every operation of the model; those outside API are not implemented,")
	f.p("// and with a nil impl none is: each answers the protocol's NotImplemented.")
	f.p("func Service(impl API) *wire.Service {")
	f.p("ops := []wire.Operation{")
	var bindings []string
	for i, op := range g.ops {
		fields := []string{fmt.Sprintf("Name: %q", op.Name)}
		if g.protocol == model.ProtocolRestJSON {
			fields = append(fields, fmt.Sprintf("Method: %q, Path: %q", op.HTTP.Method, op.HTTP.RequestURI))
			if op.HTTP.ResponseCode != 0 && op.HTTP.ResponseCode != 200 {
				fields = append(fields, fmt.Sprintf("Status: %d", op.HTTP.ResponseCode))
			}
		}
		if g.readOnly(op.Name) {
			fields = append(fields, "ReadOnly: true")
		}
		if served[op.Name] {
			if op.Output != nil {
				fields = append(fields, "HasOutput: true")
			}
			fields = append(fields, fmt.Sprintf("NewInput: func() wire.Input { return new(%sInput) }", op.Name))
			bindings = append(bindings, fmt.Sprintf("ops[%d].Invoke = wire.Invoker(impl.%s)", i, op.Name))
		}
		f.p("{%s},", strings.Join(fields, ", "))
	}
	f.p("}")
	f.p("if impl != nil {")
	for _, b := range bindings {
		f.p("%s", b)
	}
	f.p("}")
	f.p("return wire.NewService(Metadata, ops)")
	f.p("}")
	return nil
}
