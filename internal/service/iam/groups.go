package iam

import (
	"context"

	"github.com/amityhq/amity/internal/api/iamapi"
	"github.com/amityhq/amity/internal/identity"
	"github.com/amityhq/amity/internal/store"
)

// CreateGroup creates a group (EntityAlreadyExists when the name is
// taken).
func (s *Service) CreateGroup(ctx context.Context, in *iamapi.CreateGroupInput) (*iamapi.CreateGroupOutput, error) {
	c := callerOf(ctx)
	path := pathOr(in.Path)
	if err := s.allow(ctx, c, "iam:CreateGroup", groupKind.arn(c.account, path, *in.GroupName), nil); err != nil {
		return nil, err
	}
	g := &Group{Entity: Entity{Account: c.account, Name: *in.GroupName, Path: path,
		ID: s.ids.UniqueID(identity.PrefixGroup), Created: s.now()}}
	err := s.update(ctx, func(tx store.Tx) error { return groupKind.create(tx, g) })
	if err != nil {
		return nil, err
	}
	return &iamapi.CreateGroupOutput{Group: new(groupShape(g))}, nil
}

// GetGroup returns a group and its members, in name order.
func (s *Service) GetGroup(ctx context.Context, in *iamapi.GetGroupInput) (*iamapi.GetGroupOutput, error) {
	c := callerOf(ctx)
	r, err := s.readEntity(ctx, c, groupKind, *in.GroupName, "iam:GetGroup")
	if err != nil {
		return nil, err
	}
	g := r.(*Group)
	var members []iamapi.User
	err = s.store.View(ctx, func(tx store.Tx) error {
		users, err := groupMembers(tx, g)
		for _, u := range users {
			members = append(members, userShape(u))
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	p, err := paginate(members, in.Marker, in.MaxItems)
	if err != nil {
		return nil, err
	}
	return &iamapi.GetGroupOutput{Group: new(groupShape(g)), Users: p.items, IsTruncated: p.truncated,
		Marker: p.marker}, nil
}

// groupMembers returns the users of g's account that are in g.
func groupMembers(tx store.Tx, g *Group) ([]*User, error) {
	return holding(tx, usersTable, g.Account, g.Name, func(u *User) []string { return u.Groups })
}

// ListGroups lists the account's groups under a path prefix.
func (s *Service) ListGroups(ctx context.Context, in *iamapi.ListGroupsInput) (*iamapi.ListGroupsOutput, error) {
	c := callerOf(ctx)
	prefix := pathOr(in.PathPrefix)
	if err := s.allow(ctx, c, "iam:ListGroups", groupKind.arn(c.account, prefix, ""), nil); err != nil {
		return nil, err
	}
	p, err := listUnder(ctx, s.store, groupsTable, c.account, prefix,
		func(g *Group) string { return g.Path }, groupShape, in.Marker, in.MaxItems)
	if err != nil {
		return nil, err
	}
	return &iamapi.ListGroupsOutput{Groups: p.items, IsTruncated: p.truncated, Marker: p.marker}, nil
}

// DeleteGroup deletes a group without members or policies (DeleteConflict
// otherwise).
func (s *Service) DeleteGroup(ctx context.Context, in *iamapi.DeleteGroupInput) (*iamapi.DeleteGroupOutput, error) {
	c := callerOf(ctx)
	return nil, s.deleteEntity(ctx, c, groupKind, *in.GroupName, "iam:DeleteGroup", func(tx store.Tx, r record) error {
		g := r.(*Group)
		members, err := groupMembers(tx, g)
		switch {
		case err != nil:
			return err
		case len(members) > 0:
			return errMustRemoveUsers
		}
		return policiesLeft(&g.Entity)
	})
}

// AddUserToGroup makes a user a member of a group; adding a member again
// does nothing.
func (s *Service) AddUserToGroup(ctx context.Context, in *iamapi.AddUserToGroupInput) (*iamapi.AddUserToGroupOutput, error) {
	return nil, s.changeMembership(ctx, *in.GroupName, *in.UserName, "iam:AddUserToGroup",
		func(u *User, g *Group) {
			if !hasName(u.Groups, g.Name) {
				u.Groups = append(u.Groups, g.Name)
			}
		})
}

// RemoveUserFromGroup ends a membership; removing a non-member does
// nothing, as AWS.
func (s *Service) RemoveUserFromGroup(ctx context.Context, in *iamapi.RemoveUserFromGroupInput) (*iamapi.RemoveUserFromGroupOutput, error) {
	return nil, s.changeMembership(ctx, *in.GroupName, *in.UserName, "iam:RemoveUserFromGroup",
		func(u *User, g *Group) {
			u.Groups = withoutName(u.Groups, g.Name)
		})
}

// changeMembership authorizes action on the group and applies change to
// the user. The user is looked up first: AWS names a missing user even
// when the group is missing too.
func (s *Service) changeMembership(ctx context.Context, group, user, action string, change func(*User, *Group)) error {
	c := callerOf(ctx)
	if err := s.allowEntity(ctx, c, groupKind, group, action, nil); err != nil {
		return err
	}
	return s.update(ctx, func(tx store.Tx) error {
		ur, err := userKind.find(tx, c.account, user)
		if err != nil {
			return err
		}
		gr, err := groupKind.find(tx, c.account, group)
		if err != nil {
			return err
		}
		u := ur.(*User)
		change(u, gr.(*Group))
		return userKind.store(tx, u)
	})
}

// ListGroupsForUser lists the groups a user is in, in name order.
func (s *Service) ListGroupsForUser(ctx context.Context, in *iamapi.ListGroupsForUserInput) (*iamapi.ListGroupsForUserOutput, error) {
	c := callerOf(ctx)
	r, err := s.readEntity(ctx, c, userKind, *in.UserName, "iam:ListGroupsForUser")
	if err != nil {
		return nil, err
	}
	u := r.(*User)
	var groups []iamapi.Group
	err = s.store.View(ctx, func(tx store.Tx) error {
		all, err := list[Group](tx, groupsTable, c.account)
		for _, g := range all {
			if hasName(u.Groups, g.Name) {
				groups = append(groups, groupShape(g))
			}
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	p, err := paginate(groups, in.Marker, in.MaxItems)
	if err != nil {
		return nil, err
	}
	return &iamapi.ListGroupsForUserOutput{Groups: p.items, IsTruncated: p.truncated, Marker: p.marker}, nil
}
