package ec2

import (
	"context"

	"github.com/amityhq/amity/internal/api/ec2api"
	"github.com/amityhq/amity/internal/wire"
)

// Operations being built: each answers NotImplemented until its file lands.

func (s *Service) AuthorizeSecurityGroupEgress(context.Context, *ec2api.AuthorizeSecurityGroupEgressInput) (*ec2api.AuthorizeSecurityGroupEgressOutput, error) {
	return nil, wire.NotImplemented("ec2", "AuthorizeSecurityGroupEgress")
}

func (s *Service) AuthorizeSecurityGroupIngress(context.Context, *ec2api.AuthorizeSecurityGroupIngressInput) (*ec2api.AuthorizeSecurityGroupIngressOutput, error) {
	return nil, wire.NotImplemented("ec2", "AuthorizeSecurityGroupIngress")
}

func (s *Service) CreateKeyPair(context.Context, *ec2api.CreateKeyPairInput) (*ec2api.CreateKeyPairOutput, error) {
	return nil, wire.NotImplemented("ec2", "CreateKeyPair")
}

func (s *Service) CreateLaunchTemplate(context.Context, *ec2api.CreateLaunchTemplateInput) (*ec2api.CreateLaunchTemplateOutput, error) {
	return nil, wire.NotImplemented("ec2", "CreateLaunchTemplate")
}

func (s *Service) CreateLaunchTemplateVersion(context.Context, *ec2api.CreateLaunchTemplateVersionInput) (*ec2api.CreateLaunchTemplateVersionOutput, error) {
	return nil, wire.NotImplemented("ec2", "CreateLaunchTemplateVersion")
}

func (s *Service) CreateSecurityGroup(context.Context, *ec2api.CreateSecurityGroupInput) (*ec2api.CreateSecurityGroupOutput, error) {
	return nil, wire.NotImplemented("ec2", "CreateSecurityGroup")
}

func (s *Service) CreateTags(context.Context, *ec2api.CreateTagsInput) (*ec2api.CreateTagsOutput, error) {
	return nil, wire.NotImplemented("ec2", "CreateTags")
}

func (s *Service) DeleteKeyPair(context.Context, *ec2api.DeleteKeyPairInput) (*ec2api.DeleteKeyPairOutput, error) {
	return nil, wire.NotImplemented("ec2", "DeleteKeyPair")
}

func (s *Service) DeleteLaunchTemplate(context.Context, *ec2api.DeleteLaunchTemplateInput) (*ec2api.DeleteLaunchTemplateOutput, error) {
	return nil, wire.NotImplemented("ec2", "DeleteLaunchTemplate")
}

func (s *Service) DeleteSecurityGroup(context.Context, *ec2api.DeleteSecurityGroupInput) (*ec2api.DeleteSecurityGroupOutput, error) {
	return nil, wire.NotImplemented("ec2", "DeleteSecurityGroup")
}

func (s *Service) DeleteTags(context.Context, *ec2api.DeleteTagsInput) (*ec2api.DeleteTagsOutput, error) {
	return nil, wire.NotImplemented("ec2", "DeleteTags")
}

func (s *Service) DescribeAvailabilityZones(context.Context, *ec2api.DescribeAvailabilityZonesInput) (*ec2api.DescribeAvailabilityZonesOutput, error) {
	return nil, wire.NotImplemented("ec2", "DescribeAvailabilityZones")
}

func (s *Service) DescribeKeyPairs(context.Context, *ec2api.DescribeKeyPairsInput) (*ec2api.DescribeKeyPairsOutput, error) {
	return nil, wire.NotImplemented("ec2", "DescribeKeyPairs")
}

func (s *Service) DescribeLaunchTemplateVersions(context.Context, *ec2api.DescribeLaunchTemplateVersionsInput) (*ec2api.DescribeLaunchTemplateVersionsOutput, error) {
	return nil, wire.NotImplemented("ec2", "DescribeLaunchTemplateVersions")
}

func (s *Service) DescribeLaunchTemplates(context.Context, *ec2api.DescribeLaunchTemplatesInput) (*ec2api.DescribeLaunchTemplatesOutput, error) {
	return nil, wire.NotImplemented("ec2", "DescribeLaunchTemplates")
}

func (s *Service) DescribeRegions(context.Context, *ec2api.DescribeRegionsInput) (*ec2api.DescribeRegionsOutput, error) {
	return nil, wire.NotImplemented("ec2", "DescribeRegions")
}

func (s *Service) DescribeSecurityGroups(context.Context, *ec2api.DescribeSecurityGroupsInput) (*ec2api.DescribeSecurityGroupsOutput, error) {
	return nil, wire.NotImplemented("ec2", "DescribeSecurityGroups")
}

func (s *Service) DescribeSubnets(context.Context, *ec2api.DescribeSubnetsInput) (*ec2api.DescribeSubnetsOutput, error) {
	return nil, wire.NotImplemented("ec2", "DescribeSubnets")
}

func (s *Service) DescribeTags(context.Context, *ec2api.DescribeTagsInput) (*ec2api.DescribeTagsOutput, error) {
	return nil, wire.NotImplemented("ec2", "DescribeTags")
}

func (s *Service) DescribeVpcs(context.Context, *ec2api.DescribeVpcsInput) (*ec2api.DescribeVpcsOutput, error) {
	return nil, wire.NotImplemented("ec2", "DescribeVpcs")
}

func (s *Service) ImportKeyPair(context.Context, *ec2api.ImportKeyPairInput) (*ec2api.ImportKeyPairOutput, error) {
	return nil, wire.NotImplemented("ec2", "ImportKeyPair")
}

func (s *Service) ModifyLaunchTemplate(context.Context, *ec2api.ModifyLaunchTemplateInput) (*ec2api.ModifyLaunchTemplateOutput, error) {
	return nil, wire.NotImplemented("ec2", "ModifyLaunchTemplate")
}

func (s *Service) RevokeSecurityGroupEgress(context.Context, *ec2api.RevokeSecurityGroupEgressInput) (*ec2api.RevokeSecurityGroupEgressOutput, error) {
	return nil, wire.NotImplemented("ec2", "RevokeSecurityGroupEgress")
}

func (s *Service) RevokeSecurityGroupIngress(context.Context, *ec2api.RevokeSecurityGroupIngressInput) (*ec2api.RevokeSecurityGroupIngressOutput, error) {
	return nil, wire.NotImplemented("ec2", "RevokeSecurityGroupIngress")
}
