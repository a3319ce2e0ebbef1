package ec2

import (
	"context"

	"github.com/amityhq/amity/internal/api/ec2api"
	"github.com/amityhq/amity/internal/authz"
	"github.com/amityhq/amity/internal/store"
)

// CopyImage copies an image the caller may launch, from SourceRegion into
// the caller's account in this Region: each snapshot copied as CopySnapshot
// copies it, under the requested key or the account's default when the
// source is encrypted or encryption is asked for. An unencrypted copy of
// an encrypted image is refused at once; a key the caller may not use
// fails the copy afterwards, with the image in failed and AWS's reason
// [AWS_TEXTS.md §2], and none of its snapshots kept.
func (s *Service) CopyImage(ctx context.Context, in *ec2api.CopyImageInput) (*ec2api.CopyImageOutput, error) {
	req := authz.FromContext(ctx)
	srcRegion, srcID := deref(in.SourceRegion), deref(in.SourceImageId)
	switch {
	case srcRegion == "":
		return nil, missingParameter("SourceRegion")
	case deref(in.Name) == "":
		return nil, missingParameter("Name")
	}
	if err := s.ensurePublicImages(ctx, srcRegion); err != nil {
		return nil, err
	}
	src, err := s.visibleImage(ctx, req, srcRegion, srcID)
	if err != nil {
		return nil, err
	}
	tags := specTags(in.TagSpecifications, "image")
	if deref(in.CopyImageTags) {
		tags = mergeTags(src.Tags, tags)
	}
	if err := s.authorize(ctx, req, "ec2:CopyImage",
		target{arn: arn(req.Region, "", "image", "*"), conditions: tagConditions(nil, tags, "CopyImage")},
		target{arn: arn(srcRegion, "", "image", srcID), conditions: src.conditions()}); err != nil {
		return nil, err
	}
	if err := s.checkImageName(ctx, req, deref(in.Name)); err != nil {
		return nil, err
	}
	snapshots, err := s.imageSnapshots(ctx, src)
	if err != nil {
		return nil, err
	}
	keys := make([]string, len(snapshots))
	for i, sn := range snapshots {
		if sn == nil {
			continue
		}
		if keys[i], err = s.chooseKey(ctx, req, &sn.encryption, sn.ID, encryptionChoice{in.Encrypted, in.KmsKeyId}, true); err != nil {
			return nil, err
		}
	}
	if err := dryRun(in.DryRun); err != nil {
		return nil, err
	}
	cp := &imageRecord{ID: s.newID("ami"), Account: req.Principal.Account, Region: req.Region, Name: deref(in.Name),
		Description: or(deref(in.Description), src.Description), Architecture: src.Architecture, Platform: src.Platform,
		PlatformDetails: src.PlatformDetails, UsageOperation: src.UsageOperation, RootDeviceName: src.RootDeviceName,
		VirtualizationType: src.VirtualizationType, BootMode: src.BootMode, EnaSupport: src.EnaSupport, Created: s.now().UTC(),
		SourceImageID: src.ID, SourceRegion: srcRegion, Tags: tags}
	var copies []*snapshotRecord
	failed := false
	about := req
	if req.Subject == "" { // a copy of its own, not one a service makes while working on another resource
		about = req.About(arn(req.Region, "", "image", cp.ID))
	}
	for i, m := range src.Mappings {
		if snapshots[i] != nil {
			sn := s.copyOfSnapshot(ctx, about, snapshots[i], keys[i],
				"Copied for DestinationAmi "+cp.ID+" from SourceAmi "+src.ID+" for SourceSnapshot "+m.SnapshotID, nil)
			if sn.Settled == snapshotError {
				failed = true
				break
			}
			copies = append(copies, sn)
			m.SnapshotID, m.Encrypted, m.KeyARN = sn.ID, sn.Encrypted, sn.KeyARN
		}
		cp.Mappings = append(cp.Mappings, m)
	}
	if failed {
		cp.Mappings, copies = src.Mappings, nil
		cp.transition = moving(imagePending, s.now(), s.pace.Image, imageFailed, copyImageFailedCode, copyImageFailedMessage)
	} else {
		cp.transition = moving(imagePending, s.now(), s.pace.Image, imageAvailable, "", "")
	}
	err = s.store.Update(ctx, func(tx store.Tx) error {
		for _, sn := range copies {
			if err := putOwned(tx, snapshotsTable, sn.Region, sn.Account, sn.ID, sn); err != nil {
				return err
			}
		}
		return putOwned(tx, imagesTable, cp.Region, cp.Account, cp.ID, cp)
	})
	if err != nil {
		return nil, err
	}
	return &ec2api.CopyImageOutput{ImageId: new(cp.ID)}, nil
}

// imageSnapshots reads the snapshots of an image's mappings (nil where a
// mapping has none), whoever owns them: a launch permission on the image
// is permission to use them.
func (s *Service) imageSnapshots(ctx context.Context, im *imageRecord) ([]*snapshotRecord, error) {
	out := make([]*snapshotRecord, len(im.Mappings))
	err := s.store.View(ctx, func(tx store.Tx) error {
		for i, m := range im.Mappings {
			if m.SnapshotID == "" {
				continue
			}
			sn, ok, err := getOwned[snapshotRecord](tx, snapshotsTable, im.Region, im.Account, m.SnapshotID)
			if err != nil {
				return err
			}
			if !ok {
				return snapshotNotFound(m.SnapshotID)
			}
			out[i] = sn
		}
		return nil
	})
	return out, err
}
