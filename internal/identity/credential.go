package identity

import (
	"time"

	"github.com/amityhq/amity/internal/policy"
)

// CredentialKind says whom a credential belongs to.
type CredentialKind string

const (
	KindRoot    CredentialKind = "root"    // the account's root user
	KindUser    CredentialKind = "user"    // an IAM user's access key
	KindSession CredentialKind = "session" // STS temporary credentials
	// KindFederated is a federated user session (sts:GetFederationToken)
	// of the IAM user it names, or of the root user when it names none.
	KindFederated CredentialKind = "federated"
)

// Access key statuses, as IAM names them.
const (
	StatusActive   = "Active"
	StatusInactive = "Inactive"
)

// Credential is an access key and what it stands for. Secret and
// SessionToken are held sealed at rest and opened only to verify a
// signature.
type Credential struct {
	AccessKeyID string         `json:"accessKeyId"`
	Secret      string         `json:"-"`
	Account     string         `json:"account"`
	Kind        CredentialKind `json:"kind"`
	Status      string         `json:"status"`
	Created     time.Time      `json:"created"`

	// UserName and UserID identify an IAM user's key (KindUser); UserPath
	// completes the user's ARN.
	UserName string `json:"userName,omitempty"`
	UserID   string `json:"userId,omitempty"`
	UserPath string `json:"userPath,omitempty"`

	// Session describes STS credentials (KindSession).
	Session *Session `json:"session,omitempty"`
}

// Session is the state of STS temporary credentials: a role session
// (KindSession, with the role's fields set), a federated user session
// (KindFederated: SessionName is the federated user's name) or the
// session of a user or root from GetSessionToken (only token and
// expiration set).
type Session struct {
	SessionToken string    `json:"-"`
	Expiration   time.Time `json:"expiration"`
	RoleName     string    `json:"roleName"`
	RolePath     string    `json:"rolePath"`
	RoleID       string    `json:"roleId"`
	SessionName  string    `json:"sessionName"`
	// SessionPolicies are the documents passed to AssumeRole (Policy and
	// the documents of PolicyArns), which limit the session.
	SessionPolicies []string `json:"sessionPolicies,omitempty"`
	// Chained is set when the session was made by a role session
	// (role chaining: at most one hour).
	Chained bool `json:"chained,omitempty"`
	// SourceAccount and SourceArn record who assumed the role.
	SourceArn string `json:"sourceArn,omitempty"`
	// Tags are the session tags, by key as passed: those of the request
	// that made the session and those inherited as transitive from the
	// session that made the request. They are principal tags
	// (aws:PrincipalTag), overriding the role's or user's tag of the same
	// key in any case.
	Tags map[string]string `json:"tags,omitempty"`
	// TransitiveTagKeys are the keys of Tags that pass on to the sessions
	// this session makes (role chaining).
	TransitiveTagKeys []string `json:"transitiveTagKeys,omitempty"`
}

// Principal returns the principal the credential acts as.
func (c *Credential) Principal() policy.Principal {
	switch c.Kind {
	case KindUser:
		return policy.Principal{Type: policy.User, Account: c.Account,
			ARN: "arn:aws:iam::" + c.Account + ":user" + rootPath(c.UserPath) + c.UserName}
	case KindSession:
		s := c.Session
		return policy.Principal{Type: policy.AssumedRole, Account: c.Account,
			ARN:       "arn:aws:sts::" + c.Account + ":assumed-role/" + s.RoleName + "/" + s.SessionName,
			IssuerARN: "arn:aws:iam::" + c.Account + ":role" + rootPath(s.RolePath) + s.RoleName}
	case KindFederated:
		issuer := policy.RootARN(c.Account)
		if c.UserName != "" {
			issuer = "arn:aws:iam::" + c.Account + ":user" + rootPath(c.UserPath) + c.UserName
		}
		return policy.Principal{Type: policy.FederatedUser, Account: c.Account,
			ARN: "arn:aws:sts::" + c.Account + ":federated-user/" + c.Session.SessionName, IssuerARN: issuer}
	}
	return policy.Principal{Type: policy.Root, Account: c.Account, ARN: policy.RootARN(c.Account)}
}

// PrincipalID is what GetCallerIdentity calls UserId and the aws:userid
// condition key holds: the account id for root, the user's unique id,
// ROLE-ID:SESSION-NAME for a role session, or ACCOUNT:NAME for a federated
// user (GetFederationToken's FederatedUserId, "123456789012:Bob" [STS API
// reference]).
func (c *Credential) PrincipalID() string {
	switch c.Kind {
	case KindUser:
		return c.UserID
	case KindSession:
		return c.Session.RoleID + ":" + c.Session.SessionName
	case KindFederated:
		return c.Account + ":" + c.Session.SessionName
	}
	return c.Account
}

// UserSession reports whether c is temporary credentials of a user or the
// root user: GetSessionToken's (amity has no MFA, so never with MFA) or
// GetFederationToken's. IAM refuses them.
func (c *Credential) UserSession() bool {
	return c.Session != nil && c.Kind != KindSession
}

// Expired reports whether a session credential has expired at now.
func (c *Credential) Expired(now time.Time) bool {
	return c.Session != nil && !now.Before(c.Session.Expiration)
}

// rootPath is an IAM path, "/" when none is recorded.
func rootPath(p string) string {
	if p == "" {
		return "/"
	}
	return p
}
