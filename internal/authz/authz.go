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
	"time"

	"github.com/amityhq/amity/internal/identity"
	"github.com/amityhq/amity/internal/policy"
)

// Request is who asks, from where and when. The server makes one per
// request and passes it to services in the context (FromContext).
type Request struct {
	ID         string // the request id
	UserAgent  string
	Credential *identity.Credential
	Principal  policy.Principal
	Region     string
	SourceIP   string
	Time       time.Time
	// SecureTransport is true for requests that came over TLS.
	SecureTransport bool
	// ViaService is set when an AWS service calls on the caller's behalf,
	// e.g. "ec2.us-east-1.amazonaws.com" (kms:ViaService).
	ViaService string
	// InvokedBy names that service as CloudTrail records it
	// (userIdentity.invokedBy, sourceIPAddress, userAgent), e.g.
	// "ec2-frontend-api.amazonaws.com".
	InvokedBy string
}

// OnBehalf returns the request an AWS service makes for the caller of req:
// the same principal and credential (a forward access session), marked as
// coming through viaService and recorded as invoked by invokedBy.
func (req *Request) OnBehalf(viaService, invokedBy string) *Request {
	r := *req
	r.ViaService, r.InvokedBy = viaService, invokedBy
	r.SourceIP, r.UserAgent = invokedBy, invokedBy
	return &r
}

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
	// Context holds the service's condition keys (kms:calleraccount, ...),
	// named in lower case as the engine asks for them.
	Context map[string][]string
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

// Authorizer decides requests.
type Authorizer struct {
	source   PolicySource
	sessions sessionPolicies
}

// New returns an Authorizer reading identity policies from source.
func New(source PolicySource) *Authorizer {
	return &Authorizer{source: source}
}

// Authorize decides check for req. trace, when not nil, receives the
// engine's trace. The error is a failure to read the policies, never a
// denial: denials are in the Decision.
func (a *Authorizer) Authorize(ctx context.Context, req *Request, check *Check, trace *policy.Trace) (policy.Decision, error) {
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
	pr := &policy.Request{
		Principal:       &req.Principal,
		Action:          check.Action,
		Resource:        check.Resource,
		ResourceAccount: check.ResourceAccount,
		Context:         &requestKeys{req: req, service: check.Context, tags: tags},
	}
	return policy.Evaluate(pr, &ps, trace), nil
}
