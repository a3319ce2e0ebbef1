package policy

// Request is what is being decided: who asks to do what to which resource,
// and the condition keys of the request.
type Request struct {
	Principal *Principal
	// Action is "service:Operation", e.g. "kms:CreateGrant".
	Action string
	// Resource is the resource's ARN, or "*" for actions on no resource.
	Resource string
	// ResourceAccount owns the resource; a request is cross-account when
	// it differs from the principal's account.
	ResourceAccount string
	// Context holds the condition keys and the values of policy variables;
	// nil means none.
	Context Context
}

// crossAccount reports whether the principal and the resource are in
// different accounts. Services and anonymous callers belong to no account.
func (r *Request) crossAccount() bool {
	return r.Principal.Account == "" || r.Principal.Account != r.ResourceAccount
}

// Mode selects how a resource-based policy combines with identity policies.
type Mode uint8

const (
	// Standard is IAM's general logic: within one account an allow from
	// either the identity policies or the resource policy suffices.
	Standard Mode = iota
	// ResourcePolicyRequired is the logic of KMS key policies and role
	// trust policies: the resource policy must allow, either by naming the
	// caller or by naming the caller's account — which delegates the
	// decision to the caller's identity policies.
	ResourcePolicyRequired
)

// Policies are the policies that apply to a request, by type.
type Policies struct {
	Mode Mode
	// SCPs apply when non-nil: at least one must allow. nil means the
	// account is in no organization (or the principal is exempt).
	SCPs []*Policy
	// Resource is the resource's policy (key policy, trust policy), or nil.
	Resource *Policy
	// Identity are the caller's identity-based policies (attached managed
	// policies, inline policies, group policies).
	Identity []*Policy
	// Boundary is the caller's permissions boundary, or nil.
	Boundary *Policy
	// Session are the session policies of a role or federated user session;
	// when non-nil at least one must allow what the identity policies allow.
	// A federated user session (sts:GetFederationToken) without them gets
	// nothing from its user's identity policies.
	Session []*Policy
	// Grants are the resource's grants (KMS), or nil.
	Grants Grants
}
