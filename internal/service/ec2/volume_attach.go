package ec2

import (
	"context"
	"slices"

	"github.com/amityhq/amity/internal/api/ec2api"
	"github.com/amityhq/amity/internal/authz"
	"github.com/amityhq/amity/internal/store"
)

// keyRevoked refuses attaching an encrypted volume whose key the
// instance's session cannot use [a CloudTrail record of 2026-05-18 in
// AWS_TEXTS.md §2: errorCode Client.CustomerKeyHasBeenRevoked; the API
// code without "Client." is UNVERIFIED].
func keyRevoked(volume string) error {
	return ec2api.CustomerKeyHasBeenRevoked("Volume " + volume + " cannot be attached. The encrypted volume was unable to access the KMS key.")
}

// AttachVolume attaches an available volume to an instance in its zone.
// For an encrypted volume EC2 creates, on the caller's behalf, a grant for
// the instance's session, which decrypts the data key [AWS_TEXTS.md §9].
func (s *Service) AttachVolume(ctx context.Context, in *ec2api.AttachVolumeInput) (*ec2api.AttachVolumeOutput, error) {
	req := authz.FromContext(ctx)
	device := deref(in.Device)
	if device == "" {
		return nil, missingParameter("device")
	}
	v, err := s.ownVolume(ctx, req, deref(in.VolumeId))
	if err != nil {
		return nil, err
	}
	inst, err := s.ownInstance(ctx, req, deref(in.InstanceId))
	if err != nil {
		return nil, err
	}
	if err := s.authorize(ctx, req, "ec2:AttachVolume",
		target{arn: inst.arn(), conditions: inst.conditions()},
		target{arn: arn(req.Region, req.Principal.Account, "volume", v.ID), conditions: v.conditions()}); err != nil {
		return nil, err
	}
	now := s.now()
	switch state := inst.at(now); {
	case v.Attachment != nil:
		return nil, volumeAttached(v.ID)
	case v.at(now) != volumeAvailable:
		return nil, incorrectVolumeState(v.ID, v.at(now))
	case state != instanceRunning && state != instanceStopped:
		return nil, incorrectInstanceState(inst.ID, "attached to")
	case v.Zone != inst.Zone:
		return nil, zoneMismatch(v.ID, inst.ID)
	case slices.ContainsFunc(inst.Volumes, func(iv instanceVolume) bool { return iv.Device == device }):
		return nil, invalidValue(device, "device", "Attachment point "+device+" is already in use")
	}
	if err := dryRun(in.DryRun); err != nil {
		return nil, err
	}
	s.writes.Lock()
	defer s.writes.Unlock()
	if v.Encrypted {
		grants, failure, err := s.boot(ctx, req.About(inst.arn()), inst, []*volumeRecord{v})
		if err != nil {
			return nil, err
		}
		if failure != nil {
			s.retireGrants(ctx, inst.Region, grants)
			return nil, keyRevoked(v.ID)
		}
		inst.Grants = append(inst.Grants, grants...)
	}
	v.Attachment = &attachment{Instance: inst.ID, Device: device, Time: now.UTC(), transition: moving("attaching", now, s.pace.Volume, "attached", "", "")}
	inst.Volumes = append(inst.Volumes, instanceVolume{Device: device, VolumeID: v.ID, AttachTime: now.UTC()})
	if err := s.store.Update(ctx, func(tx store.Tx) error { return s.putInstance(tx, inst, []*volumeRecord{v}) }); err != nil {
		return nil, err
	}
	return &ec2api.AttachVolumeOutput{VolumeId: new(v.ID), InstanceId: new(inst.ID), Device: new(device),
		State: new("attaching"), AttachTime: new(now.UTC()), DeleteOnTermination: new(false)}, nil
}

// DetachVolume detaches a volume from its instance; an instance's root
// volume stays while the instance is not stopped.
func (s *Service) DetachVolume(ctx context.Context, in *ec2api.DetachVolumeInput) (*ec2api.DetachVolumeOutput, error) {
	req := authz.FromContext(ctx)
	v, err := s.ownVolume(ctx, req, deref(in.VolumeId))
	if err != nil {
		return nil, err
	}
	a := v.Attachment
	if a == nil {
		return nil, ec2api.IncorrectState("Volume '" + v.ID + "' is in the 'available' state.")
	}
	inst, err := s.ownInstance(ctx, req, a.Instance)
	if err != nil {
		return nil, err
	}
	if err := s.authorize(ctx, req, "ec2:DetachVolume",
		target{arn: inst.arn(), conditions: inst.conditions()},
		target{arn: arn(req.Region, req.Principal.Account, "volume", v.ID), conditions: v.conditions()}); err != nil {
		return nil, err
	}
	if a.Device == inst.RootDevice && inst.at(s.now()) != instanceStopped {
		return nil, ec2api.IncorrectState("Unable to detach root volume '" + v.ID + "' from instance '" + inst.ID + "'")
	}
	if err := dryRun(in.DryRun); err != nil {
		return nil, err
	}
	s.writes.Lock()
	defer s.writes.Unlock()
	v.Attachment = nil
	v.transition = still(volumeAvailable)
	inst.Volumes = slices.DeleteFunc(inst.Volumes, func(iv instanceVolume) bool { return iv.VolumeID == v.ID })
	if err := s.store.Update(ctx, func(tx store.Tx) error { return s.putInstance(tx, inst, []*volumeRecord{v}) }); err != nil {
		return nil, err
	}
	return &ec2api.DetachVolumeOutput{VolumeId: new(v.ID), InstanceId: new(inst.ID), Device: new(a.Device),
		State: new("detaching"), AttachTime: new(a.Time), DeleteOnTermination: new(a.DeleteOnTermination)}, nil
}
