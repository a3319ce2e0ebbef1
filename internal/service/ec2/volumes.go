package ec2

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/amityhq/amity/internal/api/ec2api"
	"github.com/amityhq/amity/internal/authz"
	"github.com/amityhq/amity/internal/store"
)

// Volume states, as EC2 names them.
const (
	volumeCreating  = "creating"
	volumeAvailable = "available"
	volumeInUse     = "in-use"
	volumeError     = "error"
)

// volumeSpec is a new volume: CreateVolume's, or one RunInstances makes
// from an image's block device mapping.
type volumeSpec struct {
	zone       string
	size       int32
	typ        string
	iops       int32
	throughput int32
	snapshot   *snapshotRecord // the source, or nil for an empty volume
	choice     encryptionChoice
	tags       []tag
}

// volumeDefaults applies EC2's defaults and limits: gp2 when no type is
// given, gp3's 3000 IOPS and 125 MiB/s, the snapshot's size when none is
// given; a size smaller than the snapshot's is refused.
func (v *volumeSpec) defaults() error {
	if v.typ == "" {
		v.typ = ec2api.VolumeTypeGp2
	}
	if v.snapshot != nil && v.size == 0 {
		v.size = v.snapshot.VolumeSize
	}
	if v.snapshot != nil && v.size < v.snapshot.VolumeSize {
		return invalidValue(strconv.Itoa(int(v.size)), "size",
			"Volume of "+strconv.Itoa(int(v.size))+"GiB is too small; minimum is "+strconv.Itoa(int(v.snapshot.VolumeSize))+"GiB.")
	}
	if v.typ == ec2api.VolumeTypeGp3 {
		if v.iops == 0 {
			v.iops = 3000
		}
		if v.throughput == 0 {
			v.throughput = 125
		}
	}
	return nil
}

// volumeConditions are the keys of ec2:CreateVolume and actions on
// volumes [Service Authorization Reference, Amazon EC2, volume].
func (v *volumeRecord) conditions() map[string][]string {
	c := map[string][]string{
		"ec2:encrypted":        boolField(v.Encrypted),
		"ec2:volumetype":       {v.Type},
		"ec2:volumesize":       {strconv.Itoa(int(v.Size))},
		"ec2:availabilityzone": {v.Zone},
	}
	if v.SnapshotID != "" {
		c["ec2:parentsnapshot"] = []string{arn(v.Region, "", "snapshot", v.SnapshotID)}
	}
	return resourceTags(c, v.Tags)
}

// newVolume makes (and stores) a volume of spec for the caller: its
// encryption through KMS on the caller's behalf. A key KMS refuses leaves
// the volume in error, as AWS's "can appear to complete, but it
// eventually fails" [EC2 User Guide, EBSEncryption] (the settled state is
// UNVERIFIED).
func (s *Service) newVolume(ctx context.Context, req *authz.Request, spec volumeSpec) (*volumeRecord, error) {
	v, _, err := s.makeVolume(ctx, req, spec)
	return v, err
}

// makeVolume is newVolume that also returns KMS's refusal, when the
// volume went to error for it: a launch fails on it.
func (s *Service) makeVolume(ctx context.Context, req *authz.Request, spec volumeSpec) (*volumeRecord, error, error) {
	if err := spec.defaults(); err != nil {
		return nil, nil, err
	}
	v := &volumeRecord{ID: s.newID("vol"), Account: req.Principal.Account, Region: req.Region, Zone: spec.zone,
		Size: spec.size, Type: spec.typ, Iops: spec.iops, Throughput: spec.throughput, Created: s.now().UTC(), Tags: spec.tags}
	var source *encryption
	if spec.snapshot != nil {
		v.SnapshotID, source = spec.snapshot.ID, &spec.snapshot.encryption
	}
	keyID, err := s.chooseKey(ctx, req, source, v.SnapshotID, spec.choice, false)
	if err != nil {
		return nil, nil, err
	}
	v.encryption, err = s.encryptFor(ctx, req, source, keyID, v.ID)
	v.transition = moving(volumeCreating, s.now(), s.pace.Volume, volumeAvailable, "", "")
	if err != nil {
		if _, ok := awsError(err); !ok {
			return nil, nil, err
		}
		v.Encrypted = true
		v.transition = moving(volumeCreating, s.now(), s.pace.Volume, volumeError, "", "")
		return v, err, nil
	}
	return v, nil, nil
}

