package record

import (
	"strings"

	"github.com/amityhq/amity/internal/authz"
	"github.com/amityhq/amity/internal/identity"
	"github.com/amityhq/amity/internal/policy"
	"github.com/amityhq/amity/internal/wire/jsonio"
)

// identityTypes are userIdentity.type by principal [CloudTrail User Guide,
// "CloudTrail userIdentity element"].
var identityTypes = map[policy.PrincipalType]string{
	policy.Root:          "Root",
	policy.User:          "IAMUser",
	policy.AssumedRole:   "AssumedRole",
	policy.FederatedUser: "FederatedUser",
	policy.Service:       "AWSService",
}

// writeIdentity writes userIdentity: the caller in full for its own
// account, or — full false — as another account's records show it: the
// calling account and the caller's principal id.
func writeIdentity(e *jsonio.Encoder, req *authz.Request, full bool) {
	p := &req.Principal
	e.BeginObject()
	switch {
	case !full:
		str(e, "type", "AWSAccount")
		if id := req.PrincipalID(); id != "" {
			str(e, "principalId", id)
		}
		str(e, "accountId", p.Account)
	case p.Type == policy.Service:
		// A service acting as itself: {"type":"AWSService","invokedBy":
		// "backup.amazonaws.com"} [real AssumeRole records of 2022].
		str(e, "type", "AWSService")
		str(e, "invokedBy", p.ARN)
		e.EndObject()
		return
	default:
		writePrincipal(e, req)
	}
	if req.InvokedBy != "" {
		str(e, "invokedBy", req.InvokedBy)
	}
	if s := req.InScopeOf; s != nil && full {
		e.Key("inScopeOf")
		e.BeginObject()
		str(e, "issuerType", s.IssuerType)
		str(e, "credentialsIssuedTo", s.CredentialsIssuedTo)
		e.EndObject()
	}
	e.EndObject()
}

// writePrincipal writes the caller's own fields: type, principalId, arn,
// accountId, accessKeyId, userName and sessionContext.
func writePrincipal(e *jsonio.Encoder, req *authz.Request) {
	p := &req.Principal
	cred := req.Credential
	str(e, "type", identityTypes[p.Type])
	if id := req.PrincipalID(); id != "" {
		str(e, "principalId", id)
	}
	str(e, "arn", p.ARN)
	str(e, "accountId", p.Account)
	if cred != nil {
		str(e, "accessKeyId", cred.AccessKeyID)
	}
	if p.Type == policy.User {
		str(e, "userName", lastSegment(p.ARN))
	}
	switch {
	case cred != nil && cred.Session != nil:
		e.Key("sessionContext")
		e.BeginObject()
		e.Key("sessionIssuer")
		e.BeginObject()
		// A user's or root's own session (GetSessionToken) has an empty
		// issuer [real IAMUser records of 2022: "sessionIssuer":{}].
		if p.IssuerARN != "" {
			writeIssuer(e, p, cred)
		}
		e.EndObject()
		e.Key("webIdFederationData")
		e.BeginObject()
		e.EndObject()
		e.Key("attributes")
		e.BeginObject()
		str(e, "creationDate", cred.Created.UTC().Format(TimeLayout))
		str(e, "mfaAuthenticated", "false") // amity has no MFA
		e.EndObject()
		e.EndObject()
	case cred == nil && p.IssuerARN != "":
		// An identity-only session (aws:ec2-infrastructure/i-…) has a
		// role but no role id or credential: the issuer is all amity
		// knows. UNVERIFIED: no captured record shows its sessionContext.
		e.Key("sessionContext")
		e.BeginObject()
		e.Key("sessionIssuer")
		e.BeginObject()
		writeIssuer(e, p, nil)
		e.EndObject()
		e.EndObject()
	}
}

// writeIssuer writes what issued a session: the role assumed, or the user
// or root that asked for a federation token ("type – The source of the
// temporary security credentials, such as Root, IAMUser, or Role"; a
// root's has no userName [CloudTrail User Guide, "userIdentity
// element"]).
func writeIssuer(e *jsonio.Encoder, p *policy.Principal, cred *identity.Credential) {
	typ, id, name := "Role", "", lastSegment(p.IssuerARN)
	switch {
	case strings.HasSuffix(p.IssuerARN, ":root"):
		typ, id, name = "Root", p.Account, ""
	case strings.Contains(p.IssuerARN, ":user/"):
		typ = "IAMUser"
		if cred != nil {
			id = cred.UserID
		}
	case cred != nil:
		id = cred.Session.RoleID
	}
	str(e, "type", typ)
	if id != "" {
		str(e, "principalId", id)
	}
	str(e, "arn", p.IssuerARN)
	str(e, "accountId", p.Account)
	if name != "" {
		str(e, "userName", name)
	}
}

// username is LookupEvents' Username: the user's name, "root", a role
// session's name [CloudTrail User Guide, "Viewing CloudTrail events with
// the AWS CLI": AttributeValue=root]; a service's own name (UNVERIFIED).
func username(req *authz.Request) string {
	switch req.Principal.Type {
	case policy.Root:
		return "root"
	case policy.Service:
		return req.Principal.ARN
	}
	return lastSegment(req.Principal.ARN)
}

func lastSegment(arn string) string {
	return arn[strings.LastIndexByte(arn, '/')+1:]
}
