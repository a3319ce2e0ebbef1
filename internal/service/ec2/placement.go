package ec2

import (
	"context"
	"encoding/binary"
	"io"
	"net/netip"

	"github.com/amityhq/amity/internal/authz"
)

// placement is where an instance runs: its zone, subnet, VPC, address and
// security groups.
type placement struct {
	zone, subnetID, vpcID, privateIP string
	cidr                             string // the subnet's, for further addresses (privateAddress)
	groups                           []groupRef
}

// place resolves a launch's network: SubnetId, else the default subnet of
// the requested zone (the Region's first when none is requested — AWS
// picks one), and the security groups by id and name (the subnet VPC's
// default group when none is named). A subnet's own zone wins over a
// requested one.
func (s *Service) place(ctx context.Context, req *authz.Request, subnetID, zone string, groupIDs, groupNames []string) (placement, error) {
	account, region := req.Principal.Account, req.Region
	if subnetID == "" {
		n, err := s.defaultNetwork(ctx, account, region)
		if err != nil {
			return placement{}, err
		}
		subnetID = n.Subnets[or(zone, zones(region)[0])]
	}
	sub, err := s.subnet(ctx, account, region, subnetID)
	if err != nil {
		return placement{}, err
	}
	groups, err := s.securityGroups(ctx, account, region, sub, groupIDs, groupNames)
	if err != nil {
		return placement{}, err
	}
	ip, err := s.privateAddress(sub.CIDR)
	if err != nil {
		return placement{}, err
	}
	return placement{zone: sub.Zone, subnetID: sub.ID, vpcID: sub.VpcID, privateIP: ip, cidr: sub.CIDR, groups: groups}, nil
}

// privateAddress picks an address in a subnet, past the four AWS reserves
// at its start and short of the broadcast address [Amazon VPC User
// Guide, "Subnet CIDR blocks"]. Addresses are drawn at random, as EC2's
// are; amity does not track which are taken.
func (s *Service) privateAddress(cidr string) (string, error) {
	p, err := netip.ParsePrefix(cidr)
	if err != nil || !p.Addr().Is4() {
		return "", err
	}
	size := uint32(1) << (32 - p.Bits())
	var r [4]byte
	if _, err := io.ReadFull(s.rand, r[:]); err != nil {
		return "", err
	}
	base := p.Masked().Addr().As4()
	n := binary.BigEndian.Uint32(base[:]) + 4 + binary.BigEndian.Uint32(r[:])%(size-5)
	return netip.AddrFrom4([4]byte(binary.BigEndian.AppendUint32(nil, n))).String(), nil
}

// checkKeyPair refuses a KeyName the account does not have in the Region
// (InvalidKeyPair.NotFound); no name is no key.
func (s *Service) checkKeyPair(ctx context.Context, req *authz.Request, name string) error {
	if name == "" {
		return nil
	}
	_, err := s.keyPair(ctx, req.Principal.Account, req.Region, name)
	return err
}
