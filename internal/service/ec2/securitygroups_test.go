package ec2_test

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsec2 "github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"
)

func TestDefaultSecurityGroup(t *testing.T) {
	e := newEnv(t)
	c := e.ec2(acctA, regionA)
	groups := must(c.DescribeSecurityGroups(ctx(), &awsec2.DescribeSecurityGroupsInput{GroupNames: []string{"default"}}))(t).SecurityGroups
	if len(groups) != 1 {
		t.Fatalf("groups = %+v", groups)
	}
	g := groups[0]
	vpc := *must(c.DescribeVpcs(ctx(), &awsec2.DescribeVpcsInput{}))(t).Vpcs[0].VpcId
	if *g.Description != "default VPC security group" || *g.VpcId != vpc || *g.OwnerId != acctA ||
		*g.SecurityGroupArn != "arn:aws:ec2:us-east-1:"+acctA+":security-group/"+*g.GroupId {
		t.Fatalf("default group %+v", g)
	}
	// Inbound: all traffic from the group itself; outbound: all to anywhere.
	in, out := g.IpPermissions, g.IpPermissionsEgress
	if len(in) != 1 || *in[0].IpProtocol != "-1" || in[0].FromPort != nil || len(in[0].UserIdGroupPairs) != 1 ||
		*in[0].UserIdGroupPairs[0].GroupId != *g.GroupId || *in[0].UserIdGroupPairs[0].UserId != acctA {
		t.Fatalf("ingress %+v", in)
	}
	if len(out) != 1 || *out[0].IpProtocol != "-1" || len(out[0].IpRanges) != 1 || *out[0].IpRanges[0].CidrIp != "0.0.0.0/0" {
		t.Fatalf("egress %+v", out)
	}
	_, err := c.DeleteSecurityGroup(ctx(), &awsec2.DeleteSecurityGroupInput{GroupId: g.GroupId})
	wantError(t, err, "CannotDelete", `the specified group: "`+*g.GroupId+`" name: "default" cannot be deleted by a user`)
	_, err = c.CreateSecurityGroup(ctx(), &awsec2.CreateSecurityGroupInput{GroupName: aws.String("default"), Description: aws.String("x")})
	wantError(t, err, "InvalidGroup.Reserved", "The security group 'default' is reserved")
}

