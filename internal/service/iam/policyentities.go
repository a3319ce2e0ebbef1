package iam

import (
	"context"
	"strings"

	"github.com/amityhq/amity/internal/api/iamapi"
	"github.com/amityhq/amity/internal/store"
)

// policyEntity is one entity a managed policy applies to.
type policyEntity struct {
	kind *kind
	e    *Entity
}

// ListEntitiesForPolicy lists the account's groups, users and roles that
// a managed policy is attached to or bounds, filtered by entity type,
// entity path and usage.
func (s *Service) ListEntitiesForPolicy(ctx context.Context, in *iamapi.ListEntitiesForPolicyInput) (*iamapi.ListEntitiesForPolicyOutput, error) {
	c := callerOf(ctx)
	if err := s.allowPolicy(ctx, c, "iam:ListEntitiesForPolicy", *in.PolicyArn, false); err != nil {
		return nil, err
	}
	var entities []policyEntity
	err := s.store.View(ctx, func(tx store.Tx) error {
		p, err := findPolicy(tx, *in.PolicyArn)
		if err != nil {
			return err
		}
		u, err := policyUsage(tx, c.account, p.ARN())
		entities = usedBy(u, in)
		return err
	})
	if err != nil {
		return nil, err
	}
	pg, err := paginate(entities, in.Marker, in.MaxItems)
	if err != nil {
		return nil, err
	}
	out := &iamapi.ListEntitiesForPolicyOutput{PolicyGroups: []iamapi.PolicyGroup{}, PolicyUsers: []iamapi.PolicyUser{},
		PolicyRoles: []iamapi.PolicyRole{}, IsTruncated: pg.truncated, Marker: pg.marker}
	for _, pe := range pg.items {
		switch pe.kind {
		case groupKind:
			out.PolicyGroups = append(out.PolicyGroups, iamapi.PolicyGroup{GroupName: new(pe.e.Name), GroupId: new(pe.e.ID)})
		case userKind:
			out.PolicyUsers = append(out.PolicyUsers, iamapi.PolicyUser{UserName: new(pe.e.Name), UserId: new(pe.e.ID)})
		case roleKind:
			out.PolicyRoles = append(out.PolicyRoles, iamapi.PolicyRole{RoleName: new(pe.e.Name), RoleId: new(pe.e.ID)})
		}
	}
	return out, nil
}

// usedBy lists the entities of u that ListEntitiesForPolicy's filters
// keep: groups, then users, then roles.
func usedBy(u *usage, in *iamapi.ListEntitiesForPolicyInput) []policyEntity {
	usage := deref(in.PolicyUsageFilter)
	policies := usage != iamapi.PolicyUsageTypePermissionsBoundary
	boundaries := usage != iamapi.PolicyUsageTypePermissionsPolicy
	var out []policyEntity
	add := func(k *kind, entities []*Entity, filter string) {
		if in.EntityFilter != nil && *in.EntityFilter != filter {
			return
		}
		for _, e := range entities {
			if strings.HasPrefix(e.Path, pathOr(in.PathPrefix)) {
				out = append(out, policyEntity{k, e})
			}
		}
	}
	if policies {
		add(groupKind, u.groups, iamapi.EntityTypeGroup)
		add(userKind, u.users, iamapi.EntityTypeUser)
		add(roleKind, u.roles, iamapi.EntityTypeRole)
	}
	if boundaries {
		add(userKind, u.boundedUsers, iamapi.EntityTypeUser)
		add(roleKind, u.boundedRoles, iamapi.EntityTypeRole)
	}
	return out
}
