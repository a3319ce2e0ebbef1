package ec2

import (
	"context"

	"github.com/amityhq/amity/internal/api/ec2api"
	"github.com/amityhq/amity/internal/wire"
)

// Operations being built: each answers NotImplemented until its file lands.

func (s *Service) AttachVolume(context.Context, *ec2api.AttachVolumeInput) (*ec2api.AttachVolumeOutput, error) {
	return nil, wire.NotImplemented("ec2", "AttachVolume")
}

func (s *Service) CopyImage(context.Context, *ec2api.CopyImageInput) (*ec2api.CopyImageOutput, error) {
	return nil, wire.NotImplemented("ec2", "CopyImage")
}

func (s *Service) CopySnapshot(context.Context, *ec2api.CopySnapshotInput) (*ec2api.CopySnapshotOutput, error) {
	return nil, wire.NotImplemented("ec2", "CopySnapshot")
}

func (s *Service) CreateImage(context.Context, *ec2api.CreateImageInput) (*ec2api.CreateImageOutput, error) {
	return nil, wire.NotImplemented("ec2", "CreateImage")
}

func (s *Service) DeregisterImage(context.Context, *ec2api.DeregisterImageInput) (*ec2api.DeregisterImageOutput, error) {
	return nil, wire.NotImplemented("ec2", "DeregisterImage")
}

func (s *Service) DescribeImageAttribute(context.Context, *ec2api.DescribeImageAttributeInput) (*ec2api.DescribeImageAttributeOutput, error) {
	return nil, wire.NotImplemented("ec2", "DescribeImageAttribute")
}

func (s *Service) DescribeImages(context.Context, *ec2api.DescribeImagesInput) (*ec2api.DescribeImagesOutput, error) {
	return nil, wire.NotImplemented("ec2", "DescribeImages")
}

func (s *Service) DescribeInstanceAttribute(context.Context, *ec2api.DescribeInstanceAttributeInput) (*ec2api.DescribeInstanceAttributeOutput, error) {
	return nil, wire.NotImplemented("ec2", "DescribeInstanceAttribute")
}

func (s *Service) DescribeInstanceStatus(context.Context, *ec2api.DescribeInstanceStatusInput) (*ec2api.DescribeInstanceStatusOutput, error) {
	return nil, wire.NotImplemented("ec2", "DescribeInstanceStatus")
}

func (s *Service) DescribeInstances(context.Context, *ec2api.DescribeInstancesInput) (*ec2api.DescribeInstancesOutput, error) {
	return nil, wire.NotImplemented("ec2", "DescribeInstances")
}

func (s *Service) DescribeVolumesModifications(context.Context, *ec2api.DescribeVolumesModificationsInput) (*ec2api.DescribeVolumesModificationsOutput, error) {
	return nil, wire.NotImplemented("ec2", "DescribeVolumesModifications")
}

func (s *Service) DetachVolume(context.Context, *ec2api.DetachVolumeInput) (*ec2api.DetachVolumeOutput, error) {
	return nil, wire.NotImplemented("ec2", "DetachVolume")
}

func (s *Service) ModifyImageAttribute(context.Context, *ec2api.ModifyImageAttributeInput) (*ec2api.ModifyImageAttributeOutput, error) {
	return nil, wire.NotImplemented("ec2", "ModifyImageAttribute")
}

func (s *Service) RebootInstances(context.Context, *ec2api.RebootInstancesInput) (*ec2api.RebootInstancesOutput, error) {
	return nil, wire.NotImplemented("ec2", "RebootInstances")
}

func (s *Service) RegisterImage(context.Context, *ec2api.RegisterImageInput) (*ec2api.RegisterImageOutput, error) {
	return nil, wire.NotImplemented("ec2", "RegisterImage")
}

func (s *Service) ResetImageAttribute(context.Context, *ec2api.ResetImageAttributeInput) (*ec2api.ResetImageAttributeOutput, error) {
	return nil, wire.NotImplemented("ec2", "ResetImageAttribute")
}

func (s *Service) RunInstances(context.Context, *ec2api.RunInstancesInput) (*ec2api.RunInstancesOutput, error) {
	return nil, wire.NotImplemented("ec2", "RunInstances")
}

func (s *Service) StartInstances(context.Context, *ec2api.StartInstancesInput) (*ec2api.StartInstancesOutput, error) {
	return nil, wire.NotImplemented("ec2", "StartInstances")
}

func (s *Service) StopInstances(context.Context, *ec2api.StopInstancesInput) (*ec2api.StopInstancesOutput, error) {
	return nil, wire.NotImplemented("ec2", "StopInstances")
}

func (s *Service) TerminateInstances(context.Context, *ec2api.TerminateInstancesInput) (*ec2api.TerminateInstancesOutput, error) {
	return nil, wire.NotImplemented("ec2", "TerminateInstances")
}
