package ec2_test

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsec2 "github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"
)

func TestLaunchTemplates(t *testing.T) {
	e := newEnv(t)
	c := e.ec2(acctA, regionA)
	key := e.createKey(t, acctA, regionA, "")
	data := &types.RequestLaunchTemplateData{ImageId: aws.String("ami-0123456789abcdef0"), InstanceType: types.InstanceTypeT3Micro,
		KeyName: aws.String("deploy"), SecurityGroupIds: []string{"sg-0123456789abcdef0"}, UserData: aws.String("IyEvYmluL3NoCg=="),
		IamInstanceProfile: &types.LaunchTemplateIamInstanceProfileSpecificationRequest{Name: aws.String("app")},
		BlockDeviceMappings: []types.LaunchTemplateBlockDeviceMappingRequest{{DeviceName: aws.String("/dev/xvda"),
			Ebs: &types.LaunchTemplateEbsBlockDeviceRequest{Encrypted: aws.Bool(true), KmsKeyId: aws.String(key), VolumeSize: aws.Int32(20),
				VolumeType: types.VolumeTypeGp3, DeleteOnTermination: aws.Bool(true)}}},
		TagSpecifications: []types.LaunchTemplateTagSpecificationRequest{{ResourceType: types.ResourceTypeInstance,
			Tags: []types.Tag{{Key: aws.String("app"), Value: aws.String("web")}}}}}
	created := must(c.CreateLaunchTemplate(ctx(), &awsec2.CreateLaunchTemplateInput{LaunchTemplateName: aws.String("web"),
		LaunchTemplateData: data, VersionDescription: aws.String("first")}))(t).LaunchTemplate
	if *created.DefaultVersionNumber != 1 || *created.LatestVersionNumber != 1 || *created.CreatedBy != "arn:aws:iam::"+acctA+":root" {
		t.Fatalf("created %+v", created)
	}
	_, err := c.CreateLaunchTemplate(ctx(), &awsec2.CreateLaunchTemplateInput{LaunchTemplateName: aws.String("web"), LaunchTemplateData: data})
	wantError(t, err, "InvalidLaunchTemplateName.AlreadyExistsException", "Launch template name already in use.")

	// A version from version 1 changing the instance type only.
	v2 := must(c.CreateLaunchTemplateVersion(ctx(), &awsec2.CreateLaunchTemplateVersionInput{LaunchTemplateId: created.LaunchTemplateId,
		SourceVersion: aws.String("1"), LaunchTemplateData: &types.RequestLaunchTemplateData{InstanceType: types.InstanceTypeM5Large}}))(t).LaunchTemplateVersion
	d := v2.LaunchTemplateData
	if *v2.VersionNumber != 2 || *v2.DefaultVersion || d.InstanceType != types.InstanceTypeM5Large || *d.ImageId != "ami-0123456789abcdef0" ||
		len(d.BlockDeviceMappings) != 1 || *d.BlockDeviceMappings[0].Ebs.KmsKeyId != key || !*d.BlockDeviceMappings[0].Ebs.Encrypted {
		t.Fatalf("version 2 %+v", v2)
	}
	// Without a source, a version is only what it is given.
	v3 := must(c.CreateLaunchTemplateVersion(ctx(), &awsec2.CreateLaunchTemplateVersionInput{LaunchTemplateName: aws.String("web"),
		LaunchTemplateData: &types.RequestLaunchTemplateData{ImageId: aws.String("ami-0fedcba9876543210")}}))(t).LaunchTemplateVersion
	if *v3.VersionNumber != 3 || v3.LaunchTemplateData.InstanceType != "" || v3.LaunchTemplateData.BlockDeviceMappings != nil {
		t.Fatalf("version 3 %+v", v3.LaunchTemplateData)
	}

	versions := func(in *awsec2.DescribeLaunchTemplateVersionsInput) []int64 {
		t.Helper()
		var out []int64
		for _, v := range must(c.DescribeLaunchTemplateVersions(ctx(), in))(t).LaunchTemplateVersions {
			out = append(out, *v.VersionNumber)
		}
		return out
	}
	if got := versions(&awsec2.DescribeLaunchTemplateVersionsInput{LaunchTemplateId: created.LaunchTemplateId}); len(got) != 3 || got[0] != 3 {
		t.Fatalf("all versions %v", got)
	}
	if got := versions(&awsec2.DescribeLaunchTemplateVersionsInput{LaunchTemplateName: aws.String("web"), Versions: []string{"$Latest", "$Default"}}); len(got) != 2 || got[0] != 3 || got[1] != 1 {
		t.Fatalf("$Latest,$Default = %v", got)
	}
	if got := versions(&awsec2.DescribeLaunchTemplateVersionsInput{LaunchTemplateId: created.LaunchTemplateId,
		Filters: []types.Filter{{Name: aws.String("instance-type"), Values: []string{"m5.*"}}}}); len(got) != 1 || got[0] != 2 {
		t.Fatalf("filtered %v", got)
	}
	_, err = c.DescribeLaunchTemplateVersions(ctx(), &awsec2.DescribeLaunchTemplateVersionsInput{LaunchTemplateId: created.LaunchTemplateId, Versions: []string{"9"}})
	wantError(t, err, "InvalidLaunchTemplateId.VersionNotFound", "")

	modified := must(c.ModifyLaunchTemplate(ctx(), &awsec2.ModifyLaunchTemplateInput{LaunchTemplateId: created.LaunchTemplateId, DefaultVersion: aws.String("2")}))(t).LaunchTemplate
	if *modified.DefaultVersionNumber != 2 || *modified.LatestVersionNumber != 3 {
		t.Fatalf("modified %+v", modified)
	}
	if got := versions(&awsec2.DescribeLaunchTemplateVersionsInput{Versions: []string{"$Default"}}); len(got) != 1 || got[0] != 2 {
		t.Fatalf("$Default of every template = %v", got)
	}
	listed := must(c.DescribeLaunchTemplates(ctx(), &awsec2.DescribeLaunchTemplatesInput{LaunchTemplateNames: []string{"web"}}))(t).LaunchTemplates
	if len(listed) != 1 || *listed[0].LaunchTemplateId != *created.LaunchTemplateId {
		t.Fatalf("listed %+v", listed)
	}
	_, err = c.DescribeLaunchTemplates(ctx(), &awsec2.DescribeLaunchTemplatesInput{LaunchTemplateNames: []string{"nope"}})
	wantError(t, err, "InvalidLaunchTemplateName.NotFoundException", "At least one of the launch templates specified in the request does not exist.")
	_, err = c.CreateLaunchTemplateVersion(ctx(), &awsec2.CreateLaunchTemplateVersionInput{LaunchTemplateId: aws.String("lt-0123456789abcdef0"),
		LaunchTemplateData: &types.RequestLaunchTemplateData{InstanceType: types.InstanceTypeT3Micro}})
	wantError(t, err, "InvalidLaunchTemplateId.NotFound", "The specified launch template, with template ID lt-0123456789abcdef0, does not exist.")

	deleted := must(c.DeleteLaunchTemplate(ctx(), &awsec2.DeleteLaunchTemplateInput{LaunchTemplateName: aws.String("web")}))(t).LaunchTemplate
	if *deleted.LaunchTemplateId != *created.LaunchTemplateId {
		t.Fatalf("deleted %+v", deleted)
	}
	if left := must(c.DescribeLaunchTemplates(ctx(), &awsec2.DescribeLaunchTemplatesInput{}))(t).LaunchTemplates; len(left) != 0 {
		t.Fatalf("left %+v", left)
	}
}

