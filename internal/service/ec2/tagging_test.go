package ec2_test

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsec2 "github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"
)

func tags(kv ...string) []types.Tag {
	var out []types.Tag
	for i := 0; i < len(kv); i += 2 {
		out = append(out, types.Tag{Key: aws.String(kv[i]), Value: aws.String(kv[i+1])})
	}
	return out
}

func TestTags(t *testing.T) {
	e := newEnv(t)
	c := e.ec2(acctA, regionA)
	vol := must(c.CreateVolume(ctx(), &awsec2.CreateVolumeInput{AvailabilityZone: aws.String(zoneA), Size: aws.Int32(1)}))(t).VolumeId
	vpc := must(c.DescribeVpcs(ctx(), &awsec2.DescribeVpcsInput{}))(t).Vpcs[0].VpcId
	subnet := must(c.DescribeSubnets(ctx(), &awsec2.DescribeSubnetsInput{}))(t).Subnets[0].SubnetId
	sg := must(c.CreateSecurityGroup(ctx(), &awsec2.CreateSecurityGroupInput{GroupName: aws.String("g"), Description: aws.String("g")}))(t).GroupId
	key := must(c.CreateKeyPair(ctx(), &awsec2.CreateKeyPairInput{KeyName: aws.String("k"), KeyType: types.KeyTypeEd25519}))(t).KeyPairId
	lt := must(c.CreateLaunchTemplate(ctx(), &awsec2.CreateLaunchTemplateInput{LaunchTemplateName: aws.String("tpl"),
		LaunchTemplateData: &types.RequestLaunchTemplateData{InstanceType: types.InstanceTypeT3Micro}}))(t).LaunchTemplate.LaunchTemplateId
	ids := []string{*vol, *vpc, *subnet, *sg, *key, *lt}
	must(c.CreateTags(ctx(), &awsec2.CreateTagsInput{Resources: ids, Tags: tags("env", "dev", "team", "a")}))(t)

	all := must(c.DescribeTags(ctx(), &awsec2.DescribeTagsInput{}))(t).Tags
	if len(all) != 12 {
		t.Fatalf("%d tags: %+v", len(all), all)
	}
	byType := map[string]string{}
	for _, d := range all {
		byType[*d.ResourceId] = string(d.ResourceType)
	}
	want := map[string]string{*vol: "volume", *vpc: "vpc", *subnet: "subnet", *sg: "security-group", *key: "key-pair", *lt: "launch-template"}
	for id, typ := range want {
		if byType[id] != typ {
			t.Errorf("%s: resource type %q, want %q", id, byType[id], typ)
		}
	}
	// The records themselves carry the tags.
	if v := must(c.DescribeVolumes(ctx(), &awsec2.DescribeVolumesInput{VolumeIds: []string{*vol}}))(t).Volumes[0]; len(v.Tags) != 2 {
		t.Fatalf("volume tags %+v", v.Tags)
	}
	if g := must(c.DescribeSecurityGroups(ctx(), &awsec2.DescribeSecurityGroupsInput{GroupIds: []string{*sg}}))(t).SecurityGroups[0]; len(g.Tags) != 2 {
		t.Fatalf("group tags %+v", g.Tags)
	}

	// Filters and pages.
	kp := must(c.DescribeTags(ctx(), &awsec2.DescribeTagsInput{Filters: []types.Filter{
		{Name: aws.String("resource-type"), Values: []string{"key-pair"}}, {Name: aws.String("key"), Values: []string{"env"}}}}))(t).Tags
	if len(kp) != 1 || *kp[0].ResourceId != *key || *kp[0].Value != "dev" {
		t.Fatalf("key pair tags %+v", kp)
	}
	var paged int
	p := awsec2.NewDescribeTagsPaginator(c, &awsec2.DescribeTagsInput{MaxResults: aws.Int32(5)})
	for p.HasMorePages() {
		paged += len(must(p.NextPage(ctx()))(t).Tags)
	}
	if paged != 12 {
		t.Fatalf("paged %d", paged)
	}

	// DeleteTags: a Value deletes only that value; no Value, the key.
	must(c.DeleteTags(ctx(), &awsec2.DeleteTagsInput{Resources: []string{*vol}, Tags: tags("env", "prod")}))(t)
	must(c.DeleteTags(ctx(), &awsec2.DeleteTagsInput{Resources: []string{*sg}, Tags: []types.Tag{{Key: aws.String("env")}}}))(t)
	left := must(c.DescribeTags(ctx(), &awsec2.DescribeTagsInput{Filters: []types.Filter{{Name: aws.String("resource-id"), Values: []string{*vol, *sg}}}}))(t).Tags
	if len(left) != 3 {
		t.Fatalf("left %+v", left)
	}
	must(c.DeleteTags(ctx(), &awsec2.DeleteTagsInput{Resources: []string{*lt}}))(t)
	if l := must(c.DescribeLaunchTemplates(ctx(), &awsec2.DescribeLaunchTemplatesInput{}))(t).LaunchTemplates[0]; len(l.Tags) != 0 {
		t.Fatalf("template tags %+v", l.Tags)
	}

	_, err := c.CreateTags(ctx(), &awsec2.CreateTagsInput{Resources: []string{"vol-0123456789abcdef0"}, Tags: tags("a", "b")})
	wantError(t, err, "InvalidVolume.NotFound", "The volume 'vol-0123456789abcdef0' does not exist.")
	_, err = c.CreateTags(ctx(), &awsec2.CreateTagsInput{Resources: []string{"bogus"}, Tags: tags("a", "b")})
	wantError(t, err, "InvalidID", "The ID 'bogus' is not valid")
	_, err = c.CreateTags(ctx(), &awsec2.CreateTagsInput{Resources: []string{*vol}, Tags: tags("aws:x", "b")})
	wantError(t, err, "InvalidParameterValue", "")
	// Another account's resource is not found.
	_, err = e.ec2(acctB, regionA).CreateTags(ctx(), &awsec2.CreateTagsInput{Resources: []string{*sg}, Tags: tags("a", "b")})
	wantError(t, err, "InvalidGroup.NotFound", "The security group '"+*sg+"' does not exist")
}

