package iam

import (
	"context"
	"strings"

	"github.com/amityhq/amity/internal/api/iamapi"
	"github.com/amityhq/amity/internal/identity"
	"github.com/amityhq/amity/internal/store"
)

// CreateInstanceProfile creates an empty instance profile.
func (s *Service) CreateInstanceProfile(ctx context.Context, in *iamapi.CreateInstanceProfileInput) (*iamapi.CreateInstanceProfileOutput, error) {
	c := callerOf(ctx)
	path := pathOr(in.Path)
	tags, err := requestTags(in.Tags)
	if err != nil {
		return nil, err
	}
	arn := profileKind.arn(c.account, path, *in.InstanceProfileName)
	if err := s.allow(ctx, c, "iam:CreateInstanceProfile", arn, tagConditions(tags, nil)); err != nil {
		return nil, err
	}
	p := &InstanceProfile{Entity: Entity{Account: c.account, Name: *in.InstanceProfileName, Path: path,
		ID: s.ids.UniqueID(identity.PrefixInstanceProfile), Created: s.now(), Tags: tags}}
	if err := s.update(ctx, func(tx store.Tx) error { return profileKind.create(tx, p) }); err != nil {
		return nil, err
	}
	out := instanceProfileShape(p, nil)
	out.Tags = tagShapes(p.Tags, false)
	return &iamapi.CreateInstanceProfileOutput{InstanceProfile: &out}, nil
}

// GetInstanceProfile returns an instance profile with its role.
func (s *Service) GetInstanceProfile(ctx context.Context, in *iamapi.GetInstanceProfileInput) (*iamapi.GetInstanceProfileOutput, error) {
	c := callerOf(ctx)
	r, err := s.readEntity(ctx, c, profileKind, *in.InstanceProfileName, "iam:GetInstanceProfile")
	if err != nil {
		return nil, err
	}
	p := r.(*InstanceProfile)
	var out iamapi.InstanceProfile
	err = s.store.View(ctx, func(tx store.Tx) error {
		roles, err := profileRoles(tx, p)
		out = instanceProfileShape(p, roles)
		return err
	})
	out.Tags = tagShapes(p.Tags, true)
	return &iamapi.GetInstanceProfileOutput{InstanceProfile: &out}, err
}

// profileRoles loads the roles of an instance profile.
func profileRoles(tx store.Tx, p *InstanceProfile) ([]*Role, error) {
	var roles []*Role
	for _, name := range p.Roles {
		r, err := getRole(tx, p.Account, name)
		if ok, err := found(err); err != nil {
			return nil, err
		} else if ok {
			roles = append(roles, r)
		}
	}
	return roles, nil
}

// profilesOf returns the instance profiles that hold role r.
func profilesOf(tx store.Tx, r *Role) ([]*InstanceProfile, error) {
	return holding(tx, instanceProfilesTable, r.Account, r.Name, func(p *InstanceProfile) []string { return p.Roles })
}

