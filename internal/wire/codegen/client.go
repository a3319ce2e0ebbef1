package codegen

const authzPkg = "github.com/amityhq/amity/internal/authz"

// emitClient writes Client: the served operations as another amity service
// calls them, through an authz.Caller, as a principal.
func (g *generator) emitClient(f *file) error {
	if len(g.served) == 0 {
		return nil
	}
	f.use("context")
	f.use(authzPkg)
	id := g.m.Metadata.ServiceID
	f.p("// Client calls %s as another amity service does: through the Caller,", id)
	f.p("// as the principal of a request, validated, authorized and recorded")
	f.p("// like a customer's call.")
	f.p("type Client struct{ Caller authz.Caller }")
	f.p("")
	for _, op := range g.served {
		f.p("// %s calls %s as the principal of as.", op.Name, op.Name)
		f.p("func (c Client) %s(ctx context.Context, as *authz.Request, in *%sInput) (*%sOutput, error) {", op.Name, op.Name, op.Name)
		f.p("return authz.CallAs[%sOutput](ctx, c.Caller, as, Metadata.Name, %q, in)", op.Name, op.Name)
		f.p("}")
		f.p("")
	}
	return nil
}
