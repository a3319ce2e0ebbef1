package ec2

import (
	"context"
	"time"

	"github.com/amityhq/amity/internal/api/ec2api"
	"github.com/amityhq/amity/internal/authz"
	"github.com/amityhq/amity/internal/store"
)

// stateChange runs one instance-state action on each instance named: each
// must be the caller's and authorized, then change returns its state
// change (and whatever it writes in the instance and its volumes).
func (s *Service) stateChange(ctx context.Context, ids []string, action string, dry *bool,
	change func(*authz.Request, *instanceRecord, []*volumeRecord) (ec2api.InstanceStateChange, error)) ([]ec2api.InstanceStateChange, error) {
	req := authz.FromContext(ctx)
	if len(ids) == 0 {
		return nil, missingParameter("InstanceId")
	}
	if err := checkIDs(ids, "i"); err != nil {
		return nil, err
	}
	insts, err := listOwned[instanceRecord](ctx, s.store, instancesTable, req, ids, instanceNotFound)
	if err != nil {
		return nil, err
	}
	for _, inst := range insts {
		if err := s.authorize(ctx, req, action, target{arn: inst.arn(), conditions: inst.conditions()}); err != nil {
			return nil, err
		}
	}
	if err := dryRun(dry); err != nil {
		return nil, err
	}
	s.writes.Lock()
	defer s.writes.Unlock()
	var out []ec2api.InstanceStateChange
	for _, id := range ids {
		inst, err := s.ownInstance(ctx, req, id) // as it stands now, under the lock
		if err != nil {
			return nil, err
		}
		vols, err := s.instanceVolumes(ctx, inst)
		if err != nil {
			return nil, err
		}
		ch, err := change(req, inst, vols)
		if err != nil {
			return nil, err
		}
		if err := s.store.Update(ctx, func(tx store.Tx) error { return s.putInstance(tx, inst, vols) }); err != nil {
			return nil, err
		}
		out = append(out, ch)
	}
	return out, nil
}

// instanceVolumes reads an instance's attached volumes.
func (s *Service) instanceVolumes(ctx context.Context, inst *instanceRecord) ([]*volumeRecord, error) {
	var vols []*volumeRecord
	err := s.store.View(ctx, func(tx store.Tx) error {
		for _, iv := range inst.Volumes {
			v, ok, err := getOwned[volumeRecord](tx, volumesTable, inst.Region, inst.Account, iv.VolumeID)
			if err != nil {
				return err
			}
			if ok {
				vols = append(vols, v)
			}
		}
		return nil
	})
	return vols, err
}

// putInstance writes an instance and its volumes: a volume whose
// attachment ended with DeleteOnTermination is deleted.
func (s *Service) putInstance(tx store.Tx, inst *instanceRecord, vols []*volumeRecord) error {
	for _, v := range vols {
		if v.Attachment == nil && v.Settled == "deleted" {
			if err := deleteOwned(tx, volumesTable, v.Region, v.Account, v.ID); err != nil {
				return err
			}
			continue
		}
		if err := putOwned(tx, volumesTable, v.Region, v.Account, v.ID, v); err != nil {
			return err
		}
	}
	return putOwned(tx, instancesTable, inst.Region, inst.Account, inst.ID, inst)
}

func changeOf(id, previous, current string) ec2api.InstanceStateChange {
	return ec2api.InstanceStateChange{InstanceId: new(id), PreviousState: instanceState(previous), CurrentState: instanceState(current)}
}

// userInitiated is StateTransitionReason after a user's stop or
// termination [EC2 API reference examples: "User initiated (2013-12-03
// 22:17:16 GMT)"].
func userInitiated(t time.Time) string {
	return "User initiated (" + t.UTC().Format("2006-01-02 15:04:05") + " GMT)"
}

