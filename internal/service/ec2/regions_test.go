package ec2_test

import (
	"slices"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsec2 "github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/amityhq/amity/internal/identity"
)

func TestDescribeRegions(t *testing.T) {
	e := newEnv(t)
	c := e.ec2(acctA, regionA)
	must(c.DescribeRegions(ctx(), &awsec2.DescribeRegionsInput{}))(t) // the account exists from here on
	if err := e.App.Identities.SetRegionStatus(ctx(), acctA, "af-south-1", identity.RegionEnabled); err != nil {
		t.Fatal(err)
	}
	status := func(in *awsec2.DescribeRegionsInput) map[string]string {
		t.Helper()
		out := map[string]string{}
		for _, r := range must(c.DescribeRegions(ctx(), in))(t).Regions {
			out[*r.RegionName] = *r.OptInStatus
			if *r.Endpoint != "ec2."+*r.RegionName+".amazonaws.com" {
				t.Errorf("endpoint %s", *r.Endpoint)
			}
		}
		return out
	}
	enabled := status(&awsec2.DescribeRegionsInput{})
	if enabled["us-east-1"] != "opt-in-not-required" || enabled["af-south-1"] != "opted-in" {
		t.Fatalf("enabled = %v", enabled)
	}
	if _, ok := enabled["ap-east-1"]; ok {
		t.Fatalf("a disabled Region is listed: %v", enabled)
	}
	all := status(&awsec2.DescribeRegionsInput{AllRegions: aws.Bool(true)})
	if all["ap-east-1"] != "not-opted-in" || len(all) <= len(enabled) {
		t.Fatalf("all = %v", all)
	}
	named := status(&awsec2.DescribeRegionsInput{AllRegions: aws.Bool(true), RegionNames: []string{"eu-west-1", "me-south-1"},
		Filters: []types.Filter{{Name: aws.String("opt-in-status"), Values: []string{"not-opted-in"}}}})
	if len(named) != 1 || named["me-south-1"] != "not-opted-in" {
		t.Fatalf("named = %v", named)
	}
	// Another account has not enabled af-south-1.
	other := must(e.ec2(acctB, regionA).DescribeRegions(ctx(), &awsec2.DescribeRegionsInput{RegionNames: []string{"af-south-1"}, AllRegions: aws.Bool(true)}))(t).Regions
	if len(other) != 1 || *other[0].OptInStatus != "not-opted-in" {
		t.Fatalf("account B: %+v", other)
	}
}

func TestDescribeAvailabilityZones(t *testing.T) {
	e := newEnv(t)
	c := e.ec2(acctA, regionB)
	zs := must(c.DescribeAvailabilityZones(ctx(), &awsec2.DescribeAvailabilityZonesInput{}))(t).AvailabilityZones
	var names []string
	for _, z := range zs {
		names = append(names, *z.ZoneName)
		if z.State != types.AvailabilityZoneStateAvailable || *z.RegionName != regionB || *z.ZoneType != "availability-zone" ||
			*z.NetworkBorderGroup != regionB || z.OptInStatus != types.AvailabilityZoneOptInStatusOptInNotRequired ||
			*z.GroupName != "eu-west-1-zg-1" || *z.GroupLongName != "Europe (Ireland) 1" {
			t.Errorf("zone %+v", z)
		}
	}
	if !slices.Equal(names, []string{"eu-west-1a", "eu-west-1b", "eu-west-1c"}) {
		t.Fatalf("zones %v", names)
	}
	byID := must(c.DescribeAvailabilityZones(ctx(), &awsec2.DescribeAvailabilityZonesInput{ZoneIds: []string{"euw1-az2"}}))(t).AvailabilityZones
	if len(byID) != 1 || *byID[0].ZoneName != "eu-west-1b" {
		t.Fatalf("by id %+v", byID)
	}
	filtered := must(c.DescribeAvailabilityZones(ctx(), &awsec2.DescribeAvailabilityZonesInput{
		Filters: []types.Filter{{Name: aws.String("zone-name"), Values: []string{"*c"}}}}))(t).AvailabilityZones
	if len(filtered) != 1 || *filtered[0].ZoneId != "euw1-az3" {
		t.Fatalf("filtered %+v", filtered)
	}
	_, err := c.DescribeAvailabilityZones(ctx(), &awsec2.DescribeAvailabilityZonesInput{ZoneNames: []string{"eu-west-1z"}})
	wantError(t, err, "InvalidParameterValue", "Invalid availability zone: [eu-west-1z]")
}
