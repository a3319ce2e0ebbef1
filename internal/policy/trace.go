package policy

// Trace records what an evaluation looked at: every policy, every
// statement, and for each statement which element matched or failed, down to
// the condition key and the values compared. It is the raw material of
// amity's explanations (`amity doctor`, SimulatePrincipalPolicy). Passing a
// nil *Trace to Evaluate records nothing and costs nothing.
type Trace struct {
	Policies []PolicyTrace
	// Grants are the grants considered, when the policies only implicitly
	// denied and the resource has grants.
	Grants []GrantTrace
}

// PolicyTrace is one policy as the evaluation saw it.
type PolicyTrace struct {
	Type       PolicyType
	Name       string
	Statements []StatementTrace
}

// StatementTrace is one statement: it applies when every element matched.
type StatementTrace struct {
	Index int
	Sid   string
	Deny  bool
	// Start and End locate the statement in its document: just after its
	// opening and its closing brace.
	Start, End Position
	Applies    bool
	Principal  *ElementTrace // nil when the statement has no Principal element
	Action     ElementTrace
	Resource   ElementTrace
	Conditions []ConditionTrace
}

// ElementTrace tells how one element (Principal, Action, Resource or their
// Not forms) compared with the request.
type ElementTrace struct {
	Not     bool   // NotPrincipal, NotAction or NotResource
	Matched bool   // the element lets the statement apply
	Value   string // the policy value that matched the request, if any
	// Unresolved: a policy variable in the element had no value.
	Unresolved bool
}

// ConditionTrace is one key of one condition operator.
type ConditionTrace struct {
	Operator      string
	Key           string
	Values        []string // the policy's values
	RequestValues []string // the request's values; nil when absent
	Matched       bool
}

func (t *Trace) add(typ PolicyType, p *Policy) *PolicyTrace {
	t.Policies = append(t.Policies, PolicyTrace{Type: typ, Name: p.name})
	return &t.Policies[len(t.Policies)-1]
}