// CreateVolume creates an EBS volume, empty or from a snapshot the caller
// owns or may use.
func (s *Service) CreateVolume(ctx context.Context, in *ec2api.CreateVolumeInput) (*ec2api.CreateVolumeOutput, error) {
	req := authz.FromContext(ctx)
	zone := deref(in.AvailabilityZone)
	if zone == "" {
		return nil, missingParameter("AvailabilityZone")
	}
	if !validZone(req.Region, zone) {
		return nil, zoneNotFound(zone)
	}
	if in.Size == nil && in.SnapshotId == nil {
		return nil, missingParameter("size or snapshotId")
	}
	spec := volumeSpec{zone: zone, size: deref(in.Size), typ: deref(in.VolumeType), iops: deref(in.Iops),
		throughput: deref(in.Throughput), choice: encryptionChoice{in.Encrypted, in.KmsKeyId},
		tags: specTags(in.TagSpecifications, "volume")}
	targets := []target{}
	if id := deref(in.SnapshotId); id != "" {
		snap, err := s.usableSnapshot(ctx, req, id)
		if err != nil {
			return nil, err
		}
		spec.snapshot = snap
		targets = append(targets, target{arn: arn(req.Region, "", "snapshot", id), conditions: snap.conditions()})
	}
	probe := &volumeRecord{Region: req.Region, Zone: zone, Size: spec.size, Type: spec.typ,
		encryption: encryption{Encrypted: deref(in.Encrypted) || (spec.snapshot != nil && spec.snapshot.Encrypted)}}
	if spec.snapshot != nil {
		probe.SnapshotID = spec.snapshot.ID
		if probe.Size == 0 {
			probe.Size = spec.snapshot.VolumeSize
		}
	}
	c := tagConditions(probe.conditions(), spec.tags, "CreateVolume")
	targets = append([]target{{arn: arn(req.Region, req.Principal.Account, "volume", "*"), conditions: c}}, targets...)
	if err := s.authorize(ctx, req, "ec2:CreateVolume", targets...); err != nil {
		return nil, err
	}
	if err := dryRun(in.DryRun); err != nil {
		return nil, err
	}
	v, err := s.newVolume(ctx, req, spec)
	if err != nil {
		return nil, err
	}
	if err := s.store.Update(ctx, func(tx store.Tx) error {
		return putOwned(tx, volumesTable, v.Region, v.Account, v.ID, v)
	}); err != nil {
		return nil, err
	}
	out := volumeOut(v, time.Time{}) // as created: the state it starts in
	return &ec2api.CreateVolumeOutput{AvailabilityZone: out.AvailabilityZone, CreateTime: out.CreateTime,
		Encrypted: out.Encrypted, KmsKeyId: out.KmsKeyId, Size: out.Size, SnapshotId: out.SnapshotId,
		State: out.State, VolumeId: out.VolumeId, Iops: out.Iops, Tags: out.Tags, VolumeType: out.VolumeType,
		Throughput: out.Throughput, MultiAttachEnabled: out.MultiAttachEnabled, SseType: out.SseType,
		AvailabilityZoneId: out.AvailabilityZoneId}, nil
}

// volumeOut is a volume as EC2 describes it at now.
func volumeOut(v *volumeRecord, now time.Time) ec2api.Volume {
	state := v.at(now)
	if v.Attachment != nil && state == volumeAvailable {
		state = volumeInUse
	}
	out := ec2api.Volume{VolumeId: new(v.ID), Size: new(v.Size), AvailabilityZone: new(v.Zone),
		AvailabilityZoneId: new(zoneID(v.Zone)), State: &state, CreateTime: new(v.Created),
		VolumeType: new(v.Type), Encrypted: new(v.Encrypted), MultiAttachEnabled: new(false), Tags: apiTags(v.Tags),
		Attachments: []ec2api.VolumeAttachment{}}
	if v.SnapshotID != "" {
		out.SnapshotId = new(v.SnapshotID)
	} else {
		out.SnapshotId = new("")
	}
	if v.Iops != 0 {
		out.Iops = new(v.Iops)
	}
	if v.Throughput != 0 {
		out.Throughput = new(v.Throughput)
	}
	if v.Encrypted {
		out.KmsKeyId, out.SseType = new(v.KeyARN), new(ec2api.SSETypeSseEbs)
	}
	if a := v.Attachment; a != nil {
		out.Attachments = append(out.Attachments, ec2api.VolumeAttachment{VolumeId: new(v.ID), InstanceId: new(a.Instance),
			Device: new(a.Device), State: new(a.at(now)), AttachTime: new(a.Time),
			DeleteOnTermination: new(a.DeleteOnTermination)})
	}
	return out
}

