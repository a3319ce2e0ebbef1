package iam

import (
	"context"

	"github.com/amityhq/amity/internal/api/iamapi"
	"github.com/amityhq/amity/internal/identity"
	"github.com/amityhq/amity/internal/store"
)

// defaultMaxSessionDuration is a role's MaxSessionDuration unless set:
// one hour.
const defaultMaxSessionDuration = 3600

// CreateRole creates a role with a trust policy (MalformedPolicyDocument
// when it is not one, or names principals that do not exist;
// LimitExceeded beyond 2,048 characters), optionally with a description,
// a session length (3,600 to 43,200 seconds, checked by the model), a
// permissions boundary and tags.
func (s *Service) CreateRole(ctx context.Context, in *iamapi.CreateRoleInput) (*iamapi.CreateRoleOutput, error) {
	c := callerOf(ctx)
	path := pathOr(in.Path)
	arn := roleKind.arn(c.account, path, *in.RoleName)
	tags, err := requestTags(in.Tags)
	if err != nil {
		return nil, err
	}
	boundary := deref(in.PermissionsBoundary)
	if err := s.allow(ctx, c, "iam:CreateRole", arn, tagConditions(tags, boundaryCondition(boundary))); err != nil {
		return nil, err
	}
	trust, err := s.parseTrust(arn, *in.AssumeRolePolicyDocument)
	if err != nil {
		return nil, err
	}
	r := &Role{Entity: Entity{Account: c.account, Name: *in.RoleName, Path: path,
		ID: s.ids.UniqueID(identity.PrefixRole), Created: s.now(), Tags: tags, Boundary: boundary},
		TrustPolicy: *in.AssumeRolePolicyDocument, Description: deref(in.Description),
		MaxSessionDuration: defaultMaxSessionDuration}
	if in.MaxSessionDuration != nil {
		r.MaxSessionDuration = *in.MaxSessionDuration
	}
	err = s.update(ctx, func(tx store.Tx) error {
		if err := s.checkPrincipals(tx, trust); err != nil {
			return err
		}
		if boundary != "" {
			if err := checkBoundary(tx, c.account, boundary); err != nil {
				return err
			}
		}
		return roleKind.create(tx, r)
	})
	if err != nil {
		return nil, err
	}
	return &iamapi.CreateRoleOutput{Role: createdRole(r)}, nil
}

// createdRole is a role as CreateRole shows it: without its
// MaxSessionDuration.
func createdRole(r *Role) *iamapi.Role {
	out := roleSummary(r)
	out.Description = optional(r.Description)
	out.Tags = tagShapes(r.Tags, false)
	out.PermissionsBoundary = boundaryShape(r.Boundary)
	return &out
}

// GetRole returns a role with its trust policy (URL-encoded), tags and
// boundary.
func (s *Service) GetRole(ctx context.Context, in *iamapi.GetRoleInput) (*iamapi.GetRoleOutput, error) {
	r, err := s.readEntity(ctx, callerOf(ctx), roleKind, *in.RoleName, "iam:GetRole")
	if err != nil {
		return nil, err
	}
	role := r.(*Role)
	var last *iamapi.RoleLastUsed
	err = s.store.View(ctx, func(tx store.Tx) error {
		last, err = s.roleLastUsed(tx, role)
		return err
	})
	if err != nil {
		return nil, err
	}
	return &iamapi.GetRoleOutput{Role: fullRole(role, last)}, nil
}

// ListRoles lists the account's roles under a path prefix.
func (s *Service) ListRoles(ctx context.Context, in *iamapi.ListRolesInput) (*iamapi.ListRolesOutput, error) {
	c := callerOf(ctx)
	prefix := pathOr(in.PathPrefix)
	if err := s.allow(ctx, c, "iam:ListRoles", roleKind.arn(c.account, prefix, ""), nil); err != nil {
		return nil, err
	}
	p, err := listUnder(ctx, s.store, rolesTable, c.account, prefix,
		func(r *Role) string { return r.Path }, listedRole, in.Marker, in.MaxItems)
	if err != nil {
		return nil, err
	}
	return &iamapi.ListRolesOutput{Roles: p.items, IsTruncated: p.truncated, Marker: p.marker}, nil
}

// DeleteRole deletes a role in no instance profile and without policies
// (DeleteConflict otherwise). A service-linked role is deleted through
// DeleteServiceLinkedRole only (UnmodifiableEntity).
func (s *Service) DeleteRole(ctx context.Context, in *iamapi.DeleteRoleInput) (*iamapi.DeleteRoleOutput, error) {
	c := callerOf(ctx)
	return nil, s.deleteEntity(ctx, c, roleKind, *in.RoleName, "iam:DeleteRole", func(tx store.Tx, rec record) error {
		r := rec.(*Role)
		if r.ServiceLinked != "" {
			return protectedRole(r.Name)
		}
		return roleInUse(tx, r)
	})
}

// roleInUse is the DeleteConflict of a role that an instance profile
// holds or that has policies. A service-linked role's managed policy goes
// with it, and it can have no other.
func roleInUse(tx store.Tx, r *Role) error {
	profiles, err := profilesOf(tx, r)
	switch {
	case err != nil:
		return err
	case len(profiles) > 0:
		return errMustRemoveRoles
	case r.ServiceLinked != "":
		return nil
	}
	return policiesLeft(&r.Entity)
}

// UpdateAssumeRolePolicy replaces a role's trust policy, validated as
// CreateRole validates it.
func (s *Service) UpdateAssumeRolePolicy(ctx context.Context, in *iamapi.UpdateAssumeRolePolicyInput) (*iamapi.UpdateAssumeRolePolicyOutput, error) {
	c := callerOf(ctx)
	return nil, s.changePolicies(ctx, c, roleKind, *in.RoleName, "iam:UpdateAssumeRolePolicy", nil, func(tx store.Tx, rec record) error {
		r := rec.(*Role)
		trust, err := s.parseTrust(r.ARN(), *in.PolicyDocument)
		if err != nil {
			return err
		}
		if err := s.checkPrincipals(tx, trust); err != nil {
			return err
		}
		r.TrustPolicy = *in.PolicyDocument
		return nil
	})
}

// UpdateRole changes a role's description or MaxSessionDuration.
func (s *Service) UpdateRole(ctx context.Context, in *iamapi.UpdateRoleInput) (*iamapi.UpdateRoleOutput, error) {
	c := callerOf(ctx)
	return nil, s.updateEntity(ctx, c, roleKind, *in.RoleName, "iam:UpdateRole", nil, func(_ store.Tx, rec record) error {
		r := rec.(*Role)
		if in.Description != nil {
			r.Description = *in.Description
		}
		if in.MaxSessionDuration != nil {
			r.MaxSessionDuration = *in.MaxSessionDuration
		}
		return nil
	})
}

// Role returns the role of account named name, for services that act
// with roles (EC2 instance profiles, Image Builder); ok is false when
// there is none.
func (s *Service) Role(ctx context.Context, account, name string) (role *Role, ok bool, err error) {
	err = s.store.View(ctx, func(tx store.Tx) error {
		role, err = getRole(tx, account, name)
		ok, err = found(err)
		return err
	})
	return role, ok, err
}