func TestLaunchTemplateAuthorization(t *testing.T) {
	e := newEnv(t)
	user := awsec2.NewFromConfig(e.NewUser(t, acctA, regionA, "lt", `{"Version":"2012-10-17","Statement":[
		{"Effect":"Allow","Action":"ec2:CreateLaunchTemplate","Resource":"*","Condition":{"StringEquals":{"aws:RequestTag/env":"dev"}}},
		{"Effect":"Allow","Action":"ec2:DeleteLaunchTemplate","Resource":"*","Condition":{"StringEquals":{"ec2:ResourceTag/env":"prod"}}}]}`))
	spec := func(env string) []types.TagSpecification {
		return []types.TagSpecification{{ResourceType: types.ResourceTypeLaunchTemplate, Tags: []types.Tag{{Key: aws.String("env"), Value: aws.String(env)}}}}
	}
	data := &types.RequestLaunchTemplateData{InstanceType: types.InstanceTypeT3Micro}
	_, err := user.CreateLaunchTemplate(ctx(), &awsec2.CreateLaunchTemplateInput{LaunchTemplateName: aws.String("prod"), LaunchTemplateData: data, TagSpecifications: spec("prod")})
	wantErrorPrefix(t, err, "UnauthorizedOperation", "You are not authorized to perform this operation. User: arn:aws:iam::"+acctA+":user/lt is not authorized to perform: ec2:CreateLaunchTemplate")
	lt := must(user.CreateLaunchTemplate(ctx(), &awsec2.CreateLaunchTemplateInput{LaunchTemplateName: aws.String("dev1"), LaunchTemplateData: data, TagSpecifications: spec("dev")}))(t).LaunchTemplate
	_, err = user.DeleteLaunchTemplate(ctx(), &awsec2.DeleteLaunchTemplateInput{LaunchTemplateId: lt.LaunchTemplateId})
	wantErrorPrefix(t, err, "UnauthorizedOperation", "You are not authorized to perform this operation. User: arn:aws:iam::"+acctA+
		":user/lt is not authorized to perform: ec2:DeleteLaunchTemplate on resource: arn:aws:ec2:us-east-1:"+acctA+":launch-template/"+*lt.LaunchTemplateId)
}
