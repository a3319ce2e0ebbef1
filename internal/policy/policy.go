package policy

// Version strings of the policy language. Only 2012-10-17 knows policy
// variables; in 2008-10-17 documents "${...}" is literal text.
const (
	Version2012 = "2012-10-17"
	Version2008 = "2008-10-17"
)

// Policy is a parsed, validated document compiled into matchers. It is
// immutable and safe for concurrent use; compile it once and evaluate it
// many times.
type Policy struct {
	kind       Kind
	name       string
	version    string
	id         string
	statements []statement
}

// statement is one compiled element of the Statement array.
type statement struct {
	index        int
	sid          string
	deny         bool
	principal    *principalSet // nil: the element is absent
	notPrincipal bool
	actions      []pattern
	notAction    bool
	resources    []arnPattern
	notResource  bool
	hasResource  bool // Resource or NotResource is present; else the policy's own resource
	conditions   []condition
	// start and end locate the statement in the document (statementSpans).
	start, end Position
}

// Kind returns the role the document was parsed for.
func (p *Policy) Kind() Kind { return p.kind }

// Name returns the name the caller gave the document, used in traces.
func (p *Policy) Name() string { return p.name }

// Version returns the document's Version element ("" when absent).
func (p *Policy) Version() string { return p.version }

// ID returns the document's Id element.
func (p *Policy) ID() string { return p.id }

// Len returns the number of statements.
func (p *Policy) Len() int { return len(p.statements) }

// PrincipalRef is one value of a Principal or NotPrincipal element, as
// written ("AWS", "arn:aws:iam::111122223333:root").
type PrincipalRef struct {
	Type  string // AWS, Service, Federated or CanonicalUser
	Value string
}

// Principals lists the principals the document names, in order, so that a
// service can check they exist (IAM refuses trust policies naming unknown
// principals with InvalidPrincipal). Account ids are returned as written.
func (p *Policy) Principals() []PrincipalRef {
	var refs []PrincipalRef
	for i := range p.statements {
		ps := p.statements[i].principal
		if ps == nil {
			continue
		}
		refs = append(refs, ps.written...)
	}
	return refs
}
