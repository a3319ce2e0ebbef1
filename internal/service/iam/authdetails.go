package iam

import (
	"context"
	"slices"

	"github.com/amityhq/amity/internal/api/iamapi"
	"github.com/amityhq/amity/internal/awsdata"
	"github.com/amityhq/amity/internal/store"
)

// detail is one entry of GetAccountAuthorizationDetails, which pages
// through users, groups, roles and policies as one list.
type detail struct {
	user   *iamapi.UserDetail
	group  *iamapi.GroupDetail
	role   *iamapi.RoleDetail
	policy *iamapi.ManagedPolicyDetail
}

// GetAccountAuthorizationDetails describes the account's users, groups,
// roles and managed policies with every policy document, URL-encoded, in
// AWS's shape: the account's own managed policies, and AWS's that it uses.
// Filter keeps entity types (User, Group, Role, LocalManagedPolicy,
// AWSManagedPolicy).
func (s *Service) GetAccountAuthorizationDetails(ctx context.Context, in *iamapi.GetAccountAuthorizationDetailsInput) (*iamapi.GetAccountAuthorizationDetailsOutput, error) {
	c := callerOf(ctx)
	if err := s.allow(ctx, c, "iam:GetAccountAuthorizationDetails", "*", nil); err != nil {
		return nil, err
	}
	wants := func(t string) bool { return len(in.Filter) == 0 || slices.Contains(in.Filter, t) }
	var all []detail
	err := s.store.View(ctx, func(tx store.Tx) error {
		var err error
		all, err = s.accountDetails(tx, c.account, wants)
		return err
	})
	if err != nil {
		return nil, err
	}
	pg, err := paginate(all, in.Marker, in.MaxItems)
	if err != nil {
		return nil, err
	}
	out := &iamapi.GetAccountAuthorizationDetailsOutput{UserDetailList: []iamapi.UserDetail{},
		GroupDetailList: []iamapi.GroupDetail{}, RoleDetailList: []iamapi.RoleDetail{},
		Policies: []iamapi.ManagedPolicyDetail{}, IsTruncated: pg.truncated, Marker: pg.marker}
	for _, d := range pg.items {
		switch {
		case d.user != nil:
			out.UserDetailList = append(out.UserDetailList, *d.user)
		case d.group != nil:
			out.GroupDetailList = append(out.GroupDetailList, *d.group)
		case d.role != nil:
			out.RoleDetailList = append(out.RoleDetailList, *d.role)
		default:
			out.Policies = append(out.Policies, *d.policy)
		}
	}
	return out, nil
}

// accountDetails lists the details of the entity types wants keeps.
func (s *Service) accountDetails(tx store.Tx, account string, wants func(string) bool) ([]detail, error) {
	var out []detail
	if wants(iamapi.EntityTypeUser) {
		users, err := list[User](tx, usersTable, account)
		if err != nil {
			return nil, err
		}
		for _, u := range users {
			out = append(out, detail{user: userDetail(u)})
		}
	}
	if wants(iamapi.EntityTypeGroup) {
		groups, err := list[Group](tx, groupsTable, account)
		if err != nil {
			return nil, err
		}
		for _, g := range groups {
			out = append(out, detail{group: &iamapi.GroupDetail{Path: new(g.Path), GroupName: new(g.Name),
				GroupId: new(g.ID), Arn: new(g.ARN()), CreateDate: new(g.Created),
				GroupPolicyList: inlineDetails(g.Inline), AttachedManagedPolicies: attachedShapes(g.Attached)}})
		}
	}
	if wants(iamapi.EntityTypeRole) {
		roles, err := list[Role](tx, rolesTable, account)
		if err != nil {
			return nil, err
		}
		for _, r := range roles {
			d, err := s.roleDetail(tx, r)
			if err != nil {
				return nil, err
			}
			out = append(out, detail{role: d})
		}
	}
	policies, err := policyDetails(tx, account, wants)
	return append(out, policies...), err
}

