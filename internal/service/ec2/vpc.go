package ec2

import (
	"context"
	"encoding/json"
	"errors"
	"strconv"
	"strings"

	"github.com/amityhq/amity/internal/api/ec2api"
	"github.com/amityhq/amity/internal/authz"
	"github.com/amityhq/amity/internal/store"
)

// The default VPC AWS gives every account in every Region: 172.31.0.0/16,
// a /20 default subnet per Availability Zone (172.31.0.0/20,
// 172.31.16.0/20, …) that maps public IPv4 addresses on launch, and a
// default security group [Amazon VPC User Guide, "Default VPCs":
// "default subnet … /20 … in each Availability Zone"; "Default security
// groups for your VPCs": inbound from the group itself, outbound to
// 0.0.0.0/0]. amity makes it on the account's first need in the Region.
const (
	defaultVPCCIDR         = "172.31.0.0/16"
	defaultGroupName       = "default"
	defaultGroupDesc       = "default VPC security group"
	defaultSubnetAddresses = 4096 - 5 // a /20 less the five addresses AWS reserves
)

// defaultSubnetCIDR is the i-th zone's default subnet.
func defaultSubnetCIDR(i int) string { return "172.31." + strconv.Itoa(16*i) + ".0/20" }

// defaultNetwork returns account's default VPC in region, creating it
// (VPC, one default subnet per zone, default security group) on first
// need. RunInstances calls it for a launch that names no subnet (the
// zone's default subnet: Subnets[zone]) or no group (GroupID). It opens
// its own transaction: inside one, use networkIn.
func (s *Service) defaultNetwork(ctx context.Context, account, region string) (*network, error) {
	var n *network
	err := s.store.View(ctx, func(tx store.Tx) error {
		var err error
		n, err = getNetwork(tx, region, account)
		return err
	})
	if err != nil || n != nil {
		return n, err
	}
	err = s.store.Update(ctx, func(tx store.Tx) error {
		var err error
		n, err = s.networkIn(tx, account, region)
		return err
	})
	return n, err
}

