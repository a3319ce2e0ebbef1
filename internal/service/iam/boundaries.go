package iam

import (
	"context"

	"github.com/amityhq/amity/internal/api/iamapi"
	"github.com/amityhq/amity/internal/store"
)

// PutUserPermissionsBoundary sets a user's permissions boundary: a
// managed policy, AWS's or the account's (NoSuchEntity "Scope ARN: ...
// does not exist or is not attachable." otherwise).
func (s *Service) PutUserPermissionsBoundary(ctx context.Context, in *iamapi.PutUserPermissionsBoundaryInput) (*iamapi.PutUserPermissionsBoundaryOutput, error) {
	return nil, s.putBoundary(ctx, userKind, *in.UserName, *in.PermissionsBoundary)
}

// PutRolePermissionsBoundary sets a role's permissions boundary.
func (s *Service) PutRolePermissionsBoundary(ctx context.Context, in *iamapi.PutRolePermissionsBoundaryInput) (*iamapi.PutRolePermissionsBoundaryOutput, error) {
	return nil, s.putBoundary(ctx, roleKind, *in.RoleName, *in.PermissionsBoundary)
}

func (s *Service) putBoundary(ctx context.Context, k *kind, name, arn string) error {
	c := callerOf(ctx)
	return s.changePolicies(ctx, c, k, name, "iam:Put"+k.title+"PermissionsBoundary", boundaryCondition(arn),
		func(tx store.Tx, r record) error {
			if err := checkBoundary(tx, c.account, arn); err != nil {
				return err
			}
			r.base().Boundary = arn
			return nil
		})
}

// DeleteUserPermissionsBoundary removes a user's permissions boundary.
func (s *Service) DeleteUserPermissionsBoundary(ctx context.Context, in *iamapi.DeleteUserPermissionsBoundaryInput) (*iamapi.DeleteUserPermissionsBoundaryOutput, error) {
	return nil, s.deleteBoundary(ctx, userKind, *in.UserName)
}

// DeleteRolePermissionsBoundary removes a role's permissions boundary.
func (s *Service) DeleteRolePermissionsBoundary(ctx context.Context, in *iamapi.DeleteRolePermissionsBoundaryInput) (*iamapi.DeleteRolePermissionsBoundaryOutput, error) {
	return nil, s.deleteBoundary(ctx, roleKind, *in.RoleName)
}

func (s *Service) deleteBoundary(ctx context.Context, k *kind, name string) error {
	c := callerOf(ctx)
	return s.changePolicies(ctx, c, k, name, "iam:Delete"+k.title+"PermissionsBoundary", nil,
		func(_ store.Tx, r record) error {
			r.base().Boundary = ""
			return nil
		})
}
