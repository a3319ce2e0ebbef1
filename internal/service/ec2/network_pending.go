package ec2

import (
	"context"

	"github.com/amityhq/amity/internal/api/ec2api"
	"github.com/amityhq/amity/internal/authz"
)

// placement is where an instance runs: its zone, subnet, VPC, address and
// security groups.
type placement struct {
	zone, subnetID, vpcID, privateIP string
	groups                           []groupRef
}

// place resolves a launch's network. The default VPC, subnets and groups
// land in their own change; until then every instance runs in the
// Region's first zone.
func (s *Service) place(_ context.Context, req *authz.Request, _ string, zone string, _, _ []string) (placement, error) {
	return placement{zone: or(zone, req.Region+zoneLetters[0]), privateIP: "172.31.0.10"}, nil
}

// checkKeyPair refuses a key pair the account does not have; key pairs
// land in their own change.
func (s *Service) checkKeyPair(context.Context, *authz.Request, string) error { return nil }

// launchTemplateData resolves a launch template; templates land in their
// own change.
func (s *Service) launchTemplateData(context.Context, *authz.Request, *ec2api.LaunchTemplateSpecification) (*ec2api.ResponseLaunchTemplateData, error) {
	return nil, nil
}