// volumeFields are DescribeVolumes' filters.
func volumeFields(v *volumeRecord, now time.Time) fields {
	return func(name string) ([]string, bool) {
		out := volumeOut(v, now)
		switch name {
		case "volume-id":
			return one(v.ID), true
		case "status":
			return one(deref(out.State)), true
		case "availability-zone":
			return one(v.Zone), true
		case "size":
			return one(strconv.Itoa(int(v.Size))), true
		case "volume-type":
			return one(v.Type), true
		case "encrypted":
			return boolField(v.Encrypted), true
		case "snapshot-id":
			return one(v.SnapshotID), true
		case "create-time":
			return one(v.Created.Format(timeFormat)), true
		case "multi-attach-enabled":
			return boolField(false), true
		case "attachment.instance-id", "attachment.device", "attachment.status", "attachment.delete-on-termination", "attachment.attach-time":
			if v.Attachment == nil {
				return nil, true
			}
			a := out.Attachments[0]
			switch strings.TrimPrefix(name, "attachment.") {
			case "instance-id":
				return one(*a.InstanceId), true
			case "device":
				return one(*a.Device), true
			case "status":
				return one(*a.State), true
			case "attach-time":
				return one(a.AttachTime.Format(timeFormat)), true
			}
			return boolField(*a.DeleteOnTermination), true
		}
		return nil, false
	}
}

// DescribeVolumes describes the caller's volumes: those it names (each
// must exist) or all, filtered and paginated.
func (s *Service) DescribeVolumes(ctx context.Context, in *ec2api.DescribeVolumesInput) (*ec2api.DescribeVolumesOutput, error) {
	req, err := s.describing(ctx, "ec2:DescribeVolumes", in.DryRun)
	if err != nil {
		return nil, err
	}
	if err := checkIDs(in.VolumeIds, "vol"); err != nil {
		return nil, err
	}
	now := s.now()
	filters, err := parseFilters(in.Filters, volumeFields(&volumeRecord{}, now))
	if err != nil {
		return nil, err
	}
	l, err := newListing(in.NextToken, in.MaxResults)
	if err != nil {
		return nil, err
	}
	vols, err := listOwned[volumeRecord](ctx, s.store, volumesTable, req, in.VolumeIds, volumeNotFound)
	if err != nil {
		return nil, err
	}
	var kept []*volumeRecord
	for _, v := range vols {
		if matches(filters, volumeFields(v, now), v.Tags) {
			kept = append(kept, v)
		}
	}
	page, next := cut(kept, l, func(v *volumeRecord) string { return v.ID })
	out := &ec2api.DescribeVolumesOutput{Volumes: make([]ec2api.Volume, 0, len(page)), NextToken: next}
	for _, v := range page {
		out.Volumes = append(out.Volumes, volumeOut(v, now))
	}
	return out, nil
}

// DeleteVolume deletes a volume that is not attached.
func (s *Service) DeleteVolume(ctx context.Context, in *ec2api.DeleteVolumeInput) (*ec2api.DeleteVolumeOutput, error) {
	req := authz.FromContext(ctx)
	id := deref(in.VolumeId)
	v, err := s.ownVolume(ctx, req, id)
	if err != nil {
		return nil, err
	}
	if err := s.authorize(ctx, req, "ec2:DeleteVolume", target{arn: arn(req.Region, req.Principal.Account, "volume", id), conditions: v.conditions()}); err != nil {
		return nil, err
	}
	if err := dryRun(in.DryRun); err != nil {
		return nil, err
	}
	err = s.store.Update(ctx, func(tx store.Tx) error {
		v, ok, err := getOwned[volumeRecord](tx, volumesTable, req.Region, req.Principal.Account, id)
		switch {
		case err != nil:
			return err
		case !ok:
			return volumeNotFound(id)
		case v.Attachment != nil:
			return volumeInUseBy(id, v.Attachment.Instance)
		}
		return deleteOwned(tx, volumesTable, req.Region, req.Principal.Account, id)
	})
	if err != nil {
		return nil, err
	}
	return &ec2api.DeleteVolumeOutput{}, nil
}

// ownVolume reads one of the caller's volumes, its id checked first.
func (s *Service) ownVolume(ctx context.Context, req *authz.Request, id string) (*volumeRecord, error) {
	if err := checkIDs([]string{id}, "vol"); err != nil {
		return nil, err
	}
	var v *volumeRecord
	err := s.store.View(ctx, func(tx store.Tx) error {
		var ok bool
		var err error
		v, ok, err = getOwned[volumeRecord](tx, volumesTable, req.Region, req.Principal.Account, id)
		if err == nil && !ok {
			return volumeNotFound(id)
		}
		return err
	})
	return v, err
}