// StartInstances starts stopped instances. Each start goes through what
// a launch does with the caller's permissions — a grant on each encrypted
// volume's key for the instance's session, its Decrypt — so a caller who
// may not create the grant sees the instance go back to stopped with
// Client.InternalError [seed 004; AWS_TEXTS.md §6h].
func (s *Service) StartInstances(ctx context.Context, in *ec2api.StartInstancesInput) (*ec2api.StartInstancesOutput, error) {
	now := s.now()
	changes, err := s.stateChange(ctx, in.InstanceIds, "ec2:StartInstances", in.DryRun,
		func(req *authz.Request, inst *instanceRecord, vols []*volumeRecord) (ec2api.InstanceStateChange, error) {
			previous := inst.at(now)
			switch previous {
			case instanceStopped:
			case instancePending, instanceRunning:
				return changeOf(inst.ID, previous, previous), nil
			default:
				return ec2api.InstanceStateChange{}, incorrectInstanceState(inst.ID, "started")
			}
			inst.TransitionReason = ""
			if err := s.settle(ctx, req.About(inst.arn()), inst, vols, nil, instanceStopped); err != nil {
				return ec2api.InstanceStateChange{}, err
			}
			return changeOf(inst.ID, previous, instancePending), nil
		})
	if err != nil {
		return nil, err
	}
	return &ec2api.StartInstancesOutput{StartingInstances: changes}, nil
}

// StopInstances stops running instances; their grants stay.
func (s *Service) StopInstances(ctx context.Context, in *ec2api.StopInstancesInput) (*ec2api.StopInstancesOutput, error) {
	now := s.now()
	changes, err := s.stateChange(ctx, in.InstanceIds, "ec2:StopInstances", in.DryRun,
		func(_ *authz.Request, inst *instanceRecord, _ []*volumeRecord) (ec2api.InstanceStateChange, error) {
			previous := inst.at(now)
			switch previous {
			case instanceRunning, instancePending:
			case instanceStopping, instanceStopped:
				return changeOf(inst.ID, previous, previous), nil
			default:
				return ec2api.InstanceStateChange{}, incorrectInstanceState(inst.ID, "stopped")
			}
			inst.transition = moving(instanceStopping, now, s.pace.Stop, instanceStopped, userShutdownCode, userShutdownMessage)
			inst.TransitionReason = userInitiated(now)
			return changeOf(inst.ID, previous, instanceStopping), nil
		})
	if err != nil {
		return nil, err
	}
	return &ec2api.StopInstancesOutput{StoppingInstances: changes}, nil
}

// TerminateInstances terminates instances: EC2 retires the grants it made
// for their sessions, deletes the volumes marked DeleteOnTermination and
// detaches the others.
func (s *Service) TerminateInstances(ctx context.Context, in *ec2api.TerminateInstancesInput) (*ec2api.TerminateInstancesOutput, error) {
	now := s.now()
	changes, err := s.stateChange(ctx, in.InstanceIds, "ec2:TerminateInstances", in.DryRun,
		func(req *authz.Request, inst *instanceRecord, vols []*volumeRecord) (ec2api.InstanceStateChange, error) {
			previous := inst.at(now)
			if previous == instanceTerminated || previous == instanceShuttingDown {
				return changeOf(inst.ID, previous, previous), nil
			}
			s.retireGrants(ctx, inst.Region, inst.Grants)
			inst.Grants = nil
			for _, v := range vols {
				if v.Attachment != nil && v.Attachment.DeleteOnTermination {
					v.Settled = "deleted"
				}
				v.Attachment = nil
			}
			inst.Volumes = nil
			inst.transition = moving(instanceShuttingDown, now, s.pace.Stop, instanceTerminated, userShutdownCode, userShutdownMessage)
			inst.TransitionReason = userInitiated(now)
			return changeOf(inst.ID, previous, instanceShuttingDown), nil
		})
	if err != nil {
		return nil, err
	}
	return &ec2api.TerminateInstancesOutput{TerminatingInstances: changes}, nil
}

// RebootInstances reboots running instances: nothing EC2 shows changes.
func (s *Service) RebootInstances(ctx context.Context, in *ec2api.RebootInstancesInput) (*ec2api.RebootInstancesOutput, error) {
	now := s.now()
	_, err := s.stateChange(ctx, in.InstanceIds, "ec2:RebootInstances", in.DryRun,
		func(_ *authz.Request, inst *instanceRecord, _ []*volumeRecord) (ec2api.InstanceStateChange, error) {
			if state := inst.at(now); state != instanceRunning {
				return ec2api.InstanceStateChange{}, incorrectInstanceState(inst.ID, "rebooted")
			}
			return ec2api.InstanceStateChange{}, nil
		})
	if err != nil {
		return nil, err
	}
	return &ec2api.RebootInstancesOutput{}, nil
}
