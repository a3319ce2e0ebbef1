package ec2

import (
	"context"
	"strconv"

	"github.com/amityhq/amity/internal/api/ec2api"
	"github.com/amityhq/amity/internal/authz"
	"github.com/amityhq/amity/internal/store"
)

// defaultInstanceType is RunInstances' InstanceType when none is given
// [EC2 API reference, RunInstances: "Default: m1.small"].
const defaultInstanceType = "m1.small"

// launch is a RunInstances request with its launch template merged in.
type launch struct {
	imageID      string
	instanceType string
	keyName      string
	subnetID     string
	zone         string
	groupIDs     []string
	groupNames   []string
	profileName  string
	profileARN   string
	userData     string
	mappings     []ec2api.BlockDeviceMapping
	tags         []ec2api.TagSpecification
}

// mergeTemplate fills what the request leaves out from a launch
// template's data: the request's own parameters win.
func (l *launch) mergeTemplate(d *ec2api.ResponseLaunchTemplateData) {
	if d == nil {
		return
	}
	l.imageID = or(l.imageID, deref(d.ImageId))
	l.instanceType = or(l.instanceType, deref(d.InstanceType))
	l.keyName = or(l.keyName, deref(d.KeyName))
	l.userData = or(l.userData, deref(d.UserData))
	if len(l.groupIDs) == 0 {
		l.groupIDs = d.SecurityGroupIds
	}
	if len(l.groupNames) == 0 {
		l.groupNames = d.SecurityGroups
	}
	if p := d.IamInstanceProfile; p != nil && l.profileName == "" && l.profileARN == "" {
		l.profileName, l.profileARN = deref(p.Name), deref(p.Arn)
	}
	if pl := d.Placement; pl != nil {
		l.zone = or(l.zone, deref(pl.AvailabilityZone))
	}
	if len(l.mappings) == 0 {
		for _, m := range d.BlockDeviceMappings {
			bdm := ec2api.BlockDeviceMapping{DeviceName: m.DeviceName, NoDevice: m.NoDevice}
			if e := m.Ebs; e != nil {
				bdm.Ebs = &ec2api.EbsBlockDevice{DeleteOnTermination: e.DeleteOnTermination, Encrypted: e.Encrypted, Iops: e.Iops,
					KmsKeyId: e.KmsKeyId, SnapshotId: e.SnapshotId, Throughput: e.Throughput, VolumeSize: e.VolumeSize, VolumeType: e.VolumeType}
			}
			l.mappings = append(l.mappings, bdm)
		}
	}
	for _, ts := range d.TagSpecifications {
		l.tags = append(l.tags, ec2api.TagSpecification(ts))
	}
}