// ModifyVolume changes a volume's size, type, IOPS or throughput; EC2
// applies it at once and reports the modification completed.
func (s *Service) ModifyVolume(ctx context.Context, in *ec2api.ModifyVolumeInput) (*ec2api.ModifyVolumeOutput, error) {
	req := authz.FromContext(ctx)
	id := deref(in.VolumeId)
	v, err := s.ownVolume(ctx, req, id)
	if err != nil {
		return nil, err
	}
	if err := s.authorize(ctx, req, "ec2:ModifyVolume", target{arn: arn(req.Region, req.Principal.Account, "volume", id), conditions: v.conditions()}); err != nil {
		return nil, err
	}
	if err := dryRun(in.DryRun); err != nil {
		return nil, err
	}
	before := *v
	if in.Size != nil {
		if *in.Size < v.Size {
			return nil, invalidValue(strconv.Itoa(int(*in.Size)), "size", "New size cannot be smaller than existing size.")
		}
		v.Size = *in.Size
	}
	if in.VolumeType != nil {
		v.Type = *in.VolumeType
	}
	if in.Iops != nil {
		v.Iops = *in.Iops
	}
	if in.Throughput != nil {
		v.Throughput = *in.Throughput
	}
	v.Modification = &modification{Start: s.now().UTC(), FromSize: before.Size, ToSize: v.Size, FromType: before.Type, ToType: v.Type,
		FromIops: before.Iops, ToIops: v.Iops, FromThroughput: before.Throughput, ToThroughput: v.Throughput}
	if err := s.store.Update(ctx, func(tx store.Tx) error {
		return putOwned(tx, volumesTable, v.Region, v.Account, v.ID, v)
	}); err != nil {
		return nil, err
	}
	return &ec2api.ModifyVolumeOutput{VolumeModification: new(v.modificationOut())}, nil
}

// modificationOut is a volume's last modification as EC2 describes it:
// amity applies a modification at once, so it is always completed.
func (v *volumeRecord) modificationOut() ec2api.VolumeModification {
	m := v.Modification
	return ec2api.VolumeModification{VolumeId: new(v.ID), ModificationState: new(ec2api.VolumeModificationStateCompleted),
		Progress: new(int64(100)), StartTime: new(m.Start), EndTime: new(m.Start),
		OriginalSize: new(m.FromSize), TargetSize: new(m.ToSize), OriginalVolumeType: new(m.FromType), TargetVolumeType: new(m.ToType),
		OriginalIops: optInt(m.FromIops), TargetIops: optInt(m.ToIops), OriginalThroughput: optInt(m.FromThroughput), TargetThroughput: optInt(m.ToThroughput)}
}

// DescribeVolumesModifications describes the last modification of the
// caller's volumes: those named (each must exist) or all that have one.
func (s *Service) DescribeVolumesModifications(ctx context.Context, in *ec2api.DescribeVolumesModificationsInput) (*ec2api.DescribeVolumesModificationsOutput, error) {
	req, err := s.describing(ctx, "ec2:DescribeVolumesModifications", in.DryRun)
	if err != nil {
		return nil, err
	}
	if err := checkIDs(in.VolumeIds, "vol"); err != nil {
		return nil, err
	}
	probe := func(v *volumeRecord) fields {
		return func(name string) ([]string, bool) {
			switch name {
			case "volume-id":
				return one(v.ID), true
			case "modification-state":
				return one(ec2api.VolumeModificationStateCompleted), true
			case "target-size":
				if v.Modification != nil {
					return one(itoa(v.Modification.ToSize)), true
				}
				return nil, true
			case "target-volume-type":
				if v.Modification != nil {
					return one(v.Modification.ToType), true
				}
				return nil, true
			}
			return nil, false
		}
	}
	filters, err := parseFilters(in.Filters, probe(&volumeRecord{}))
	if err != nil {
		return nil, err
	}
	l, err := newListing(in.NextToken, in.MaxResults)
	if err != nil {
		return nil, err
	}
	vols, err := listOwned[volumeRecord](ctx, s.store, volumesTable, req, in.VolumeIds, volumeNotFound)
	if err != nil {
		return nil, err
	}
	vols = slices.DeleteFunc(vols, func(v *volumeRecord) bool { return v.Modification == nil || !matches(filters, probe(v), v.Tags) })
	page, next := cut(vols, l, func(v *volumeRecord) string { return v.ID })
	out := &ec2api.DescribeVolumesModificationsOutput{VolumesModifications: []ec2api.VolumeModification{}, NextToken: next}
	for _, v := range page {
		out.VolumesModifications = append(out.VolumesModifications, v.modificationOut())
	}
	return out, nil
}

func optInt(n int32) *int32 {
	if n == 0 {
		return nil
	}
	return &n
}