func getNetwork(tx store.Tx, region, account string) (*network, error) {
	raw, err := tx.Get(networksTable, region+"/"+account)
	if errors.Is(err, store.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	n := new(network)
	return n, json.Unmarshal(raw, n)
}

// networkIn is defaultNetwork within tx.
func (s *Service) networkIn(tx store.Tx, account, region string) (*network, error) {
	if n, err := getNetwork(tx, region, account); n != nil || err != nil {
		return n, err
	}
	vpc := &vpcRecord{ID: s.newID("vpc"), Account: account, Region: region, CIDR: defaultVPCCIDR, Default: true,
		DhcpOptions: s.newID("dopt")}
	n := &network{VpcID: vpc.ID, Subnets: map[string]string{}, GroupID: s.newID("sg")}
	if err := putOwned(tx, vpcsTable, region, account, vpc.ID, vpc); err != nil {
		return nil, err
	}
	for i, zone := range zones(region) {
		sub := &subnetRecord{ID: s.newID("subnet"), Account: account, Region: region, VpcID: vpc.ID, Zone: zone,
			CIDR: defaultSubnetCIDR(i), DefaultForAz: true, MapPublicIP: true}
		if err := putOwned(tx, subnetsTable, region, account, sub.ID, sub); err != nil {
			return nil, err
		}
		n.Subnets[zone] = sub.ID
	}
	g := &groupRecord{ID: n.GroupID, Account: account, Region: region, VpcID: vpc.ID, Name: defaultGroupName,
		Description: defaultGroupDesc,
		Ingress:     []rule{{ID: s.newID("sgr"), Protocol: "-1", From: -1, To: -1, peer: peer{Group: n.GroupID, GroupOwner: account}}},
		Egress:      []rule{{ID: s.newID("sgr"), Protocol: "-1", From: -1, To: -1, peer: peer{CIDR: "0.0.0.0/0"}}}}
	if err := putOwned(tx, groupsTable, region, account, g.ID, g); err != nil {
		return nil, err
	}
	return n, tx.Put(networksTable, region+"/"+account, mustJSON(n))
}

// subnet returns one of account's subnets in region, for RunInstances'
// SubnetId (InvalidSubnetID.NotFound when it has none of that id).
func (s *Service) subnet(ctx context.Context, account, region, id string) (*subnetRecord, error) {
	if _, err := s.defaultNetwork(ctx, account, region); err != nil {
		return nil, err
	}
	var sub *subnetRecord
	err := s.store.View(ctx, func(tx store.Tx) error {
		var ok bool
		var err error
		sub, ok, err = getOwned[subnetRecord](tx, subnetsTable, region, account, id)
		return orNotFound(err, ok, subnetNotFound, id)
	})
	return sub, err
}

// listNetwork is a Describe of the account's VPCs or subnets, made on
// first need: its authorization, DryRun, filters and page.
func listNetwork[R any](ctx context.Context, s *Service, action, table string, dry *bool, ids []string,
	notFound func(...string) error, in []ec2api.Filter, probe func(*R) fields, tags func(*R) []tag,
	id func(*R) string, token *string, max *int32) ([]*R, *string, error) {
	req := authz.FromContext(ctx)
	if err := s.authorize(ctx, req, action, target{arn: "*"}); err != nil {
		return nil, nil, err
	}
	if err := dryRun(dry); err != nil {
		return nil, nil, err
	}
	filters, err := parseFilters(in, probe(new(R)))
	if err != nil {
		return nil, nil, err
	}
	l, err := newListing(token, max)
	if err != nil {
		return nil, nil, err
	}
	if _, err := s.defaultNetwork(ctx, req.Principal.Account, req.Region); err != nil {
		return nil, nil, err
	}
	all, err := listOwned[R](ctx, s.store, table, req, ids, notFound)
	if err != nil {
		return nil, nil, err
	}
	var kept []*R
	for _, r := range all {
		if matches(filters, probe(r), tags(r)) {
			kept = append(kept, r)
		}
	}
	page, next := cut(kept, l, id)
	return page, next, nil
}

// DescribeVpcs describes the caller's VPCs: its default VPC.
func (s *Service) DescribeVpcs(ctx context.Context, in *ec2api.DescribeVpcsInput) (*ec2api.DescribeVpcsOutput, error) {
	vpcs, next, err := listNetwork(ctx, s, "ec2:DescribeVpcs", vpcsTable, in.DryRun, in.VpcIds, vpcNotFound, in.Filters,
		vpcFields, func(v *vpcRecord) []tag { return v.Tags }, func(v *vpcRecord) string { return v.ID }, in.NextToken, in.MaxResults)
	if err != nil {
		return nil, err
	}
	out := &ec2api.DescribeVpcsOutput{Vpcs: make([]ec2api.Vpc, 0, len(vpcs)), NextToken: next}
	for _, v := range vpcs {
		out.Vpcs = append(out.Vpcs, vpcOut(v))
	}
	return out, nil
}

func vpcOut(v *vpcRecord) ec2api.Vpc {
	return ec2api.Vpc{VpcId: new(v.ID), OwnerId: new(v.Account), State: new(ec2api.VpcStateAvailable),
		CidrBlock: new(v.CIDR), DhcpOptionsId: new(v.DhcpOptions), InstanceTenancy: new(ec2api.TenancyDefault),
		IsDefault: new(v.Default), Tags: apiTags(v.Tags),
		CidrBlockAssociationSet: []ec2api.VpcCidrBlockAssociation{{AssociationId: new(cidrAssociation(v.ID)),
			CidrBlock: new(v.CIDR), CidrBlockState: &ec2api.VpcCidrBlockState{State: new(ec2api.VpcCidrBlockStateCodeAssociated)}}}}
}

// cidrAssociation is the id of a VPC's primary CIDR association, derived
// from the VPC's so that it is stable.
func cidrAssociation(vpc string) string {
	return "vpc-cidr-assoc-" + strings.TrimPrefix(vpc, "vpc-")
}

// vpcFields are DescribeVpcs' filters.
func vpcFields(v *vpcRecord) fields {
	return func(name string) ([]string, bool) {
		switch name {
		case "vpc-id":
			return one(v.ID), true
		case "cidr", "cidr-block-association.cidr-block":
			return one(v.CIDR), true
		case "cidr-block-association.association-id":
			return one(cidrAssociation(v.ID)), true
		case "cidr-block-association.state":
			return one(ec2api.VpcCidrBlockStateCodeAssociated), true
		case "state":
			return one(ec2api.VpcStateAvailable), true
		case "dhcp-options-id":
			return one(v.DhcpOptions), true
		case "is-default", "isDefault":
			return boolField(v.Default), true
		case "owner-id":
			return one(v.Account), true
		}
		return nil, false
	}
}

// DescribeSubnets describes the caller's subnets: the default subnets.
func (s *Service) DescribeSubnets(ctx context.Context, in *ec2api.DescribeSubnetsInput) (*ec2api.DescribeSubnetsOutput, error) {
	subs, next, err := listNetwork(ctx, s, "ec2:DescribeSubnets", subnetsTable, in.DryRun, in.SubnetIds, subnetNotFound, in.Filters,
		subnetFields, func(v *subnetRecord) []tag { return v.Tags }, func(v *subnetRecord) string { return v.ID }, in.NextToken, in.MaxResults)
	if err != nil {
		return nil, err
	}
	out := &ec2api.DescribeSubnetsOutput{Subnets: make([]ec2api.Subnet, 0, len(subs)), NextToken: next}
	for _, sub := range subs {
		out.Subnets = append(out.Subnets, subnetOut(sub))
	}
	return out, nil
}

func subnetOut(sub *subnetRecord) ec2api.Subnet {
	return ec2api.Subnet{SubnetId: new(sub.ID), SubnetArn: new(arn(sub.Region, sub.Account, "subnet", sub.ID)),
		OwnerId: new(sub.Account), VpcId: new(sub.VpcID), State: new(ec2api.SubnetStateAvailable), CidrBlock: new(sub.CIDR),
		AvailabilityZone: new(sub.Zone), AvailabilityZoneId: new(zoneID(sub.Zone)),
		AvailableIpAddressCount: new(int32(defaultSubnetAddresses)), DefaultForAz: new(sub.DefaultForAz),
		MapPublicIpOnLaunch: new(sub.MapPublicIP), MapCustomerOwnedIpOnLaunch: new(false),
		AssignIpv6AddressOnCreation: new(false), Ipv6CidrBlockAssociationSet: []ec2api.SubnetIpv6CidrBlockAssociation{},
		EnableDns64: new(false), Ipv6Native: new(false), Tags: apiTags(sub.Tags),
		PrivateDnsNameOptionsOnLaunch: &ec2api.PrivateDnsNameOptionsOnLaunch{HostnameType: new(ec2api.HostnameTypeIpName),
			EnableResourceNameDnsARecord: new(false), EnableResourceNameDnsAAAARecord: new(false)}}
}

// subnetFields are DescribeSubnets' filters.
func subnetFields(sub *subnetRecord) fields {
	return func(name string) ([]string, bool) {
		switch name {
		case "subnet-id":
			return one(sub.ID), true
		case "subnet-arn":
			return one(arn(sub.Region, sub.Account, "subnet", sub.ID)), true
		case "vpc-id":
			return one(sub.VpcID), true
		case "availability-zone", "availabilityZone":
			return one(sub.Zone), true
		case "availability-zone-id", "availabilityZoneId":
			return one(zoneID(sub.Zone)), true
		case "default-for-az", "defaultForAz":
			return boolField(sub.DefaultForAz), true
		case "map-public-ip-on-launch":
			return boolField(sub.MapPublicIP), true
		case "cidr-block", "cidr", "cidrBlock":
			return one(sub.CIDR), true
		case "owner-id":
			return one(sub.Account), true
		case "state":
			return one(ec2api.SubnetStateAvailable), true
		case "available-ip-address-count":
			return one(strconv.Itoa(defaultSubnetAddresses)), true
		}
		return nil, false
	}
}