func TestSecurityGroupRules(t *testing.T) {
	e := newEnv(t)
	c := e.ec2(acctA, regionA)
	created := must(c.CreateSecurityGroup(ctx(), &awsec2.CreateSecurityGroupInput{GroupName: aws.String("web"),
		Description: aws.String("web servers"), TagSpecifications: []types.TagSpecification{{ResourceType: types.ResourceTypeSecurityGroup,
			Tags: []types.Tag{{Key: aws.String("team"), Value: aws.String("a")}}}}}))(t)
	id := created.GroupId
	vpc := *must(c.DescribeVpcs(ctx(), &awsec2.DescribeVpcsInput{}))(t).Vpcs[0].VpcId
	_, err := c.CreateSecurityGroup(ctx(), &awsec2.CreateSecurityGroupInput{GroupName: aws.String("web"), Description: aws.String("again")})
	wantError(t, err, "InvalidGroup.Duplicate", "The security group 'web' already exists for VPC '"+vpc+"'")

	// IpPermissions and the older flat form.
	ssh := types.IpPermission{IpProtocol: aws.String("tcp"), FromPort: aws.Int32(22), ToPort: aws.Int32(22),
		IpRanges: []types.IpRange{{CidrIp: aws.String("10.0.0.0/8"), Description: aws.String("office")}}}
	added := must(c.AuthorizeSecurityGroupIngress(ctx(), &awsec2.AuthorizeSecurityGroupIngressInput{GroupId: id, IpPermissions: []types.IpPermission{ssh}}))(t)
	if !*added.Return || len(added.SecurityGroupRules) != 1 || *added.SecurityGroupRules[0].CidrIpv4 != "10.0.0.0/8" ||
		*added.SecurityGroupRules[0].IsEgress || *added.SecurityGroupRules[0].FromPort != 22 {
		t.Fatalf("added %+v", added.SecurityGroupRules)
	}
	must(c.AuthorizeSecurityGroupIngress(ctx(), &awsec2.AuthorizeSecurityGroupIngressInput{GroupName: aws.String("web"),
		IpProtocol: aws.String("tcp"), FromPort: aws.Int32(443), ToPort: aws.Int32(443), CidrIp: aws.String("0.0.0.0/0")}))(t)
	_, err = c.AuthorizeSecurityGroupIngress(ctx(), &awsec2.AuthorizeSecurityGroupIngressInput{GroupId: id, IpPermissions: []types.IpPermission{ssh}})
	wantError(t, err, "InvalidPermission.Duplicate", `the specified rule "peer: 10.0.0.0/8, TCP, from port: 22, to port: 22, ALLOW" already exists`)
	_, err = c.AuthorizeSecurityGroupEgress(ctx(), &awsec2.AuthorizeSecurityGroupEgressInput{GroupId: id,
		IpPermissions: []types.IpPermission{{IpProtocol: aws.String("-1"), IpRanges: []types.IpRange{{CidrIp: aws.String("0.0.0.0/0")}}}}})
	wantError(t, err, "InvalidPermission.Duplicate", `the specified rule "peer: 0.0.0.0/0, ALL, ALLOW" already exists`)
	_, err = c.AuthorizeSecurityGroupIngress(ctx(), &awsec2.AuthorizeSecurityGroupIngressInput{GroupId: id,
		IpPermissions: []types.IpPermission{{IpProtocol: aws.String("tcp"), FromPort: aws.Int32(1), ToPort: aws.Int32(2),
			IpRanges: []types.IpRange{{CidrIp: aws.String("10.0.0.0/33")}}}}})
	wantError(t, err, "InvalidParameterValue", "CIDR block 10.0.0.0/33 is malformed")

	// The default group as a source, by id.
	def := *must(c.DescribeSecurityGroups(ctx(), &awsec2.DescribeSecurityGroupsInput{GroupNames: []string{"default"}}))(t).SecurityGroups[0].GroupId
	must(c.AuthorizeSecurityGroupIngress(ctx(), &awsec2.AuthorizeSecurityGroupIngressInput{GroupId: id,
		IpPermissions: []types.IpPermission{{IpProtocol: aws.String("udp"), FromPort: aws.Int32(53), ToPort: aws.Int32(53),
			UserIdGroupPairs: []types.UserIdGroupPair{{GroupId: aws.String(def)}}}}}))(t)

	got := must(c.DescribeSecurityGroups(ctx(), &awsec2.DescribeSecurityGroupsInput{Filters: []types.Filter{
		{Name: aws.String("ip-permission.from-port"), Values: []string{"443"}}, {Name: aws.String("tag:team"), Values: []string{"a"}}}}))(t).SecurityGroups
	if len(got) != 1 || *got[0].GroupId != *id || len(got[0].IpPermissions) != 3 {
		t.Fatalf("described %+v", got)
	}
	// The group is referenced by none; the default group now is by web.
	_, err = c.DeleteSecurityGroup(ctx(), &awsec2.DeleteSecurityGroupInput{GroupName: aws.String("nope")})
	wantError(t, err, "InvalidGroup.NotFound", "The security group 'nope' does not exist in default VPC '"+vpc+"'")

	// Revoke: by rule id, by permission; an unknown permission comes back.
	revoked := must(c.RevokeSecurityGroupIngress(ctx(), &awsec2.RevokeSecurityGroupIngressInput{GroupId: id,
		SecurityGroupRuleIds: []string{*added.SecurityGroupRules[0].SecurityGroupRuleId}}))(t)
	if len(revoked.RevokedSecurityGroupRules) != 1 || len(revoked.UnknownIpPermissions) != 0 {
		t.Fatalf("revoked %+v", revoked)
	}
	unknown := must(c.RevokeSecurityGroupIngress(ctx(), &awsec2.RevokeSecurityGroupIngressInput{GroupId: id, IpPermissions: []types.IpPermission{ssh}}))(t)
	if len(unknown.UnknownIpPermissions) != 1 || len(unknown.RevokedSecurityGroupRules) != 0 {
		t.Fatalf("unknown %+v", unknown)
	}
	_, err = c.RevokeSecurityGroupIngress(ctx(), &awsec2.RevokeSecurityGroupIngressInput{GroupId: id, SecurityGroupRuleIds: []string{"sgr-0123456789abcdef0"}})
	wantError(t, err, "InvalidSecurityGroupRuleId.NotFound", "The security group rule ID 'sgr-0123456789abcdef0' does not exist")
	must(c.RevokeSecurityGroupEgress(ctx(), &awsec2.RevokeSecurityGroupEgressInput{GroupId: id,
		IpPermissions: []types.IpPermission{{IpProtocol: aws.String("-1"), IpRanges: []types.IpRange{{CidrIp: aws.String("0.0.0.0/0")}}}}}))(t)
	after := must(c.DescribeSecurityGroups(ctx(), &awsec2.DescribeSecurityGroupsInput{GroupIds: []string{*id}}))(t).SecurityGroups[0]
	if len(after.IpPermissions) != 2 || len(after.IpPermissionsEgress) != 0 {
		t.Fatalf("after revokes %+v / %+v", after.IpPermissions, after.IpPermissionsEgress)
	}

	// web references default: default is in use; web is not.
	other := must(c.CreateSecurityGroup(ctx(), &awsec2.CreateSecurityGroupInput{GroupName: aws.String("db"), Description: aws.String("db")}))(t).GroupId
	must(c.AuthorizeSecurityGroupIngress(ctx(), &awsec2.AuthorizeSecurityGroupIngressInput{GroupId: other,
		IpPermissions: []types.IpPermission{{IpProtocol: aws.String("tcp"), FromPort: aws.Int32(5432), ToPort: aws.Int32(5432),
			UserIdGroupPairs: []types.UserIdGroupPair{{GroupId: id}}}}}))(t)
	_, err = c.DeleteSecurityGroup(ctx(), &awsec2.DeleteSecurityGroupInput{GroupId: id})
	wantError(t, err, "DependencyViolation", "resource "+*id+" has a dependent object")
	del := must(c.DeleteSecurityGroup(ctx(), &awsec2.DeleteSecurityGroupInput{GroupId: other}))(t)
	if !*del.Return || *del.GroupId != *other {
		t.Fatalf("delete = %+v", del)
	}
	must(c.DeleteSecurityGroup(ctx(), &awsec2.DeleteSecurityGroupInput{GroupId: id}))(t)
	_, err = c.DescribeSecurityGroups(ctx(), &awsec2.DescribeSecurityGroupsInput{GroupIds: []string{*id}})
	wantError(t, err, "InvalidGroup.NotFound", "The security group '"+*id+"' does not exist")
}

