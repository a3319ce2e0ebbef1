package policy

// Grants are the permissions a resource's owner gives single principals
// outside any policy document: KMS grants. The engine asks for them only
// when the policies implicitly deny a request — never past an explicit
// deny, nor past a service control policy, since grants only allow — so
// that a grant's part in a decision is part of the decision and its trace.
//
// The service knows what its grants constrain (KMS: the encryption context,
// and for CreateGrant the grant being made); the engine knows when they
// count. Implementations must be pure, like the engine.
type Grants interface {
	// Allow returns the id of a grant that allows req, if one does. When
	// trace is not nil it receives every grant considered.
	Allow(req *Request, trace *[]GrantTrace) (id string, ok bool)
}

// GrantTrace is one grant as a decision saw it.
type GrantTrace struct {
	ID         string
	Grantee    string
	Operations []string
	// GranteeMatched: the grant names the caller (or the caller's role).
	GranteeMatched bool
	// OperationMatched: the grant lists the request's operation.
	OperationMatched bool
	// ConstraintsHeld: the request meets the grant's constraints.
	ConstraintsHeld bool
}

// Allows reports whether the grant allowed the request.
func (g *GrantTrace) Allows() bool {
	return g.GranteeMatched && g.OperationMatched && g.ConstraintsHeld
}

// PolicyTypes is a set of policy types: those that lacked an allow a
// request needed.
type PolicyTypes uint8

// Has reports whether t is in the set.
func (s PolicyTypes) Has(t PolicyType) bool { return s&(1<<t) != 0 }

// With returns the set with t added.
func (s PolicyTypes) With(t PolicyType) PolicyTypes { return s | 1<<t }

// First returns the first type of the set in evaluation order, NoPolicy
// for an empty set.
func (s PolicyTypes) First() PolicyType {
	for t := ServiceControlPolicy; t <= Grant; t++ {
		if s.Has(t) {
			return t
		}
	}
	return NoPolicy
}

// List returns the types in the set, in evaluation order.
func (s PolicyTypes) List() []PolicyType {
	var out []PolicyType
	for t := ServiceControlPolicy; t <= Grant; t++ {
		if s.Has(t) {
			out = append(out, t)
		}
	}
	return out
}
