package ec2_test

import (
	"slices"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsec2 "github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"
)

func TestDefaultVPC(t *testing.T) {
	e := newEnv(t)
	c := e.ec2(acctA, regionA)
	vpcs := must(c.DescribeVpcs(ctx(), &awsec2.DescribeVpcsInput{}))(t).Vpcs
	if len(vpcs) != 1 || !*vpcs[0].IsDefault || *vpcs[0].CidrBlock != "172.31.0.0/16" || *vpcs[0].OwnerId != acctA ||
		vpcs[0].State != types.VpcStateAvailable {
		t.Fatalf("vpcs = %+v", vpcs)
	}
	vpc := *vpcs[0].VpcId
	// Made once: a second look, and another Region's, find one each.
	again := must(c.DescribeVpcs(ctx(), &awsec2.DescribeVpcsInput{Filters: []types.Filter{{Name: aws.String("is-default"), Values: []string{"true"}}}}))(t).Vpcs
	other := must(e.ec2(acctA, regionB).DescribeVpcs(ctx(), &awsec2.DescribeVpcsInput{}))(t).Vpcs
	if len(again) != 1 || *again[0].VpcId != vpc || len(other) != 1 || *other[0].VpcId == vpc {
		t.Fatalf("again %+v, other Region %+v", again, other)
	}

	subnets := must(c.DescribeSubnets(ctx(), &awsec2.DescribeSubnetsInput{Filters: []types.Filter{{Name: aws.String("vpc-id"), Values: []string{vpc}}}}))(t).Subnets
	var cidrs, zones []string
	for _, s := range subnets {
		if !*s.DefaultForAz || !*s.MapPublicIpOnLaunch || *s.VpcId != vpc || *s.AvailableIpAddressCount != 4091 {
			t.Errorf("subnet %+v", s)
		}
		cidrs, zones = append(cidrs, *s.CidrBlock), append(zones, *s.AvailabilityZone)
	}
	slices.Sort(cidrs)
	slices.Sort(zones)
	if !slices.Equal(cidrs, []string{"172.31.0.0/20", "172.31.16.0/20", "172.31.32.0/20"}) ||
		!slices.Equal(zones, []string{"us-east-1a", "us-east-1b", "us-east-1c"}) {
		t.Fatalf("cidrs %v, zones %v", cidrs, zones)
	}
	inB := must(c.DescribeSubnets(ctx(), &awsec2.DescribeSubnetsInput{Filters: []types.Filter{
		{Name: aws.String("availability-zone"), Values: []string{"us-east-1b"}}, {Name: aws.String("default-for-az"), Values: []string{"true"}}}}))(t).Subnets
	if len(inB) != 1 || *inB[0].CidrBlock != "172.31.16.0/20" || *inB[0].AvailabilityZoneId != "use1-az2" {
		t.Fatalf("zone b = %+v", inB)
	}
	_, err := c.DescribeSubnets(ctx(), &awsec2.DescribeSubnetsInput{SubnetIds: []string{"subnet-0123456789abcdef0"}})
	wantError(t, err, "InvalidSubnetID.NotFound", "The subnet ID 'subnet-0123456789abcdef0' does not exist")
	_, err = c.DescribeVpcs(ctx(), &awsec2.DescribeVpcsInput{VpcIds: []string{"vpc-0123456789abcdef0"}})
	wantError(t, err, "InvalidVpcID.NotFound", "The vpc ID 'vpc-0123456789abcdef0' does not exist")
	_, err = c.DescribeVpcs(ctx(), &awsec2.DescribeVpcsInput{Filters: []types.Filter{{Name: aws.String("colour"), Values: []string{"x"}}}})
	wantError(t, err, "InvalidParameterValue", "The filter 'colour' is invalid")
	// Other accounts see their own default VPC only.
	if b := must(e.ec2(acctB, regionA).DescribeVpcs(ctx(), &awsec2.DescribeVpcsInput{}))(t).Vpcs; len(b) != 1 || *b[0].VpcId == vpc {
		t.Fatalf("account B sees %+v", b)
	}
}

func TestDescribeNetworkDenied(t *testing.T) {
	e := newEnv(t)
	user := awsec2.NewFromConfig(e.NewUser(t, acctA, regionA, "viewer",
		`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ec2:DescribeVpcs","Resource":"*"}]}`))
	must(user.DescribeVpcs(ctx(), &awsec2.DescribeVpcsInput{}))(t)
	_, err := user.DescribeSubnets(ctx(), &awsec2.DescribeSubnetsInput{})
	wantErrorPrefix(t, err, "UnauthorizedOperation", "You are not authorized to perform this operation. User: arn:aws:iam::"+acctA+
		":user/viewer is not authorized to perform: ec2:DescribeSubnets on resource: * because no identity-based policy allows the ec2:DescribeSubnets action")
	_, err = user.DescribeVpcs(ctx(), &awsec2.DescribeVpcsInput{DryRun: aws.Bool(true)})
	wantError(t, err, "DryRunOperation", "Request would have succeeded, but DryRun flag is set.")
}
