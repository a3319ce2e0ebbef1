package ec2

import (
	"context"
	"slices"

	"github.com/amityhq/amity/internal/api/ec2api"
	"github.com/amityhq/amity/internal/awsdata"
	"github.com/amityhq/amity/internal/identity"
)

// optInStatus is DescribeRegions' word for the Account API's status
// [EC2 API reference, Region.OptInStatus: opt-in-not-required | opted-in
// | not-opted-in].
var optInStatus = map[string]string{
	identity.RegionEnabledByDefault: ec2api.AvailabilityZoneOptInStatusOptInNotRequired,
	identity.RegionEnabled:          ec2api.AvailabilityZoneOptInStatusOptedIn,
	identity.RegionDisabled:         ec2api.AvailabilityZoneOptInStatusNotOptedIn,
}

// DescribeRegions describes the Regions of the aws partition as the
// caller's account has them: those it has enabled, or all with
// AllRegions, narrowed by RegionNames and Filters.
func (s *Service) DescribeRegions(ctx context.Context, in *ec2api.DescribeRegionsInput) (*ec2api.DescribeRegionsOutput, error) {
	req, err := s.describing(ctx, "ec2:DescribeRegions", in.DryRun)
	if err != nil {
		return nil, err
	}
	filters, err := parseFilters(in.Filters, regionFields(ec2api.Region{}))
	if err != nil {
		return nil, err
	}
	for _, name := range in.RegionNames {
		if _, ok := awsdata.Region(name); !ok {
			return nil, invalidRegion(name)
		}
	}
	acct, err := s.ids.Account(ctx, req.Principal.Account)
	if err != nil {
		return nil, err
	}
	out := &ec2api.DescribeRegionsOutput{Regions: []ec2api.Region{}}
	for _, r := range awsdata.Regions() {
		status, _ := acct.RegionStatus(r.Name)
		region := ec2api.Region{RegionName: new(r.Name), Endpoint: new(ec2Endpoint(r.Name)), OptInStatus: new(optInStatus[status])}
		enabled := status != identity.RegionDisabled
		if (enabled || deref(in.AllRegions)) && (len(in.RegionNames) == 0 || slices.Contains(in.RegionNames, r.Name)) &&
			matches(filters, regionFields(region), nil) {
			out.Regions = append(out.Regions, region)
		}
	}
	return out, nil
}

// regionFields are DescribeRegions' filters.
func regionFields(r ec2api.Region) fields {
	return func(name string) ([]string, bool) {
		switch name {
		case "endpoint":
			return one(deref(r.Endpoint)), true
		case "opt-in-status":
			return one(deref(r.OptInStatus)), true
		case "region-name":
			return one(deref(r.RegionName)), true
		}
		return nil, false
	}
}

// DescribeAvailabilityZones describes the caller's Region's zones (amity
// gives every Region zones a, b and c), narrowed by ZoneNames, ZoneIds and
// Filters. Zone groups are named as the EC2 API reference's examples name
// them: REGION-zg-1, "<Region's description> 1".
func (s *Service) DescribeAvailabilityZones(ctx context.Context, in *ec2api.DescribeAvailabilityZonesInput) (*ec2api.DescribeAvailabilityZonesOutput, error) {
	req, err := s.describing(ctx, "ec2:DescribeAvailabilityZones", in.DryRun)
	if err != nil {
		return nil, err
	}
	filters, err := parseFilters(in.Filters, zoneFields(ec2api.AvailabilityZone{}))
	if err != nil {
		return nil, err
	}
	info, _ := awsdata.Region(req.Region)
	var all []ec2api.AvailabilityZone
	for _, z := range zones(req.Region) {
		all = append(all, ec2api.AvailabilityZone{ZoneName: new(z), ZoneId: new(zoneID(z)), RegionName: new(req.Region),
			State: new(ec2api.AvailabilityZoneStateAvailable), OptInStatus: new(ec2api.AvailabilityZoneOptInStatusOptInNotRequired),
			ZoneType: new("availability-zone"), GroupName: new(req.Region + "-zg-1"), GroupLongName: new(info.Description + " 1"),
			NetworkBorderGroup: new(req.Region), Messages: []ec2api.AvailabilityZoneMessage{}})
	}
	var unknown []string
	for _, n := range append(slices.Clone(in.ZoneNames), in.ZoneIds...) {
		if !slices.ContainsFunc(all, func(z ec2api.AvailabilityZone) bool { return *z.ZoneName == n || *z.ZoneId == n }) {
			unknown = append(unknown, n)
		}
	}
	if len(unknown) > 0 {
		return nil, invalidZones(unknown)
	}
	out := &ec2api.DescribeAvailabilityZonesOutput{AvailabilityZones: []ec2api.AvailabilityZone{}}
	for _, z := range all {
		named := (len(in.ZoneNames) == 0 && len(in.ZoneIds) == 0) || slices.Contains(in.ZoneNames, *z.ZoneName) || slices.Contains(in.ZoneIds, *z.ZoneId)
		if named && matches(filters, zoneFields(z), nil) {
			out.AvailabilityZones = append(out.AvailabilityZones, z)
		}
	}
	return out, nil
}

// zoneFields are DescribeAvailabilityZones' filters.
func zoneFields(z ec2api.AvailabilityZone) fields {
	return func(name string) ([]string, bool) {
		switch name {
		case "zone-name":
			return one(deref(z.ZoneName)), true
		case "zone-id":
			return one(deref(z.ZoneId)), true
		case "region-name":
			return one(deref(z.RegionName)), true
		case "state":
			return one(deref(z.State)), true
		case "opt-in-status":
			return one(deref(z.OptInStatus)), true
		case "zone-type":
			return one(deref(z.ZoneType)), true
		case "group-name":
			return one(deref(z.GroupName)), true
		case "group-long-name":
			return one(deref(z.GroupLongName)), true
		case "message", "parent-zone-id", "parent-zone-name":
			return nil, true
		}
		return nil, false
	}
}