func userDetail(u *User) *iamapi.UserDetail {
	d := &iamapi.UserDetail{Path: new(u.Path), UserName: new(u.Name), UserId: new(u.ID), Arn: new(u.ARN()),
		CreateDate: new(u.Created), GroupList: append([]string{}, u.Groups...),
		AttachedManagedPolicies: attachedShapes(u.Attached), PermissionsBoundary: boundaryShape(u.Boundary),
		Tags: tagShapes(u.Tags, true)}
	if len(u.Inline) > 0 { // AWS leaves UserPolicyList out when empty
		d.UserPolicyList = inlineDetails(u.Inline)
	}
	return d
}

func (s *Service) roleDetail(tx store.Tx, r *Role) (*iamapi.RoleDetail, error) {
	profiles, err := profilesOf(tx, r)
	if err != nil {
		return nil, err
	}
	last, err := s.roleLastUsed(tx, r)
	if err != nil {
		return nil, err
	}
	d := &iamapi.RoleDetail{Path: new(r.Path), RoleName: new(r.Name), RoleId: new(r.ID), Arn: new(r.ARN()),
		CreateDate: new(r.Created), AssumeRolePolicyDocument: new(urlEncode(r.TrustPolicy)),
		InstanceProfileList: []iamapi.InstanceProfile{}, RolePolicyList: inlineDetails(r.Inline),
		AttachedManagedPolicies: attachedShapes(r.Attached), PermissionsBoundary: boundaryShape(r.Boundary),
		Tags: tagShapes(r.Tags, true), RoleLastUsed: last}
	for _, p := range profiles {
		roles, err := profileRoles(tx, p)
		if err != nil {
			return nil, err
		}
		d.InstanceProfileList = append(d.InstanceProfileList, instanceProfileShape(p, roles))
	}
	return d, nil
}

// inlineDetails lists inline policies by name, documents URL-encoded.
func inlineDetails(inline map[string]string) []iamapi.PolicyDetail {
	out := []iamapi.PolicyDetail{}
	for _, name := range sortedNames(inline) {
		out = append(out, iamapi.PolicyDetail{PolicyName: new(name), PolicyDocument: new(urlEncode(inline[name]))})
	}
	return out
}

// policyDetails lists the account's managed policies and the AWS managed
// policies it uses, each with all its versions, newest first.
func policyDetails(tx store.Tx, account string, wants func(string) bool) ([]detail, error) {
	uses, err := accountUsage(tx, account)
	if err != nil {
		return nil, err
	}
	var policies []*ManagedPolicy
	if wants(iamapi.EntityTypeAWSManagedPolicy) {
		for _, mp := range awsdata.ManagedPolicies() {
			if u := uses[mp.ARN]; u != nil && u.attachments()+u.boundaries() > 0 {
				policies = append(policies, awsManaged(&mp))
			}
		}
	}
	if wants(iamapi.EntityTypeLocalManagedPolicy) {
		local, err := list[ManagedPolicy](tx, policiesTable, account)
		if err != nil {
			return nil, err
		}
		policies = append(policies, local...)
	}
	var out []detail
	for _, p := range policies {
		u := uses[p.ARN()]
		if u == nil {
			u = &usage{}
		}
		shape := policyShape(p, u.attachments(), u.boundaries())
		d := &iamapi.ManagedPolicyDetail{PolicyName: shape.PolicyName, PolicyId: shape.PolicyId, Arn: shape.Arn,
			Path: shape.Path, DefaultVersionId: shape.DefaultVersionId, AttachmentCount: shape.AttachmentCount,
			PermissionsBoundaryUsageCount: shape.PermissionsBoundaryUsageCount, IsAttachable: shape.IsAttachable,
			Description: optional(p.Description), CreateDate: shape.CreateDate, UpdateDate: shape.UpdateDate,
			PolicyVersionList: []iamapi.PolicyVersion{}}
		for _, v := range newestFirst(p.Versions) {
			d.PolicyVersionList = append(d.PolicyVersionList, versionShape(p, &v, true))
		}
		out = append(out, detail{policy: d})
	}
	return out, nil
}