func TestTagAuthorization(t *testing.T) {
	e := newEnv(t)
	c := e.ec2(acctA, regionA)
	mine := must(c.CreateSecurityGroup(ctx(), &awsec2.CreateSecurityGroupInput{GroupName: aws.String("mine"), Description: aws.String("m"),
		TagSpecifications: []types.TagSpecification{{ResourceType: types.ResourceTypeSecurityGroup, Tags: tags("owner", "ann")}}}))(t).GroupId
	theirs := must(c.CreateSecurityGroup(ctx(), &awsec2.CreateSecurityGroupInput{GroupName: aws.String("theirs"), Description: aws.String("t")}))(t).GroupId
	// Ann may tag what she owns, and only with project=x.
	user := awsec2.NewFromConfig(e.NewUser(t, acctA, regionA, "ann", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ec2:CreateTags","Resource":"*",
		"Condition":{"StringEquals":{"ec2:ResourceTag/owner":"ann","aws:RequestTag/project":"x"},"ForAllValues:StringEquals":{"aws:TagKeys":["project"]}}}]}`))
	_, err := user.CreateTags(ctx(), &awsec2.CreateTagsInput{Resources: []string{*mine}, Tags: tags("project", "x"), DryRun: aws.Bool(true)})
	wantError(t, err, "DryRunOperation", "")
	must(user.CreateTags(ctx(), &awsec2.CreateTagsInput{Resources: []string{*mine}, Tags: tags("project", "x")}))(t)
	_, err = user.CreateTags(ctx(), &awsec2.CreateTagsInput{Resources: []string{*mine}, Tags: tags("project", "y")})
	wantErrorPrefix(t, err, "UnauthorizedOperation", "You are not authorized to perform this operation. User: arn:aws:iam::"+acctA+":user/ann is not authorized to perform: ec2:CreateTags")
	_, err = user.CreateTags(ctx(), &awsec2.CreateTagsInput{Resources: []string{*mine, *theirs}, Tags: tags("project", "x")})
	wantErrorPrefix(t, err, "UnauthorizedOperation", "You are not authorized to perform this operation. User: arn:aws:iam::"+acctA+
		":user/ann is not authorized to perform: ec2:CreateTags on resource: arn:aws:ec2:us-east-1:"+acctA+":security-group/"+*theirs)
	// Refused as a whole: mine did not get tagged again either.
	if g := must(c.DescribeSecurityGroups(ctx(), &awsec2.DescribeSecurityGroupsInput{GroupIds: []string{*theirs}}))(t).SecurityGroups[0]; len(g.Tags) != 0 {
		t.Fatalf("theirs tagged: %+v", g.Tags)
	}
}
