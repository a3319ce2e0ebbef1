package iam

import (
	"github.com/amityhq/amity/internal/api/iamapi"
	"github.com/amityhq/amity/internal/store"
)

// The shapes IAM answers with. AWS leaves members out of some answers:
// ListUsers and GetGroup show no tags or boundary, CreateRole no
// MaxSessionDuration, ListRoles no tags, boundary or RoleLastUsed
// [LocalStack snapshots recorded against AWS, 2026]. Each function below
// gives the members every answer has; the operations add the rest.

// userShape is a user as ListUsers and GetGroup show it.
func userShape(u *User) iamapi.User {
	return iamapi.User{Path: new(u.Path), UserName: new(u.Name), UserId: new(u.ID), Arn: new(u.ARN()),
		CreateDate: new(u.Created)}
}

// fullUser is a user as CreateUser and GetUser show it: with its tags and
// boundary.
func fullUser(u *User) *iamapi.User {
	out := userShape(u)
	out.Tags = tagShapes(u.Tags, false)
	out.PermissionsBoundary = boundaryShape(u.Boundary)
	return &out
}

func groupShape(g *Group) iamapi.Group {
	return iamapi.Group{Path: new(g.Path), GroupName: new(g.Name), GroupId: new(g.ID), Arn: new(g.ARN()),
		CreateDate: new(g.Created)}
}

// roleSummary is a role as instance profiles show it.
func roleSummary(r *Role) iamapi.Role {
	return iamapi.Role{Path: new(r.Path), RoleName: new(r.Name), RoleId: new(r.ID), Arn: new(r.ARN()),
		CreateDate: new(r.Created), AssumeRolePolicyDocument: new(urlEncode(r.TrustPolicy))}
}

// listedRole is a role as ListRoles shows it.
func listedRole(r *Role) iamapi.Role {
	out := roleSummary(r)
	out.Description = optional(r.Description)
	out.MaxSessionDuration = new(r.MaxSessionDuration)
	return out
}

// fullRole is a role as GetRole shows it, with its last use.
func fullRole(r *Role, last *iamapi.RoleLastUsed) *iamapi.Role {
	out := listedRole(r)
	out.Tags = tagShapes(r.Tags, false)
	out.PermissionsBoundary = boundaryShape(r.Boundary)
	out.RoleLastUsed = last
	return &out
}

// roleLastUsed reads when and where a session of the role last signed a
// request; AWS shows an empty RoleLastUsed for a role never used.
func (s *Service) roleLastUsed(tx store.Tx, r *Role) (*iamapi.RoleLastUsed, error) {
	use, ok, err := s.ids.RoleUse(tx, r.Account, r.Name)
	if err != nil || !ok {
		return &iamapi.RoleLastUsed{}, err
	}
	return &iamapi.RoleLastUsed{LastUsedDate: &use.Time, Region: &use.Region}, nil
}

// boundaryShape is a permissions boundary as IAM shows it. AWS names its
// type "Policy", not the model's enum value "PermissionsBoundaryPolicy"
// [LocalStack snapshots recorded on AWS, 2026-02 (GetRole, CreateRole);
// the AWS CLI's get-user example].
func boundaryShape(arn string) *iamapi.AttachedPermissionsBoundary {
	if arn == "" {
		return nil
	}
	return &iamapi.AttachedPermissionsBoundary{
		PermissionsBoundaryType: new("Policy"),
		PermissionsBoundaryArn:  new(arn),
	}
}

// tagShapes converts tags; empty gives an empty list when always is set
// (AWS shows "Tags": [] on some answers) and none otherwise.
func tagShapes(tags []Tag, always bool) []iamapi.Tag {
	if len(tags) == 0 && !always {
		return nil
	}
	out := make([]iamapi.Tag, len(tags))
	for i, t := range tags {
		out[i] = iamapi.Tag{Key: new(t.Key), Value: new(t.Value)}
	}
	return out
}

func instanceProfileShape(p *InstanceProfile, roles []*Role) iamapi.InstanceProfile {
	out := iamapi.InstanceProfile{Path: new(p.Path), InstanceProfileName: new(p.Name), InstanceProfileId: new(p.ID),
		Arn: new(p.ARN()), CreateDate: new(p.Created), Roles: make([]iamapi.Role, 0, len(roles))}
	for _, r := range roles {
		out.Roles = append(out.Roles, roleSummary(r))
	}
	return out
}

// policyShape is a managed policy as CreatePolicy and ListPolicies show
// it; attached counts its attachments, bounds its uses as a boundary.
func policyShape(p *ManagedPolicy, attached, bounds int) iamapi.Policy {
	return iamapi.Policy{PolicyName: new(p.Name), PolicyId: new(p.ID), Arn: new(p.ARN()), Path: new(p.Path),
		DefaultVersionId: new(p.DefaultVersion), AttachmentCount: new(int32(attached)),
		PermissionsBoundaryUsageCount: new(int32(bounds)), IsAttachable: new(true),
		CreateDate: new(p.Created), UpdateDate: new(p.Updated)}
}

// versionShape is a policy version; withDocument adds its URL-encoded
// document (GetPolicyVersion, account authorization details).
func versionShape(p *ManagedPolicy, v *PolicyVersion, withDocument bool) iamapi.PolicyVersion {
	out := iamapi.PolicyVersion{VersionId: new(v.ID), IsDefaultVersion: new(v.ID == p.DefaultVersion),
		CreateDate: new(v.Created)}
	if withDocument {
		out.Document = new(urlEncode(v.Document))
	}
	return out
}

func attachedShapes(arns []string) []iamapi.AttachedPolicy {
	out := make([]iamapi.AttachedPolicy, len(arns))
	for i, arn := range arns {
		out[i] = iamapi.AttachedPolicy{PolicyName: new(policyNameOf(arn)), PolicyArn: new(arn)}
	}
	return out
}

func optional(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}
