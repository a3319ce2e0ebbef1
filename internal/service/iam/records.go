package iam

import (
	"time"
)

// Tag is an IAM tag.
type Tag struct {
	Key   string `json:"key"`
	Value string `json:"value"`
}

// Entity is what users, groups and roles share: a name under a path, a
// unique id, and policies.
type Entity struct {
	Account  string            `json:"account"`
	Name     string            `json:"name"`
	Path     string            `json:"path"`
	ID       string            `json:"id"`
	Created  time.Time         `json:"created"`
	Attached []string          `json:"attached,omitempty"` // managed policy ARNs, in attachment order
	Inline   map[string]string `json:"inline,omitempty"`   // inline policy name → document
	Tags     []Tag             `json:"tags,omitempty"`
	// Boundary is the ARN of the permissions boundary (users and roles).
	Boundary string `json:"boundary,omitempty"`
}

// User is an IAM user.
type User struct {
	Entity
	Groups []string `json:"groups,omitempty"` // group names
}

// Group is an IAM group.
type Group struct {
	Entity
}

// Role is an IAM role.
type Role struct {
	Entity
	TrustPolicy        string `json:"trustPolicy"`
	Description        string `json:"description,omitempty"`
	MaxSessionDuration int32  `json:"maxSessionDuration"`
	// ServiceLinked is the service principal a service-linked role belongs
	// to; such a role is modifiable only by AWS.
	ServiceLinked string `json:"serviceLinked,omitempty"`
}

// ManagedPolicy is a customer managed policy with its versions.
type ManagedPolicy struct {
	Account        string          `json:"account"`
	Name           string          `json:"name"`
	Path           string          `json:"path"`
	ID             string          `json:"id"`
	Description    string          `json:"description,omitempty"`
	Created        time.Time       `json:"created"`
	Updated        time.Time       `json:"updated"`
	DefaultVersion string          `json:"defaultVersion"`
	Versions       []PolicyVersion `json:"versions"`
	NextVersion    int             `json:"nextVersion"`
	Tags           []Tag           `json:"tags,omitempty"`
}

// PolicyVersion is one version of a managed policy.
type PolicyVersion struct {
	ID       string    `json:"id"` // v1, v2, ...
	Document string    `json:"document"`
	Created  time.Time `json:"created"`
}

// InstanceProfile is an IAM instance profile. It shares Entity's name,
// path, id and tags; it has no policies.
type InstanceProfile struct {
	Entity
	Roles []string `json:"roles,omitempty"` // role names (at most one)
}

// ARN builders.
func userARN(account, path, name string) string {
	return "arn:aws:iam::" + account + ":user" + path + name
}

func groupARN(account, path, name string) string {
	return "arn:aws:iam::" + account + ":group" + path + name
}

func roleARN(account, path, name string) string {
	return "arn:aws:iam::" + account + ":role" + path + name
}

func policyARN(account, path, name string) string {
	return "arn:aws:iam::" + account + ":policy" + path + name
}

func instanceProfileARN(account, path, name string) string {
	return "arn:aws:iam::" + account + ":instance-profile" + path + name
}

// ARN returns the user's ARN.
func (u *User) ARN() string { return userARN(u.Account, u.Path, u.Name) }

// ARN returns the group's ARN.
func (g *Group) ARN() string { return groupARN(g.Account, g.Path, g.Name) }

// ARN returns the role's ARN.
func (r *Role) ARN() string { return roleARN(r.Account, r.Path, r.Name) }

// ARN returns the policy's ARN.
func (p *ManagedPolicy) ARN() string { return policyARN(p.Account, p.Path, p.Name) }

// ARN returns the instance profile's ARN.
func (p *InstanceProfile) ARN() string { return instanceProfileARN(p.Account, p.Path, p.Name) }

// Version returns the version with the given id.
func (p *ManagedPolicy) Version(id string) (*PolicyVersion, bool) {
	for i := range p.Versions {
		if p.Versions[i].ID == id {
			return &p.Versions[i], true
		}
	}
	return nil, false
}
