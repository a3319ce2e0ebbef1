// Package authz decides whether a request may proceed. It assembles what
// the policy engine needs — the caller's principal and identity-based
// policies, its permissions boundary and session policies, the resource's
// policy, and the request's condition keys — and returns the engine's
// decision, with a trace when asked.
//
// Every service authorizes through Authorize, also when it acts on a
// caller's behalf for another service (EC2 asking KMS for a grant): the
// Request then names the service it came through (ViaService), which is
// what the kms:ViaService and kms:GrantIsForAWSResource keys see.
package authz

import (
	"context"
	"sync"

	"github.com/amityhq/amity/internal/identity"
	"github.com/amityhq/amity/internal/policy"
)

// Check is what a service asks: may the request perform Action on
// Resource?
type Check struct {
	Action          string // "iam:CreateUser"
	Resource        string // ARN, or "*"
	ResourceAccount string // account owning the resource
	// ResourcePolicy is the resource's policy (key policy, trust policy),
	// or nil; Mode says how it combines with identity policies.
	ResourcePolicy *policy.Policy
	Mode           policy.Mode
	// Context answers the service's condition keys (kms:calleraccount,
	// ...), named in lower case as the engine asks for them; nil when the
	// service has none.
	Context ServiceKeys
	// Grants, when set, gives the resource's grants (KMS), read only when
	// the policies implicitly deny.
	Grants GrantSource
}

// ServiceKeys are a service's condition keys for one check: a
// policy.Keys map, or a view a hot path answers from its own state
// without building a map per request (KMS's).
type ServiceKeys interface {
	policy.Context
	// Each calls f with every key the request has and its values, for
	// the record of a denial. The values may be reused after the check.
	Each(f func(key string, values []string))
}

// GrantSource gives the grants that decide a request: a KMS key's, for
// the request being checked. Reading them may touch the store.
type GrantSource interface {
	Grants(ctx context.Context) (policy.Grants, error)
}

// IdentityPolicies are the identity-based policies of a principal.
type IdentityPolicies struct {
	Policies []*policy.Policy
	Boundary *policy.Policy
	Tags     map[string]string
}

// PolicySource gives the identity-based policies of the principal a
// credential stands for: the user's and its groups', or the session's
// role's. It is implemented by IAM.
type PolicySource interface {
	IdentityPolicies(ctx context.Context, c *identity.Credential) (*IdentityPolicies, error)
}

// Options configure an Authorizer.
type Options struct {
	// TraceAllows keeps the engine's full trace of allowed requests too;
	// by default an allow keeps the statement or grant that allowed, and
	// only denials keep the full trace (a second, traced evaluation).
	TraceAllows bool
}

// Authorizer decides requests. The application makes one and every
// service authorizes through it.
type Authorizer struct {
	source   PolicySource
	sessions sessionPolicies
	opts     Options
}

// New returns an Authorizer reading identity policies from source.
func New(source PolicySource, opts Options) *Authorizer {
	return &Authorizer{source: source, opts: opts}
}

// Authorize decides check for req and keeps the decision, with its trace,
// in req.Decisions. The error is a failure to read policies or grants,
// never a denial: denials are in the Decision.
func (a *Authorizer) Authorize(ctx context.Context, req *Request, check *Check) (policy.Decision, error) {
	return a.decide(ctx, req, check, req.Decisions)
}

// Evaluate decides check for req without keeping the decision: a
// hypothetical question a service asks about a request it has not been
// made (KMS's policy lockout check: could the caller still change the
// key policy afterwards?).
func (a *Authorizer) Evaluate(ctx context.Context, req *Request, check *Check) (policy.Decision, error) {
	return a.decide(ctx, req, check, nil)
}

func (a *Authorizer) decide(ctx context.Context, req *Request, check *Check, keep *Decisions) (policy.Decision, error) {
	ps := policy.Policies{Mode: check.Mode, Resource: check.ResourcePolicy}
	var tags map[string]string
	if req.Credential != nil && req.Credential.Kind != identity.KindRoot {
		ip, err := a.source.IdentityPolicies(ctx, req.Credential)
		if err != nil {
			return policy.Decision{}, err
		}
		ps.Identity, ps.Boundary = ip.Policies, ip.Boundary
		tags = principalTags(ip.Tags, req.Credential.Session)
		if s := req.Credential.Session; s != nil && len(s.SessionPolicies) > 0 {
			if ps.Session, err = a.sessions.get(req.Credential); err != nil {
				return policy.Decision{}, err
			}
		}
	}
	e := evaluations.Get().(*evaluation)
	defer e.release()
	e.keys = requestKeys{req: req, service: check.Context, tags: tags}
	e.request = policy.Request{Principal: &req.Principal, Action: check.Action, Resource: check.Resource,
		ResourceAccount: check.ResourceAccount, Context: &e.keys}
	pr := &e.request
	d := policy.Evaluate(pr, &ps, nil)
	if d.Effect == policy.ImplicitDeny && d.By != policy.ServiceControlPolicy && check.Grants != nil {
		g, err := check.Grants.Grants(ctx)
		if err != nil {
			return policy.Decision{}, err
		}
		ps.Grants = g
		d = policy.Evaluate(pr, &ps, nil)
	}
	if keep != nil {
		rec := Record{Principal: req.Principal.ARN, Action: check.Action, Resource: check.Resource,
			ResourceAccount: check.ResourceAccount, Decision: d}
		if !d.Allowed() || a.opts.TraceAllows {
			rec.Trace = new(policy.Trace)
			policy.Evaluate(pr, &ps, rec.Trace)
			rec.Conditions = ConditionsOf(check.Context)
		}
		keep.add(rec)
	}
	return d, nil
}

// evaluation is what a decision is computed with. Reused (the engine
// keeps no reference to a request once it has decided): authorization is
// on every request's path, and these were two of its allocations.
type evaluation struct {
	request policy.Request
	keys    requestKeys
}

var evaluations = sync.Pool{New: func() any { return new(evaluation) }}

// release clears the evaluation, holding no request, and returns it.
func (e *evaluation) release() {
	*e = evaluation{}
	evaluations.Put(e)
}