// RunInstances launches instances of an image the caller may launch. The
// call answers pending; EC2 then — on the caller's behalf — makes each
// volume's encryption, creates a grant on each encrypted volume's key for
// the instance's EBS session, and that session decrypts the volume's data
// key. A refusal anywhere ends the instance terminated with AWS's
// StateReason [AWS_TEXTS.md §6h, seed 004].
func (s *Service) RunInstances(ctx context.Context, in *ec2api.RunInstancesInput) (*ec2api.RunInstancesOutput, error) {
	req := authz.FromContext(ctx)
	l := launch{imageID: deref(in.ImageId), instanceType: deref(in.InstanceType), keyName: deref(in.KeyName),
		subnetID: deref(in.SubnetId), groupIDs: in.SecurityGroupIds, groupNames: in.SecurityGroups,
		userData: deref(in.UserData), mappings: in.BlockDeviceMappings, tags: in.TagSpecifications}
	if p := in.Placement; p != nil {
		l.zone = deref(p.AvailabilityZone)
	}
	if p := in.IamInstanceProfile; p != nil {
		l.profileName, l.profileARN = deref(p.Name), deref(p.Arn)
	}
	if in.LaunchTemplate != nil {
		d, err := s.launchTemplateData(ctx, req, in.LaunchTemplate)
		if err != nil {
			return nil, err
		}
		l.mergeTemplate(d)
	}
	l.instanceType = or(l.instanceType, defaultInstanceType)
	minCount, maxCount := deref(in.MinCount), deref(in.MaxCount)
	switch {
	case l.imageID == "":
		return nil, missingParameter("ImageId")
	case minCount < 1:
		return nil, invalidValue(strconv.Itoa(int(minCount)), "minCount", "")
	case maxCount < minCount:
		return nil, invalidValue(strconv.Itoa(int(maxCount)), "maxCount", "")
	}
	if l.zone != "" && !validZone(req.Region, l.zone) {
		return nil, zoneNotFound(l.zone)
	}
	if err := s.ensurePublicImages(ctx, req.Region); err != nil {
		return nil, err
	}
	image, err := s.visibleImage(ctx, req, req.Region, l.imageID)
	if err != nil {
		return nil, err
	}
	if image.at(s.now()) != imageAvailable {
		return nil, ec2api.InvalidAMIIDUnavailable("Image id '" + image.ID + "' is not available")
	}
	snapshots, err := s.imageSnapshots(ctx, image)
	if err != nil {
		return nil, err
	}
	specs, err := l.volumeSpecs(image, snapshots)
	if err != nil {
		return nil, err
	}
	net, err := s.place(ctx, req, l.subnetID, l.zone, l.groupIDs, l.groupNames)
	if err != nil {
		return nil, err
	}
	profile, err := s.launchProfile(ctx, req, l.profileName, l.profileARN)
	if err != nil {
		return nil, err
	}
	if err := s.checkKeyPair(ctx, req, l.keyName); err != nil {
		return nil, err
	}
	tags, volumeTags := specTags(l.tags, "instance"), specTags(l.tags, "volume")
	if err := s.authorize(ctx, req, "ec2:RunInstances", l.targets(req, image, specs, net, tags, volumeTags, profile)...); err != nil {
		return nil, err
	}
	if err := s.checkPassRole(ctx, req, profile); err != nil {
		return nil, err
	}
	if err := dryRun(in.DryRun); err != nil {
		return nil, err
	}
	reservation := s.newID("r")
	out := &ec2api.RunInstancesOutput{ReservationId: new(reservation), OwnerId: new(req.Principal.Account), Groups: []ec2api.GroupIdentifier{}}
	for i := range maxCount {
		if i > 0 { // each instance its own address in the subnet
			if net.privateIP, err = s.privateAddress(net.cidr); err != nil {
				return nil, err
			}
		}
		inst := &instanceRecord{ID: s.newID("i"), Account: req.Principal.Account, Region: req.Region, ReservationID: reservation,
			ImageID: image.ID, Type: l.instanceType, KeyName: l.keyName, Zone: net.zone, SubnetID: net.subnetID, VpcID: net.vpcID,
			PrivateIP: net.privateIP, LaunchIndex: i, Launched: s.now().UTC(), ClientToken: deref(in.ClientToken),
			Architecture: image.Architecture, Platform: image.Platform, RootDevice: image.RootDeviceName, UserData: l.userData,
			Groups: net.groups, Tags: tags}
		if profile != nil {
			inst.Profile, inst.ProfileID = profile.ARN, profile.ID
		}
		vols, err := s.start(ctx, req.About(inst.arn()), inst, specs, volumeTags, instanceTerminated)
		if err != nil {
			return nil, err
		}
		if err := s.storeLaunch(ctx, inst, vols); err != nil {
			return nil, err
		}
		shown := instanceOut(inst, inst.Launched) // as launched: pending
		out.Instances = append(out.Instances, shown)
	}
	return out, nil
}

// volumeSpecs are the volumes a launch makes: the image's mappings, with
// the request's mappings overriding size, type, encryption and key per
// device, and adding empty volumes.
func (l *launch) volumeSpecs(image *imageRecord, snapshots []*snapshotRecord) ([]mappedVolume, error) {
	var out []mappedVolume
	for i, m := range image.Mappings {
		out = append(out, mappedVolume{device: m.Device, deleteOnTermination: m.DeleteOnTermination,
			spec: volumeSpec{size: m.VolumeSize, typ: m.VolumeType, iops: m.Iops, throughput: m.Throughput, snapshot: snapshots[i]}})
	}
	for _, bdm := range l.mappings {
		device := deref(bdm.DeviceName)
		i := indexOfDevice(out, device)
		if bdm.NoDevice != nil {
			if i >= 0 {
				out = append(out[:i], out[i+1:]...)
			}
			continue
		}
		e := bdm.Ebs
		if e == nil {
			continue
		}
		if i < 0 {
			if e.VolumeSize == nil && e.SnapshotId == nil {
				return nil, missingParameter("BlockDeviceMapping.Ebs.VolumeSize")
			}
			out = append(out, mappedVolume{device: device, deleteOnTermination: true})
			i = len(out) - 1
		}
		mv := &out[i]
		mv.spec.size = or(deref(e.VolumeSize), mv.spec.size)
		mv.spec.typ = or(deref(e.VolumeType), mv.spec.typ)
		mv.spec.iops = or(deref(e.Iops), mv.spec.iops)
		mv.spec.throughput = or(deref(e.Throughput), mv.spec.throughput)
		mv.spec.choice = encryptionChoice{e.Encrypted, e.KmsKeyId}
		if e.DeleteOnTermination != nil {
			mv.deleteOnTermination = *e.DeleteOnTermination
		}
	}
	return out, nil
}

// mappedVolume is a volume a launch makes, at its device.
type mappedVolume struct {
	device              string
	deleteOnTermination bool
	spec                volumeSpec
}

func indexOfDevice(vs []mappedVolume, device string) int {
	for i, v := range vs {
		if v.device == device {
			return i
		}
	}
	return -1
}

