package ec2

import (
	"context"

	"github.com/amityhq/amity/internal/api/ec2api"
	"github.com/amityhq/amity/internal/authz"
	"github.com/amityhq/amity/internal/store"
)

// ModifySnapshotAttribute adds or removes createVolumePermission: accounts,
// or the group "all". A snapshot under the AWS managed key cannot be
// shared with another account, nor an encrypted one with everyone
// [AWS_TEXTS.md §1a].
func (s *Service) ModifySnapshotAttribute(ctx context.Context, in *ec2api.ModifySnapshotAttributeInput) (*ec2api.ModifySnapshotAttributeOutput, error) {
	req := authz.FromContext(ctx)
	sn, err := s.ownSnapshot(ctx, req, deref(in.SnapshotId))
	if err != nil {
		return nil, err
	}
	if a := deref(in.Attribute); a != "" && a != ec2api.SnapshotAttributeNameCreateVolumePermission {
		return nil, invalidValue(a, "attribute", "")
	}
	changes := legacyChanges(deref(in.OperationType), in.UserIds, in.GroupNames)
	if m := in.CreateVolumePermission; m != nil {
		for _, p := range m.Add {
			changes = append(changes, permissionChange{add: true, user: deref(p.UserId), all: deref(p.Group) == ec2api.PermissionGroupAll})
		}
		for _, p := range m.Remove {
			changes = append(changes, permissionChange{user: deref(p.UserId), all: deref(p.Group) == ec2api.PermissionGroupAll})
		}
	}
	c := sn.conditions()
	if users := changes.users(); len(users) > 0 {
		c["ec2:add/userid"] = users
	}
	if err := s.authorize(ctx, req, "ec2:ModifySnapshotAttribute", target{arn: arn(req.Region, "", "snapshot", sn.ID), conditions: c}); err != nil {
		return nil, err
	}
	if err := checkUsers(changes.users()); err != nil {
		return nil, err
	}
	for _, ch := range changes {
		switch {
		case !ch.add:
		case ch.all && sn.Encrypted:
			return nil, encryptedToAll()
		case sn.AWSManaged && (ch.all || ch.user != sn.Account):
			return nil, sharedDefaultKey()
		}
	}
	if err := dryRun(in.DryRun); err != nil {
		return nil, err
	}
	err = s.store.Update(ctx, func(tx store.Tx) error {
		cur, ok, err := getOwned[snapshotRecord](tx, snapshotsTable, req.Region, req.Principal.Account, sn.ID)
		if err != nil || !ok {
			return orNotFound(err, ok, snapshotNotFound, sn.ID)
		}
		changes.apply(&cur.CreateVolume)
		return putOwned(tx, snapshotsTable, cur.Region, cur.Account, cur.ID, cur)
	})
	if err != nil {
		return nil, err
	}
	return &ec2api.ModifySnapshotAttributeOutput{}, nil
}

// DescribeSnapshotAttribute tells who may create volumes from a snapshot.
func (s *Service) DescribeSnapshotAttribute(ctx context.Context, in *ec2api.DescribeSnapshotAttributeInput) (*ec2api.DescribeSnapshotAttributeOutput, error) {
	req := authz.FromContext(ctx)
	sn, err := s.ownSnapshot(ctx, req, deref(in.SnapshotId))
	if err != nil {
		return nil, err
	}
	if err := s.authorize(ctx, req, "ec2:DescribeSnapshotAttribute", target{arn: arn(req.Region, "", "snapshot", sn.ID), conditions: sn.conditions()}); err != nil {
		return nil, err
	}
	if err := dryRun(in.DryRun); err != nil {
		return nil, err
	}
	out := &ec2api.DescribeSnapshotAttributeOutput{SnapshotId: new(sn.ID)}
	switch a := deref(in.Attribute); a {
	case ec2api.SnapshotAttributeNameCreateVolumePermission:
		out.CreateVolumePermissions = []ec2api.CreateVolumePermission{}
		if sn.CreateVolume.All {
			out.CreateVolumePermissions = append(out.CreateVolumePermissions, ec2api.CreateVolumePermission{Group: new(ec2api.PermissionGroupAll)})
		}
		for _, u := range sn.CreateVolume.Users {
			out.CreateVolumePermissions = append(out.CreateVolumePermissions, ec2api.CreateVolumePermission{UserId: new(u)})
		}
	case ec2api.SnapshotAttributeNameProductCodes:
		out.ProductCodes = []ec2api.ProductCode{}
	default:
		return nil, invalidValue(a, "attribute", "")
	}
	return out, nil
}

// ResetSnapshotAttribute makes a snapshot private again.
func (s *Service) ResetSnapshotAttribute(ctx context.Context, in *ec2api.ResetSnapshotAttributeInput) (*ec2api.ResetSnapshotAttributeOutput, error) {
	req := authz.FromContext(ctx)
	sn, err := s.ownSnapshot(ctx, req, deref(in.SnapshotId))
	if err != nil {
		return nil, err
	}
	if a := deref(in.Attribute); a != ec2api.SnapshotAttributeNameCreateVolumePermission {
		return nil, invalidValue(a, "attribute", "")
	}
	if err := s.authorize(ctx, req, "ec2:ResetSnapshotAttribute", target{arn: arn(req.Region, "", "snapshot", sn.ID), conditions: sn.conditions()}); err != nil {
		return nil, err
	}
	if err := dryRun(in.DryRun); err != nil {
		return nil, err
	}
	err = s.store.Update(ctx, func(tx store.Tx) error {
		cur, ok, err := getOwned[snapshotRecord](tx, snapshotsTable, req.Region, req.Principal.Account, sn.ID)
		if err != nil || !ok {
			return orNotFound(err, ok, snapshotNotFound, sn.ID)
		}
		cur.CreateVolume = permissions{}
		return putOwned(tx, snapshotsTable, cur.Region, cur.Account, cur.ID, cur)
	})
	if err != nil {
		return nil, err
	}
	return &ec2api.ResetSnapshotAttributeOutput{}, nil
}

// permissionChange is one account (or "all") added or removed.
type permissionChange struct {
	add  bool
	user string
	all  bool
}

type permissionChanges []permissionChange

// legacyChanges reads the older form of a Modify*Attribute: an
// OperationType with UserIds and GroupNames.
func legacyChanges(operation string, users, groups []string) permissionChanges {
	var out permissionChanges
	add := operation != ec2api.OperationTypeRemove
	for _, u := range users {
		out = append(out, permissionChange{add: add, user: u})
	}
	for _, g := range groups {
		out = append(out, permissionChange{add: add, all: g == ec2api.PermissionGroupAll})
	}
	return out
}

// users are the accounts the changes name.
func (cs permissionChanges) users() []string {
	var out []string
	for _, c := range cs {
		if c.user != "" {
			out = append(out, c.user)
		}
	}
	return out
}

func (cs permissionChanges) apply(p *permissions) {
	for _, c := range cs {
		var users []string
		if c.user != "" {
			users = []string{c.user}
		}
		p.change(c.add, users, c.all)
	}
}

// orNotFound is err, or notFound(id) when the record is gone.
func orNotFound(err error, ok bool, notFound func(...string) error, id string) error {
	if err != nil {
		return err
	}
	if !ok {
		return notFound(id)
	}
	return nil
}
