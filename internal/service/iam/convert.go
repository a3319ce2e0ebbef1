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
	return iamapi.User{Path: ptr(u.Path), UserName: ptr(u.Name), UserId: ptr(u.ID), Arn: ptr(u.ARN()),
		CreateDate: ptr(u.Created)}
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
	return iamapi.Group{Path: ptr(g.Path), GroupName: ptr(g.Name), GroupId: ptr(g.ID), Arn: ptr(g.ARN()),
		CreateDate: ptr(g.Created)}
}

// roleSummary is a role as instance profiles show it.
func roleSummary(r *Role) iamapi.Role {
	return iamapi.Role{Path: ptr(r.Path), RoleName: ptr(r.Name), RoleId: ptr(r.ID), Arn: ptr(r.ARN()),
		CreateDate: ptr(r.Created), AssumeRolePolicyDocument: ptr(urlEncode(r.TrustPolicy))}
}

// listedRole is a role as ListRoles shows it.
func listedRole(r *Role) iamapi.Role {
	out := roleSummary(r)
	out.Description = optional(r.Description)
	out.MaxSessionDuration = ptr(r.MaxSessionDuration)
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
		PermissionsBoundaryType: ptr("Policy"),
		PermissionsBoundaryArn:  ptr(arn),
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
		out[i] = iamapi.Tag{Key: ptr(t.Key), Value: ptr(t.Value)}
	}
	return out
}

func instanceProfileShape(p *InstanceProfile, roles []*Role) iamapi.InstanceProfile {
	out := iamapi.InstanceProfile{Path: ptr(p.Path), InstanceProfileName: ptr(p.Name), InstanceProfileId: ptr(p.ID),
		Arn: ptr(p.ARN()), CreateDate: ptr(p.Created), Roles: make([]iamapi.Role, 0, len(roles))}
	for _, r := range roles {
		out.Roles = append(out.Roles, roleSummary(r))
	}
	return out
}

// policyShape is a managed policy as CreatePolicy and ListPolicies show
// it; attached counts its attachments, bounds its uses as a boundary.
func policyShape(p *ManagedPolicy, attached, bounds int) iamapi.Policy {
	return iamapi.Policy{PolicyName: ptr(p.Name), PolicyId: ptr(p.ID), Arn: ptr(p.ARN()), Path: ptr(p.Path),
		DefaultVersionId: ptr(p.DefaultVersion), AttachmentCount: ptr(int32(attached)),
		PermissionsBoundaryUsageCount: ptr(int32(bounds)), IsAttachable: ptr(true),
		CreateDate: ptr(p.Created), UpdateDate: ptr(p.Updated)}
}

// versionShape is a policy version; withDocument adds its URL-encoded
// document (GetPolicyVersion, account authorization details).
func versionShape(p *ManagedPolicy, v *PolicyVersion, withDocument bool) iamapi.PolicyVersion {
	out := iamapi.PolicyVersion{VersionId: ptr(v.ID), IsDefaultVersion: ptr(v.ID == p.DefaultVersion),
		CreateDate: ptr(v.Created)}
	if withDocument {
		out.Document = ptr(urlEncode(v.Document))
	}
	return out
}

func attachedShapes(arns []string) []iamapi.AttachedPolicy {
	out := make([]iamapi.AttachedPolicy, len(arns))
	for i, arn := range arns {
		out[i] = iamapi.AttachedPolicy{PolicyName: ptr(policyNameOf(arn)), PolicyArn: ptr(arn)}
	}
	return out
}

func optional(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}
