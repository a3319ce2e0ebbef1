package iam

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/amityhq/amity/internal/api/iamapi"
	"github.com/amityhq/amity/internal/identity"
	"github.com/amityhq/amity/internal/store"
)

// CreateUser creates a user, optionally with tags and a permissions
// boundary. EntityAlreadyExists when the name is taken (without regard to
// case); NoSuchEntity when the boundary names no managed policy.
func (s *Service) CreateUser(ctx context.Context, in *iamapi.CreateUserInput) (*iamapi.CreateUserOutput, error) {
	c := callerOf(ctx)
	path := pathOr(in.Path)
	tags, err := requestTags(in.Tags)
	if err != nil {
		return nil, err
	}
	boundary := deref(in.PermissionsBoundary)
	conditions := tagConditions(tags, boundaryCondition(boundary))
	if err := s.allow(ctx, c, "iam:CreateUser", userKind.arn(c.account, path, *in.UserName), conditions); err != nil {
		return nil, err
	}
	u := &User{Entity: Entity{Account: c.account, Name: *in.UserName, Path: path,
		ID: s.ids.UniqueID(identity.PrefixUser), Created: s.now(), Tags: tags, Boundary: boundary}}
	err = s.update(ctx, func(tx store.Tx) error {
		if boundary != "" {
			if err := checkBoundary(tx, c.account, boundary); err != nil {
				return err
			}
		}
		return userKind.create(tx, u)
	})
	if err != nil {
		return nil, err
	}
	return &iamapi.CreateUserOutput{User: fullUser(u)}, nil
}

// GetUser returns a user; without a name, the caller itself: an IAM user,
// or the root user, which AWS describes by the account id and root ARN
// alone (UNVERIFIED beyond the IAM API reference's "defaults to the user
// making the request"). A role session must name a user.
func (s *Service) GetUser(ctx context.Context, in *iamapi.GetUserInput) (*iamapi.GetUserOutput, error) {
	c := callerOf(ctx)
	name, err := callerUserName(c, in.UserName)
	if errors.Is(err, errRootCaller) {
		return s.rootUser(ctx, c)
	}
	if err != nil {
		return nil, err
	}
	r, err := s.readEntity(ctx, c, userKind, name, "iam:GetUser")
	if err != nil {
		return nil, err
	}
	return &iamapi.GetUserOutput{User: fullUser(r.(*User))}, nil
}

// errRootCaller: an operation defaulting to the calling user was called
// by the root user.
var errRootCaller = errors.New("iam: the caller is the root user")

// callerUserName is the user an operation with an optional UserName is
// about: the one named, else the calling user. The root user gives
// errRootCaller; a role session must name one.
func callerUserName(c *caller, name *string) (string, error) {
	if name != nil {
		return *name, nil
	}
	switch cred := c.req.Credential; cred.Kind {
	case identity.KindUser:
		return cred.UserName, nil
	case identity.KindRoot:
		return "", errRootCaller
	}
	return "", errNonUserCredentials
}

func (s *Service) rootUser(ctx context.Context, c *caller) (*iamapi.GetUserOutput, error) {
	acct, err := s.ids.Account(ctx, c.account)
	if err != nil {
		return nil, err
	}
	return &iamapi.GetUserOutput{User: &iamapi.User{UserId: new(c.account), Arn: new(c.req.Principal.ARN),
		CreateDate: new(acct.Created.UTC().Truncate(time.Second))}}, nil
}

// ListUsers lists the account's users under a path prefix, in name order.
func (s *Service) ListUsers(ctx context.Context, in *iamapi.ListUsersInput) (*iamapi.ListUsersOutput, error) {
	c := callerOf(ctx)
	prefix := pathOr(in.PathPrefix)
	if err := s.allow(ctx, c, "iam:ListUsers", userKind.arn(c.account, prefix, ""), nil); err != nil {
		return nil, err
	}
	p, err := listUnder(ctx, s.store, usersTable, c.account, prefix,
		func(u *User) string { return u.Path }, userShape, in.Marker, in.MaxItems)
	if err != nil {
		return nil, err
	}
	return &iamapi.ListUsersOutput{Users: p.items, IsTruncated: p.truncated, Marker: p.marker}, nil
}