// ListInstanceProfiles lists the account's instance profiles under a path
// prefix, with their roles.
func (s *Service) ListInstanceProfiles(ctx context.Context, in *iamapi.ListInstanceProfilesInput) (*iamapi.ListInstanceProfilesOutput, error) {
	c := callerOf(ctx)
	prefix := pathOr(in.PathPrefix)
	if err := s.allow(ctx, c, "iam:ListInstanceProfiles", profileKind.arn(c.account, prefix, ""), nil); err != nil {
		return nil, err
	}
	var profiles []iamapi.InstanceProfile
	err := s.store.View(ctx, func(tx store.Tx) error {
		all, err := list[InstanceProfile](tx, instanceProfilesTable, c.account)
		if err != nil {
			return err
		}
		for _, p := range all {
			if strings.HasPrefix(p.Path, prefix) {
				roles, err := profileRoles(tx, p)
				if err != nil {
					return err
				}
				profiles = append(profiles, instanceProfileShape(p, roles))
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	pg, err := paginate(profiles, in.Marker, in.MaxItems)
	if err != nil {
		return nil, err
	}
	return &iamapi.ListInstanceProfilesOutput{InstanceProfiles: pg.items, IsTruncated: pg.truncated, Marker: pg.marker}, nil
}

// ListInstanceProfilesForRole lists the instance profiles holding a role.
func (s *Service) ListInstanceProfilesForRole(ctx context.Context, in *iamapi.ListInstanceProfilesForRoleInput) (*iamapi.ListInstanceProfilesForRoleOutput, error) {
	c := callerOf(ctx)
	rec, err := s.readEntity(ctx, c, roleKind, *in.RoleName, "iam:ListInstanceProfilesForRole")
	if err != nil {
		return nil, err
	}
	r := rec.(*Role)
	var profiles []iamapi.InstanceProfile
	err = s.store.View(ctx, func(tx store.Tx) error {
		ps, err := profilesOf(tx, r)
		for _, p := range ps {
			profiles = append(profiles, instanceProfileShape(p, []*Role{r}))
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	pg, err := paginate(profiles, in.Marker, in.MaxItems)
	if err != nil {
		return nil, err
	}
	return &iamapi.ListInstanceProfilesForRoleOutput{InstanceProfiles: pg.items, IsTruncated: pg.truncated, Marker: pg.marker}, nil
}

// DeleteInstanceProfile deletes an instance profile holding no role
// (DeleteConflict otherwise).
func (s *Service) DeleteInstanceProfile(ctx context.Context, in *iamapi.DeleteInstanceProfileInput) (*iamapi.DeleteInstanceProfileOutput, error) {
	c := callerOf(ctx)
	return nil, s.deleteEntity(ctx, c, profileKind, *in.InstanceProfileName, "iam:DeleteInstanceProfile", func(_ store.Tx, r record) error {
		if len(r.(*InstanceProfile).Roles) > 0 {
			return errMustRemoveRoles
		}
		return nil
	})
}

// AddRoleToInstanceProfile puts a role in an instance profile, which
// holds at most one (LimitExceeded). It also needs iam:PassRole on the
// role, as AWS requires.
func (s *Service) AddRoleToInstanceProfile(ctx context.Context, in *iamapi.AddRoleToInstanceProfileInput) (*iamapi.AddRoleToInstanceProfileOutput, error) {
	c := callerOf(ctx)
	roleARN, err := s.entityARN(ctx, roleKind, c.account, *in.RoleName)
	if err != nil {
		return nil, err
	}
	if err := s.allow(ctx, c, "iam:PassRole", roleARN, nil); err != nil {
		return nil, err
	}
	return nil, s.changeProfile(ctx, c, *in.InstanceProfileName, *in.RoleName, "iam:AddRoleToInstanceProfile",
		func(p *InstanceProfile, r *Role) error {
			if len(p.Roles) > 0 {
				return errInstanceProfileFull
			}
			p.Roles = []string{r.Name}
			return nil
		})
}

// RemoveRoleFromInstanceProfile takes a role out of an instance profile.
func (s *Service) RemoveRoleFromInstanceProfile(ctx context.Context, in *iamapi.RemoveRoleFromInstanceProfileInput) (*iamapi.RemoveRoleFromInstanceProfileOutput, error) {
	c := callerOf(ctx)
	return nil, s.changeProfile(ctx, c, *in.InstanceProfileName, *in.RoleName, "iam:RemoveRoleFromInstanceProfile",
		func(p *InstanceProfile, r *Role) error {
			if !hasName(p.Roles, r.Name) {
				return roleNotInInstanceProfile(r.Name, p.Name)
			}
			p.Roles = withoutName(p.Roles, r.Name)
			return nil
		})
}

// changeProfile authorizes action on an instance profile and applies
// change to it and a role, the profile being looked up first.
func (s *Service) changeProfile(ctx context.Context, c *caller, profile, role, action string,
	change func(*InstanceProfile, *Role) error) error {
	return s.updateEntity(ctx, c, profileKind, profile, action, nil, func(tx store.Tx, rec record) error {
		r, err := roleKind.find(tx, c.account, role)
		if err != nil {
			return err
		}
		return change(rec.(*InstanceProfile), r.(*Role))
	})
}
