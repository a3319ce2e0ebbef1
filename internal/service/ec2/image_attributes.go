package ec2

import (
	"context"

	"github.com/amityhq/amity/internal/api/ec2api"
	"github.com/amityhq/amity/internal/authz"
	"github.com/amityhq/amity/internal/store"
)

// ModifyImageAttribute changes an image's launch permissions (accounts,
// "all", organizations and OUs) or its description. An image with a
// snapshot under the AWS managed key cannot be shared beyond its owner
// [AWS_TEXTS.md §1b].
func (s *Service) ModifyImageAttribute(ctx context.Context, in *ec2api.ModifyImageAttributeInput) (*ec2api.ModifyImageAttributeOutput, error) {
	req := authz.FromContext(ctx)
	im, err := s.ownImage(ctx, req, deref(in.ImageId))
	if err != nil {
		return nil, err
	}
	attribute := deref(in.Attribute)
	description := in.Description
	if attribute == ec2api.ImageAttributeNameDescription && description == nil && in.Value != nil {
		description = &ec2api.AttributeValue{Value: in.Value}
	}
	changes := legacyChanges(deref(in.OperationType), in.UserIds, in.UserGroups)
	var orgs, ous []permissionChange // organizations and OUs, kept apart from accounts
	add := deref(in.OperationType) != ec2api.OperationTypeRemove
	for _, o := range in.OrganizationArns {
		orgs = append(orgs, permissionChange{add: add, user: o})
	}
	for _, o := range in.OrganizationalUnitArns {
		ous = append(ous, permissionChange{add: add, user: o})
	}
	if lp := in.LaunchPermission; lp != nil {
		for i, list := range [][]ec2api.LaunchPermission{lp.Add, lp.Remove} {
			for _, p := range list {
				ch := permissionChange{add: i == 0, user: deref(p.UserId), all: deref(p.Group) == ec2api.PermissionGroupAll}
				switch {
				case p.OrganizationArn != nil:
					orgs = append(orgs, permissionChange{add: i == 0, user: *p.OrganizationArn})
				case p.OrganizationalUnitArn != nil:
					ous = append(ous, permissionChange{add: i == 0, user: *p.OrganizationalUnitArn})
				default:
					changes = append(changes, ch)
				}
			}
		}
	}
	if description == nil && len(changes)+len(orgs)+len(ous) == 0 {
		return nil, missingParameter("LaunchPermission")
	}
	c := im.conditions()
	if users := changes.users(); len(users) > 0 {
		c["ec2:add/userid"] = users
	}
	if err := s.authorize(ctx, req, "ec2:ModifyImageAttribute", target{arn: arn(req.Region, "", "image", im.ID), conditions: c}); err != nil {
		return nil, err
	}
	if err := checkUsers(changes.users()); err != nil {
		return nil, err
	}
	if shares(changes, im.Account) || hasAdd(orgs) || hasAdd(ous) {
		managed, err := s.usesManagedKey(ctx, im)
		if err != nil {
			return nil, err
		}
		if managed {
			return nil, sharedManagedKeyImage()
		}
	}
	if err := dryRun(in.DryRun); err != nil {
		return nil, err
	}
	err = s.changeImage(ctx, req, im.ID, func(cur *imageRecord) {
		if description != nil {
			cur.Description = deref(description.Value)
		}
		changes.apply(&cur.Launch)
		for _, o := range orgs {
			cur.Launch.Orgs = changeList(cur.Launch.Orgs, o)
		}
		for _, o := range ous {
			cur.Launch.OUs = changeList(cur.Launch.OUs, o)
		}
	})
	if err != nil {
		return nil, err
	}
	return &ec2api.ModifyImageAttributeOutput{}, nil
}

// shares reports whether changes add anyone but the owner.
func shares(changes permissionChanges, owner string) bool {
	for _, c := range changes {
		if c.add && (c.all || c.user != owner) {
			return true
		}
	}
	return false
}

func hasAdd(changes []permissionChange) bool {
	for _, c := range changes {
		if c.add {
			return true
		}
	}
	return false
}

func changeList(list []string, c permissionChange) []string {
	p := permissions{Users: list}
	p.change(c.add, []string{c.user}, false)
	return p.Users
}

