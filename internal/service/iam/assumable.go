package iam

import (
	"context"
	"errors"

	"github.com/amityhq/amity/internal/policy"
	"github.com/amityhq/amity/internal/store"
)

// AssumableRole is what STS needs of a role to let a principal assume it.
type AssumableRole struct {
	Account            string
	Name               string
	Path               string
	ID                 string
	ARN                string
	Trust              *policy.Policy // compiled trust policy
	MaxSessionDuration int32          // seconds
}

// AssumableRole returns the role of account named name, with its trust
// policy compiled; ok is false when there is no such role.
func (s *Service) AssumableRole(ctx context.Context, account, name string) (role *AssumableRole, ok bool, err error) {
	err = s.store.View(ctx, func(tx store.Tx) error {
		r, err := getRole(tx, account, name)
		if errors.Is(err, errNotFound) {
			return nil
		}
		if err != nil {
			return err
		}
		trust, err := s.policies.documents.compile(policy.Trust, r.ARN()+" trust policy", r.TrustPolicy)
		if err != nil {
			return err
		}
		role, ok = &AssumableRole{Account: account, Name: r.Name, Path: r.Path, ID: r.ID, ARN: r.ARN(),
			Trust: trust, MaxSessionDuration: r.MaxSessionDuration}, true
		return nil
	})
	return role, ok, err
}

// ManagedPolicyDocument returns the default version's document of a
// managed policy (AWS's or an account's); ok is false when none exists.
func (s *Service) ManagedPolicyDocument(ctx context.Context, arn string) (doc string, ok bool, err error) {
	err = s.store.View(ctx, func(tx store.Tx) error {
		doc, ok, err = managedDocument(tx, arn)
		return err
	})
	return doc, ok, err
}

// LaunchProfile is what EC2 needs of an instance profile to launch an
// instance with it: its ARN and id, and its role's ARN ("" when it has
// none).
type LaunchProfile struct {
	ARN     string
	ID      string
	RoleARN string
}

// InstanceProfile returns the instance profile of account named name;
// ok is false when there is none. Like AssumableRole it is a read other
// services make while authorizing their own operation, not an IAM call
// of the caller's.
func (s *Service) InstanceProfile(ctx context.Context, account, name string) (p *LaunchProfile, ok bool, err error) {
	err = s.store.View(ctx, func(tx store.Tx) error {
		ip, err := getInstanceProfile(tx, account, name)
		if errors.Is(err, errNotFound) {
			return nil
		}
		if err != nil {
			return err
		}
		roles, err := profileRoles(tx, ip)
		if err != nil {
			return err
		}
		p, ok = &LaunchProfile{ARN: profileKind.arn(account, ip.Path, ip.Name), ID: ip.ID}, true
		if len(roles) > 0 {
			p.RoleARN = roles[0].ARN()
		}
		return nil
	})
	return p, ok, err
}

// RoleTrust returns the trust policy of account's role name as written;
// ok is false when there is no such role. A read for amity's
// explanations, which write the whole new trust policy of a fix.
func (s *Service) RoleTrust(ctx context.Context, account, name string) (doc string, ok bool, err error) {
	err = s.store.View(ctx, func(tx store.Tx) error {
		r, err := getRole(tx, account, name)
		if errors.Is(err, errNotFound) {
			return nil
		}
		if err != nil {
			return err
		}
		doc, ok = r.TrustPolicy, true
		return nil
	})
	return doc, ok, err
}
