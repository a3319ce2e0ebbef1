package ec2

import (
	"context"

	"github.com/amityhq/amity/internal/api/ec2api"
	"github.com/amityhq/amity/internal/authz"
	"github.com/amityhq/amity/internal/store"
)

// CreateImage makes an image of one of the caller's instances: a snapshot
// of each of its volumes — bytes and data key as they are, under each
// volume's key — and an image of them.
func (s *Service) CreateImage(ctx context.Context, in *ec2api.CreateImageInput) (*ec2api.CreateImageOutput, error) {
	req := authz.FromContext(ctx)
	inst, err := s.ownInstance(ctx, req, deref(in.InstanceId))
	if err != nil {
		return nil, err
	}
	name := deref(in.Name)
	if name == "" {
		return nil, missingParameter("name")
	}
	tags := specTags(in.TagSpecifications, "image")
	if err := s.authorize(ctx, req, "ec2:CreateImage",
		target{arn: arn(req.Region, "", "image", "*"), conditions: tagConditions(nil, tags, "CreateImage")},
		target{arn: inst.arn(), conditions: inst.conditions()},
		target{arn: arn(req.Region, "", "snapshot", "*"), conditions: tagConditions(nil, specTags(in.TagSpecifications, "snapshot"), "CreateImage")}); err != nil {
		return nil, err
	}
	if state := inst.at(s.now()); state != instanceRunning && state != instanceStopped {
		return nil, incorrectInstanceState(inst.ID, "imaged")
	}
	if err := s.checkImageName(ctx, req, name); err != nil {
		return nil, err
	}
	if err := dryRun(in.DryRun); err != nil {
		return nil, err
	}
	vols, err := s.instanceVolumes(ctx, inst)
	if err != nil {
		return nil, err
	}
	source, err := s.visibleImage(ctx, req, req.Region, inst.ImageID)
	if err != nil {
		source = &imageRecord{Architecture: inst.Architecture, Platform: inst.Platform, PlatformDetails: "Linux/UNIX",
			UsageOperation: "RunInstances", VirtualizationType: "hvm"} // the instance's image was deregistered
	}
	im := &imageRecord{ID: s.newID("ami"), Account: req.Principal.Account, Region: req.Region, Name: name,
		Description: deref(in.Description), Architecture: inst.Architecture, Platform: inst.Platform,
		PlatformDetails: source.PlatformDetails, UsageOperation: source.UsageOperation, RootDeviceName: inst.RootDevice,
		VirtualizationType: source.VirtualizationType, BootMode: source.BootMode, EnaSupport: true, Created: s.now().UTC(),
		SourceInstanceID: inst.ID, Tags: tags,
		transition: moving(imagePending, s.now(), s.pace.Image, imageAvailable, "", "")}
	snapTags := specTags(in.TagSpecifications, "snapshot")
	var snaps []*snapshotRecord
	for _, iv := range inst.Volumes {
		for _, v := range vols {
			if v.ID != iv.VolumeID {
				continue
			}
			sn := s.snapshotOf(v, "Created by CreateImage("+inst.ID+") for "+im.ID, snapTags)
			snaps = append(snaps, sn)
			im.Mappings = append(im.Mappings, mapping{Device: iv.Device, SnapshotID: sn.ID, VolumeSize: v.Size, VolumeType: v.Type,
				Iops: v.Iops, Throughput: v.Throughput, DeleteOnTermination: iv.DeleteOnTermination, Encrypted: v.Encrypted, KeyARN: v.KeyARN})
		}
	}
	err = s.store.Update(ctx, func(tx store.Tx) error {
		for _, sn := range snaps {
			if err := putOwned(tx, snapshotsTable, sn.Region, sn.Account, sn.ID, sn); err != nil {
				return err
			}
		}
		return putOwned(tx, imagesTable, im.Region, im.Account, im.ID, im)
	})
	if err != nil {
		return nil, err
	}
	return &ec2api.CreateImageOutput{ImageId: new(im.ID)}, nil
}
