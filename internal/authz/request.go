package authz

import (
	"strings"
	"time"

	"github.com/amityhq/amity/internal/identity"
	"github.com/amityhq/amity/internal/policy"
)

// Request is who asks, from where and when. The server makes one per
// request — from a signature, or for a call one service makes to another
// (Caller) — and passes it to services in the context (FromContext).
type Request struct {
	ID string // the request id
	// ParentID is, for a call a service made while serving another
	// request, that request's id; empty for a customer's request.
	ParentID  string
	UserAgent string
	// Credential is the access key the request was signed with; nil for a
	// principal that has none: an AWS service principal, or an
	// identity-only role session such as EBS's
	// aws:ec2-infrastructure/i-… session. Code reading it must check.
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
	// "ec2-frontend-api.amazonaws.com"; "AWS Internal" for an
	// identity-only session.
	InvokedBy string
	// CalledVia is aws:CalledVia: the services, first to last, that
	// called on the principal's behalf with its credentials, among those
	// AWS records there (calledViaServices).
	CalledVia []string
	// SourceARN and SourceAccount are aws:SourceArn and aws:SourceAccount:
	// the resource (and its owner) on whose behalf a service principal
	// acts, for confused-deputy conditions.
	SourceARN     string
	SourceAccount string
	// InScopeOf, for an identity-only session, is what AWS issued its
	// credentials to (CloudTrail's userIdentity.inScopeOf).
	InScopeOf *Scope
	// Subject is, for a call a service makes while working on one of its
	// resources — an instance it launches, a snapshot it copies, an image
	// it builds — that resource's ARN: what amity's explanations find the
	// call's failure by. AWS has no such field; it never leaves amity.
	Subject string
	// Decisions receives every authorization decided while serving the
	// request; nil keeps none.
	Decisions *Decisions
}

// Scope is the resource an identity-only session's credentials belong to.
type Scope struct {
	IssuerType          string // "AWS::EC2::Instance"
	CredentialsIssuedTo string // the instance's ARN
}

// AWSInternal is how CloudTrail names AWS's own infrastructure as a
// caller's address, agent and invoker [AWS_TEXTS.md §10].
const AWSInternal = "AWS Internal"

// calledViaServices are the services that AWS records in aws:CalledVia
// when they call with a principal's credentials; other services (EC2
// among them) set only aws:ViaAWSService [IAM User Guide, AWS global
// condition context keys, aws:CalledVia, "CalledVia services"].
var calledViaServices = map[string]bool{
	"athena.amazonaws.com":         true,
	"cloudformation.amazonaws.com": true,
	"dynamodb.amazonaws.com":       true,
	"kms.amazonaws.com":            true,
}

// OnBehalf returns the request an AWS service makes for the caller of req:
// the same principal and credential (a forward access session), marked as
// coming through viaService (the service's Regional endpoint name, e.g.
// "ec2.us-east-1.amazonaws.com") and recorded as invoked by invokedBy.
func (req *Request) OnBehalf(viaService, invokedBy string) *Request {
	r := *req
	r.ViaService, r.InvokedBy = viaService, invokedBy
	r.SourceIP, r.UserAgent = invokedBy, invokedBy
	r.Decisions = nil
	if principal := servicePrincipal(viaService); calledViaServices[principal] {
		r.CalledVia = append(append([]string(nil), req.CalledVia...), principal)
	}
	return &r
}

// servicePrincipal is the service principal of a Regional endpoint name:
// ec2.us-east-1.amazonaws.com → ec2.amazonaws.com.
func servicePrincipal(endpoint string) string {
	name, rest, ok := strings.Cut(endpoint, ".")
	if !ok {
		return endpoint
	}
	if _, domain, ok := strings.Cut(rest, "."); ok && strings.HasPrefix(domain, "amazonaws.") {
		return name + "." + domain
	}
	return endpoint
}

// ServiceRequest returns the request of an AWS service acting as itself
// (its service principal, e.g. "imagebuilder.amazonaws.com") in region,
// at t: what a trust policy naming {"Service": name} sees, for instance
// when the service assumes its service-linked role. It has no credential
// and no account; CloudTrail shows the service as the caller's address.
func ServiceRequest(name, region string, t time.Time) *Request {
	return &Request{Principal: policy.Principal{Type: policy.Service, ARN: name},
		Region: region, Time: t, SourceIP: name, UserAgent: name}
}

// ForResource returns a copy of req made on behalf of the resource arn,
// owned by account: aws:SourceArn and aws:SourceAccount.
func (req *Request) ForResource(arn, account string) *Request {
	r := *req
	r.SourceARN, r.SourceAccount = arn, account
	r.Decisions = nil
	return &r
}

// IdentityOnlySession returns the request of a role session that AWS
// creates for a resource without an IAM role behind it — EBS's
// arn:aws:sts::ACCOUNT:assumed-role/aws:ec2-infrastructure/i-… for an
// instance. It has no identity policies: key policies and grants decide
// [AWS_TEXTS.md §9]. CloudTrail records it as invoked by "AWS Internal".
func IdentityOnlySession(account, role, session, region string, scope *Scope, t time.Time) *Request {
	return &Request{
		Principal: policy.Principal{Type: policy.AssumedRole, Account: account,
			ARN:       "arn:aws:sts::" + account + ":assumed-role/" + role + "/" + session,
			IssuerARN: "arn:aws:iam::" + account + ":role/" + role},
		Region: region, Time: t, InScopeOf: scope,
		SourceIP: AWSInternal, UserAgent: AWSInternal, InvokedBy: AWSInternal,
	}
}

// PrincipalID is what GetCallerIdentity calls UserId and aws:userid holds:
// the credential's, the account for a root without one; empty for a
// service principal or an identity-only session, which have none.
func (req *Request) PrincipalID() string {
	if req.Credential != nil {
		return req.Credential.PrincipalID()
	}
	if req.Principal.Type == policy.Root {
		return req.Principal.Account
	}
	return ""
}

// WithRegion returns a copy of req made in region: a service acting in
// another Region than the request it serves (distributing an image).
func (req *Request) WithRegion(region string) *Request {
	r := *req
	r.Region, r.Decisions = region, nil
	return &r
}

// About returns a copy of req made while working on the resource arn
// (Subject).
func (req *Request) About(arn string) *Request {
	r := *req
	r.Subject, r.Decisions = arn, nil
	return &r
}