// targets are the resources ec2:RunInstances is authorized on: the new
// instance, the image, each volume, the subnet, the security groups, the
// key pair [Service Authorization Reference, RunInstances].
func (l *launch) targets(req *authz.Request, image *imageRecord, specs []mappedVolume, net placement, tags, volumeTags []tag, profile *launchProfile) []target {
	account, region := req.Principal.Account, req.Region
	ic := tagConditions(map[string][]string{"ec2:instancetype": {l.instanceType}, "ec2:availabilityzone": {net.zone},
		"ec2:rootdevicetype": {"ebs"}, "ec2:tenancy": {"default"}}, tags, "RunInstances")
	if profile != nil {
		ic["ec2:instanceprofile"] = []string{profile.ARN}
	}
	out := []target{
		{arn: arn(region, account, "instance", "*"), conditions: ic},
		{arn: arn(region, "", "image", image.ID), conditions: image.conditions()},
	}
	for _, v := range specs {
		encrypted := deref(v.spec.choice.encrypted) || (v.spec.snapshot != nil && v.spec.snapshot.Encrypted)
		out = append(out, target{arn: arn(region, account, "volume", "*"), conditions: tagConditions(map[string][]string{
			"ec2:encrypted": boolField(encrypted), "ec2:volumetype": {or(v.spec.typ, ec2api.VolumeTypeGp2)},
			"ec2:volumesize": {itoa(v.spec.size)}, "ec2:availabilityzone": {net.zone}}, volumeTags, "RunInstances")})
	}
	out = append(out, target{arn: arn(region, account, "network-interface", "*")})
	if net.subnetID != "" {
		out = append(out, target{arn: arn(region, account, "subnet", net.subnetID), conditions: map[string][]string{"ec2:vpc": {arn(region, account, "vpc", net.vpcID)}}})
	}
	for _, g := range net.groups {
		out = append(out, target{arn: arn(region, account, "security-group", g.ID)})
	}
	if l.keyName != "" {
		out = append(out, target{arn: arn(region, account, "key-pair", l.keyName)})
	}
	return out
}

// start makes an instance's volumes and boots it: see settle.
func (s *Service) start(ctx context.Context, req *authz.Request, inst *instanceRecord, specs []mappedVolume, tags []tag, failed string) ([]*volumeRecord, error) {
	var vols []*volumeRecord
	var failure *launchFailure
	for _, mv := range specs {
		spec := mv.spec
		spec.zone, spec.tags = inst.Zone, tags
		v, refused, err := s.makeVolume(ctx, req, spec)
		if err != nil {
			return nil, err
		}
		v.transition = still(volumeAvailable)
		v.Attachment = &attachment{Instance: inst.ID, Device: mv.device, DeleteOnTermination: mv.deleteOnTermination,
			Time: inst.Launched, transition: still("attached")}
		vols = append(vols, v)
		inst.Volumes = append(inst.Volumes, instanceVolume{Device: mv.device, VolumeID: v.ID,
			DeleteOnTermination: mv.deleteOnTermination, AttachTime: inst.Launched})
		if refused != nil && failure == nil {
			failure = failureOf(refused)
		}
	}
	return vols, s.settle(ctx, req, inst, vols, failure, failed)
}

// settle boots an instance on its volumes (unless making them failed)
// and records the outcome in its transition: pending, then running — or,
// failed, the state failed (terminated for a launch, stopped for a start)
// with AWS's reason. A terminated instance's grants are retired.
func (s *Service) settle(ctx context.Context, req *authz.Request, inst *instanceRecord, vols []*volumeRecord, failure *launchFailure, failed string) error {
	if failure == nil {
		grants, f, err := s.boot(ctx, req, inst, vols)
		if err != nil {
			return err
		}
		inst.Grants, failure = append(inst.Grants, grants...), f
	}
	if failure == nil {
		inst.transition = moving(instancePending, s.now(), s.pace.Launch, instanceRunning, "", "")
		return nil
	}
	inst.transition = moving(instancePending, s.now(), s.pace.Launch, failed, failure.code, failure.message)
	if failed == instanceTerminated {
		s.retireGrants(ctx, inst.Region, inst.Grants)
		inst.Grants = nil
	}
	return nil
}

// storeLaunch writes a launched instance and its volumes; a launch that
// failed keeps its terminated instance and deletes the volumes marked
// DeleteOnTermination, as EC2 does when an instance terminates.
func (s *Service) storeLaunch(ctx context.Context, inst *instanceRecord, vols []*volumeRecord) error {
	terminated := inst.Settled == instanceTerminated
	return s.store.Update(ctx, func(tx store.Tx) error {
		for _, v := range vols {
			if terminated {
				if v.Attachment.DeleteOnTermination {
					continue
				}
				v.Attachment = nil
			}
			if err := putOwned(tx, volumesTable, v.Region, v.Account, v.ID, v); err != nil {
				return err
			}
		}
		if terminated {
			inst.Volumes = nil
		}
		return putOwned(tx, instancesTable, inst.Region, inst.Account, inst.ID, inst)
	})
}
