package policy

// Kind is the role a policy document plays. It decides which elements are
// required or forbidden when the document is parsed.
type Kind uint8

const (
	// Identity is a managed policy attached to a user, group or role, also
	// used as a permissions boundary. Version 2012-10-17 is required.
	Identity Kind = iota + 1
	// Inline is a policy embedded in a user, group or role.
	Inline
	// Trust is a role's trust policy (AssumeRolePolicyDocument).
	Trust
	// Resource is a resource-based policy other than a key policy. A
	// statement may omit Resource: it then covers the resource the policy
	// is attached to.
	Resource
	// Key is a KMS key policy.
	Key
	// SCP is an AWS Organizations service control policy.
	SCP
	// Session is a session policy passed to sts:AssumeRole.
	Session
)

var kindNames = [...]string{"", "identity", "inline", "trust", "resource", "key", "scp", "session"}

func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "unknown"
}

// identityLike kinds attach to a principal: they name no Principal and
// must name resources.
func (k Kind) identityLike() bool {
	return k == Identity || k == Inline || k == SCP || k == Session
}

// resourceLike kinds attach to a resource and must name a Principal.
func (k Kind) resourceLike() bool {
	return k == Trust || k == Resource || k == Key
}
