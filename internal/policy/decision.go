package policy

// Effect is the outcome of an evaluation.
type Effect uint8

const (
	// ImplicitDeny: nothing allowed the request (the default).
	ImplicitDeny Effect = iota
	// Allow: the request is allowed.
	Allow
	// ExplicitDeny: a Deny statement matched; nothing can override it.
	ExplicitDeny
)

func (e Effect) String() string {
	switch e {
	case Allow:
		return "Allow"
	case ExplicitDeny:
		return "ExplicitDeny"
	}
	return "ImplicitDeny"
}

// PolicyType names a kind of policy in an evaluation: the one that decided.
type PolicyType uint8

const (
	NoPolicy PolicyType = iota
	ServiceControlPolicy
	ResourceBasedPolicy
	IdentityBasedPolicy
	PermissionsBoundary
	SessionPolicy
	// Grant: a grant (KMS) allowed the request.
	Grant
)

var policyTypeNames = [...]string{"", "service control policy", "resource-based policy",
	"identity-based policy", "permissions boundary", "session policy", "grant"}

func (t PolicyType) String() string {
	if int(t) < len(policyTypeNames) {
		return policyTypeNames[t]
	}
	return "unknown"
}

// Decision is the result of an evaluation and the reason for it.
type Decision struct {
	Effect Effect
	// By is the policy type that decided: for Allow, the one whose
	// statement allowed; for ExplicitDeny, the one whose statement denied;
	// for ImplicitDeny, the one that failed to allow.
	By PolicyType
	// Policy and Statement locate the deciding statement (Allow and
	// ExplicitDeny); Statement is its index in the document, Sid its Sid.
	Policy    string
	Statement int
	Sid       string
	// GrantID is the grant that allowed the request when By is Grant.
	GrantID string
	// Lacking, for an ImplicitDeny, is every policy type whose allow the
	// request needed and did not get; By is the one AWS's message names.
	Lacking PolicyTypes
}

// Allowed reports whether the request may proceed.
func (d Decision) Allowed() bool { return d.Effect == Allow }

// Reason returns the sentence AWS appends to an AccessDenied message for a
// denial of action, with its leading space:
//
//	because no identity-based policy allows the kms:CreateGrant action
//	with an explicit deny in a resource-based policy
//
// It is empty for an allowed request. AWS reports a service control policy
// that does not allow as an explicit deny, whatever the SCP says.
func (d Decision) Reason(action string) string {
	switch {
	case d.Effect == Allow || d.By == NoPolicy || d.By == Grant:
		return ""
	case d.Effect == ExplicitDeny || d.By == ServiceControlPolicy:
		article := "a"
		if d.By == IdentityBasedPolicy {
			article = "an"
		}
		return " with an explicit deny in " + article + " " + d.By.String()
	}
	return " because no " + d.By.String() + " allows the " + action + " action"
}