// usesManagedKey reports whether a snapshot of the image is encrypted
// under an AWS managed key.
func (s *Service) usesManagedKey(ctx context.Context, im *imageRecord) (bool, error) {
	managed := false
	err := s.store.View(ctx, func(tx store.Tx) error {
		for _, m := range im.Mappings {
			if m.SnapshotID == "" {
				continue
			}
			sn, ok, err := getOwned[snapshotRecord](tx, snapshotsTable, im.Region, im.Account, m.SnapshotID)
			if err != nil {
				return err
			}
			if ok && sn.AWSManaged {
				managed = true
			}
		}
		return nil
	})
	return managed, err
}

// changeImage applies change to one of the caller's images.
func (s *Service) changeImage(ctx context.Context, req *authz.Request, id string, change func(*imageRecord)) error {
	return s.store.Update(ctx, func(tx store.Tx) error {
		cur, ok, err := getOwned[imageRecord](tx, imagesTable, req.Region, req.Principal.Account, id)
		if err != nil || !ok {
			return orNotFound(err, ok, imageNotFound, id)
		}
		change(cur)
		return putOwned(tx, imagesTable, cur.Region, cur.Account, cur.ID, cur)
	})
}

// DescribeImageAttribute describes one attribute of one of the caller's
// images.
func (s *Service) DescribeImageAttribute(ctx context.Context, in *ec2api.DescribeImageAttributeInput) (*ec2api.DescribeImageAttributeOutput, error) {
	req := authz.FromContext(ctx)
	im, err := s.ownImage(ctx, req, deref(in.ImageId))
	if err != nil {
		return nil, err
	}
	if err := s.authorize(ctx, req, "ec2:DescribeImageAttribute", target{arn: arn(req.Region, "", "image", im.ID), conditions: im.conditions()}); err != nil {
		return nil, err
	}
	if err := dryRun(in.DryRun); err != nil {
		return nil, err
	}
	out := &ec2api.DescribeImageAttributeOutput{ImageId: new(im.ID)}
	switch a := deref(in.Attribute); a {
	case ec2api.ImageAttributeNameLaunchPermission:
		out.LaunchPermissions = []ec2api.LaunchPermission{}
		if im.Launch.All {
			out.LaunchPermissions = append(out.LaunchPermissions, ec2api.LaunchPermission{Group: new(ec2api.PermissionGroupAll)})
		}
		for _, u := range im.Launch.Users {
			out.LaunchPermissions = append(out.LaunchPermissions, ec2api.LaunchPermission{UserId: new(u)})
		}
		for _, o := range im.Launch.Orgs {
			out.LaunchPermissions = append(out.LaunchPermissions, ec2api.LaunchPermission{OrganizationArn: new(o)})
		}
		for _, o := range im.Launch.OUs {
			out.LaunchPermissions = append(out.LaunchPermissions, ec2api.LaunchPermission{OrganizationalUnitArn: new(o)})
		}
	case ec2api.ImageAttributeNameDescription:
		out.Description = &ec2api.AttributeValue{Value: new(im.Description)}
	case ec2api.ImageAttributeNameBlockDeviceMapping:
		for _, m := range im.Mappings {
			out.BlockDeviceMappings = append(out.BlockDeviceMappings, m.out())
		}
	case ec2api.ImageAttributeNameBootMode:
		out.BootMode = &ec2api.AttributeValue{Value: new(im.BootMode)}
	case ec2api.ImageAttributeNameProductCodes:
		out.ProductCodes = []ec2api.ProductCode{}
	default:
		return nil, invalidValue(a, "attribute", "")
	}
	return out, nil
}

// ResetImageAttribute makes an image private again.
func (s *Service) ResetImageAttribute(ctx context.Context, in *ec2api.ResetImageAttributeInput) (*ec2api.ResetImageAttributeOutput, error) {
	req := authz.FromContext(ctx)
	im, err := s.ownImage(ctx, req, deref(in.ImageId))
	if err != nil {
		return nil, err
	}
	if a := deref(in.Attribute); a != ec2api.ResetImageAttributeNameLaunchPermission {
		return nil, invalidValue(a, "attribute", "")
	}
	if err := s.authorize(ctx, req, "ec2:ResetImageAttribute", target{arn: arn(req.Region, "", "image", im.ID), conditions: im.conditions()}); err != nil {
		return nil, err
	}
	if err := dryRun(in.DryRun); err != nil {
		return nil, err
	}
	if err := s.changeImage(ctx, req, im.ID, func(cur *imageRecord) { cur.Launch = permissions{} }); err != nil {
		return nil, err
	}
	return &ec2api.ResetImageAttributeOutput{}, nil
}