// UpdateUser renames a user or moves it to another path; its access keys
// follow. EntityAlreadyExists when the new name is taken.
func (s *Service) UpdateUser(ctx context.Context, in *iamapi.UpdateUserInput) (*iamapi.UpdateUserOutput, error) {
	c := callerOf(ctx)
	return nil, s.withEntity(ctx, c, userKind, *in.UserName, "iam:UpdateUser", nil, func(tx store.Tx, r record) error {
		u := r.(*User)
		old := *u
		if in.NewUserName != nil {
			if !strings.EqualFold(*in.NewUserName, u.Name) {
				if _, err := getUser(tx, c.account, *in.NewUserName); !errors.Is(err, errNotFound) {
					return existsOr(err, userKind.taken(*in.NewUserName))
				}
			}
			u.Name = *in.NewUserName
		}
		if in.NewPath != nil {
			u.Path = *in.NewPath
		}
		if err := del(tx, usersTable, c.account, old.Name); err != nil {
			return err
		}
		if err := userKind.store(tx, u); err != nil {
			return err
		}
		return s.moveCredentials(tx, &old, u)
	})
}

// moveCredentials makes a renamed or moved user's access keys and
// service-specific credentials name it anew; a credential keeps the
// ServiceUserName it was made with ["ServiceUserName":
// "<old-name>-at-111111111111", "UserName": "<new-name>" after UpdateUser,
// LocalStack's IAM snapshot recorded on AWS, 2026-03-05].
func (s *Service) moveCredentials(tx store.Tx, old, u *User) error {
	keys, err := s.ids.UserAccessKeys(tx, old.Account, old.Name)
	if err != nil {
		return err
	}
	for _, k := range keys {
		if err := s.ids.DeleteCredential(tx, k); err != nil {
			return err
		}
		k.UserName, k.UserPath = u.Name, u.Path
		if err := s.ids.PutCredential(tx, k); err != nil {
			return err
		}
	}
	creds, err := s.ids.UserServiceCredentials(tx, old.Account, old.Name)
	if err != nil {
		return err
	}
	for _, cr := range creds {
		if err := s.ids.DeleteServiceCredential(tx, cr); err != nil {
			return err
		}
		cr.UserName = u.Name
		if err := s.ids.PutServiceCredential(tx, cr); err != nil {
			return err
		}
	}
	return nil
}

// DeleteUser deletes a user that has no access keys, service-specific
// credentials, group memberships or policies left (DeleteConflict
// otherwise, as AWS). The temporary credentials the user got from
// GetSessionToken end with it.
func (s *Service) DeleteUser(ctx context.Context, in *iamapi.DeleteUserInput) (*iamapi.DeleteUserOutput, error) {
	c := callerOf(ctx)
	return nil, s.deleteEntity(ctx, c, userKind, *in.UserName, "iam:DeleteUser", func(tx store.Tx, r record) error {
		u := r.(*User)
		keys, err := s.ids.UserAccessKeys(tx, c.account, u.Name)
		if err != nil {
			return err
		}
		creds, err := s.ids.UserServiceCredentials(tx, c.account, u.Name)
		switch {
		case err != nil:
			return err
		case len(keys) > 0:
			return errMustDeleteAccessKeys
		case len(creds) > 0:
			return errMustDeleteServiceCredentials
		case len(u.Groups) > 0:
			return errMustLeaveGroups
		}
		if err := policiesLeft(&u.Entity); err != nil {
			return err
		}
		return s.ids.EndUserSessions(tx, u.ID)
	})
}

// checkBoundary checks that arn names a managed policy that can be a
// permissions boundary here: AWS's or the account's own.
func checkBoundary(tx store.Tx, account, arn string) error {
	if _, _, _, ok := splitPolicyARN(arn); !ok {
		return invalidARN(arn)
	}
	p, err := lookupPolicy(tx, arn)
	if errors.Is(err, errNotFound) || err == nil && p.Account != awsAccount && p.Account != account {
		return noSuchBoundary(arn)
	}
	return err
}

// boundaryCondition is the iam:PermissionsBoundary condition key of a
// request setting a boundary.
func boundaryCondition(arn string) map[string][]string {
	if arn == "" {
		return nil
	}
	return map[string][]string{"iam:permissionsboundary": {arn}}
}

// existsOr returns a store failure as it is and otherwise the
// already-exists error: a lookup that did not fail with errNotFound either
// found the entity or failed.
func existsOr(err, exists error) error {
	if err != nil {
		return err
	}
	return exists
}

func pathOr(p *string) string {
	if p == nil {
		return "/"
	}
	return *p
}

func deref(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}