func TestSecurityGroupAuthorization(t *testing.T) {
	e := newEnv(t)
	// Allowed to create groups only with tag team=a, and to change only
	// groups tagged so.
	user := awsec2.NewFromConfig(e.NewUser(t, acctA, regionA, "netadmin", `{"Version":"2012-10-17","Statement":[
		{"Effect":"Allow","Action":"ec2:CreateSecurityGroup","Resource":"arn:aws:ec2:*:*:security-group/*","Condition":{"StringEquals":{"aws:RequestTag/team":"a"}}},
		{"Effect":"Allow","Action":"ec2:CreateSecurityGroup","Resource":"arn:aws:ec2:*:*:vpc/*"},
		{"Effect":"Allow","Action":"ec2:AuthorizeSecurityGroupIngress","Resource":"*","Condition":{"StringEquals":{"ec2:ResourceTag/team":"a"}}}]}`))
	tagged := func(v string) []types.TagSpecification {
		return []types.TagSpecification{{ResourceType: types.ResourceTypeSecurityGroup, Tags: []types.Tag{{Key: aws.String("team"), Value: aws.String(v)}}}}
	}
	_, err := user.CreateSecurityGroup(ctx(), &awsec2.CreateSecurityGroupInput{GroupName: aws.String("b"), Description: aws.String("b"), TagSpecifications: tagged("b")})
	wantErrorPrefix(t, err, "UnauthorizedOperation", "You are not authorized to perform this operation. User: arn:aws:iam::"+acctA+
		":user/netadmin is not authorized to perform: ec2:CreateSecurityGroup on resource: arn:aws:ec2:us-east-1:"+acctA+":security-group/*")
	g := must(user.CreateSecurityGroup(ctx(), &awsec2.CreateSecurityGroupInput{GroupName: aws.String("a"), Description: aws.String("a"), TagSpecifications: tagged("a")}))(t)
	rule := []types.IpPermission{{IpProtocol: aws.String("tcp"), FromPort: aws.Int32(80), ToPort: aws.Int32(80), IpRanges: []types.IpRange{{CidrIp: aws.String("0.0.0.0/0")}}}}
	_, err = user.AuthorizeSecurityGroupIngress(ctx(), &awsec2.AuthorizeSecurityGroupIngressInput{GroupId: g.GroupId, IpPermissions: rule, DryRun: aws.Bool(true)})
	wantError(t, err, "DryRunOperation", "")
	must(user.AuthorizeSecurityGroupIngress(ctx(), &awsec2.AuthorizeSecurityGroupIngressInput{GroupId: g.GroupId, IpPermissions: rule}))(t)
	def := must(e.ec2(acctA, regionA).DescribeSecurityGroups(ctx(), &awsec2.DescribeSecurityGroupsInput{GroupNames: []string{"default"}}))(t).SecurityGroups[0]
	_, err = user.AuthorizeSecurityGroupIngress(ctx(), &awsec2.AuthorizeSecurityGroupIngressInput{GroupId: def.GroupId, IpPermissions: rule})
	wantErrorPrefix(t, err, "UnauthorizedOperation", "You are not authorized to perform this operation. User: arn:aws:iam::"+acctA+
		":user/netadmin is not authorized to perform: ec2:AuthorizeSecurityGroupIngress on resource: "+*def.SecurityGroupArn)
}
