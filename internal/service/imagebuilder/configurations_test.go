package imagebuilder_test

import (
	"slices"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	ib "github.com/aws/aws-sdk-go-v2/service/imagebuilder"
	"github.com/aws/aws-sdk-go-v2/service/imagebuilder/types"
)

func TestInfrastructureConfigurations(t *testing.T) {
	e := newEnv(t)
	c := e.ib(acctA, regionA)
	in := &ib.CreateInfrastructureConfigurationInput{Name: aws.String("build"), InstanceProfileName: aws.String("builder"),
		InstanceTypes: []string{"t3.micro", "t3.small"}, SubnetId: aws.String("subnet-0abc"), SecurityGroupIds: []string{"sg-0abc"},
		Logging:     &types.Logging{S3Logs: &types.S3Logs{S3BucketName: aws.String("logs"), S3KeyPrefix: aws.String("ib/")}},
		SnsTopicArn: aws.String("arn:aws:sns:us-east-1:111122223333:builds"), ResourceTags: map[string]string{"cost": "ci"},
		Tags: map[string]string{"team": "img"}}
	_, err := c.CreateInfrastructureConfiguration(ctx(), in)
	wantError(t, err, "InvalidParameterValueException", "The value supplied for parameter 'instanceProfileName' is not valid. "+
		"The provided instance profile does not exist. Please specify a different instance profile and try again.")
	e.profile(t, acctA, "builder")
	arn := *must(c.CreateInfrastructureConfiguration(ctx(), in))(t).InfrastructureConfigurationArn
	if arn != "arn:aws:imagebuilder:us-east-1:111122223333:infrastructure-configuration/build" {
		t.Fatalf("arn = %s", arn)
	}
	in.ClientToken = aws.String("another-request")
	_, err = c.CreateInfrastructureConfiguration(ctx(), in)
	wantError(t, err, "ResourceAlreadyExistsException", "The following resource 'InfrastructureConfiguration' already exists: '"+arn+"'.")

	got := must(c.GetInfrastructureConfiguration(ctx(), &ib.GetInfrastructureConfigurationInput{InfrastructureConfigurationArn: aws.String(arn)}))(t).InfrastructureConfiguration
	if *got.InstanceProfileName != "builder" || !slices.Equal(got.InstanceTypes, in.InstanceTypes) || *got.SubnetId != "subnet-0abc" ||
		*got.Logging.S3Logs.S3BucketName != "logs" || !*got.TerminateInstanceOnFailure || got.ResourceTags["cost"] != "ci" ||
		*got.SnsTopicArn != *in.SnsTopicArn || got.Tags["team"] != "img" || got.DateCreated == nil || got.DateUpdated != nil {
		t.Errorf("GetInfrastructureConfiguration = %+v", got)
	}
	must(c.UpdateInfrastructureConfiguration(ctx(), &ib.UpdateInfrastructureConfigurationInput{InfrastructureConfigurationArn: aws.String(arn),
		InstanceProfileName: aws.String("builder"), InstanceTypes: []string{"m5.large"}, TerminateInstanceOnFailure: aws.Bool(false)}))(t)
	got = must(c.GetInfrastructureConfiguration(ctx(), &ib.GetInfrastructureConfigurationInput{InfrastructureConfigurationArn: aws.String(arn)}))(t).InfrastructureConfiguration
	if !slices.Equal(got.InstanceTypes, []string{"m5.large"}) || *got.TerminateInstanceOnFailure || got.SubnetId != nil ||
		*got.Name != "build" || got.Tags["team"] != "img" || got.DateUpdated == nil {
		t.Errorf("after update = %+v", got)
	}
	list := must(c.ListInfrastructureConfigurations(ctx(), &ib.ListInfrastructureConfigurationsInput{
		Filters: []types.Filter{{Name: aws.String("name"), Values: []string{"build"}}}}))(t).InfrastructureConfigurationSummaryList
	if len(list) != 1 || *list[0].Arn != arn || *list[0].InstanceProfileName != "builder" {
		t.Errorf("list = %+v", list)
	}
	must(c.DeleteInfrastructureConfiguration(ctx(), &ib.DeleteInfrastructureConfigurationInput{InfrastructureConfigurationArn: aws.String(arn)}))(t)
	_, err = c.GetInfrastructureConfiguration(ctx(), &ib.GetInfrastructureConfigurationInput{InfrastructureConfigurationArn: aws.String(arn)})
	wantError(t, err, "ResourceNotFoundException", "The following required resource 'InfrastructureConfiguration' cannot be found: '"+arn+"'.")
}

func TestDistributionConfigurations(t *testing.T) {
	e := newEnv(t)
	c := e.ib(acctA, regionA)
	create := func(ds ...types.Distribution) error {
		_, err := c.CreateDistributionConfiguration(ctx(), &ib.CreateDistributionConfigurationInput{Name: aws.String("dist"), Distributions: ds})
		return err
	}
	wantError(t, create(types.Distribution{Region: aws.String("eu-west-1")}), "InvalidParameterValueException",
		"The value supplied for parameter 'distributions[0]' is not valid. One or more outputs should be provided for each region in a distribution configuration.")
	ami := &types.AmiDistributionConfiguration{Name: aws.String("golden {{imagebuilder:buildDate}}")}
	wantError(t, create(types.Distribution{Region: aws.String("mars-north-1"), AmiDistributionConfiguration: ami}), "InvalidParameterValueException", "")
	wantError(t, create(types.Distribution{Region: aws.String(regionA), AmiDistributionConfiguration: ami},
		types.Distribution{Region: aws.String(regionA), AmiDistributionConfiguration: ami}), "InvalidParameterValueException", "")
	wantError(t, create(types.Distribution{Region: aws.String(regionA), AmiDistributionConfiguration: &types.AmiDistributionConfiguration{
		Name: aws.String("golden {{imagebuilder:buildTime}}")}}), "InvalidParameterValueException", "")
	_, err := c.CreateDistributionConfiguration(ctx(), &ib.CreateDistributionConfigurationInput{Name: aws.String("dist"),
		Distributions: []types.Distribution{{Region: aws.String(regionA), AmiDistributionConfiguration: &types.AmiDistributionConfiguration{
			TargetAccountIds: []string{"1234"}}}}})
	wantError(t, err, "InvalidParameterValueException", "")

	full := types.Distribution{Region: aws.String(regionA), AmiDistributionConfiguration: &types.AmiDistributionConfiguration{
		Name: aws.String("golden {{ imagebuilder:buildDate }}"), Description: aws.String("the golden image"),
		AmiTags: map[string]string{"os": "al2023"}, KmsKeyId: aws.String("arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"),
		TargetAccountIds: []string{acctB},
		LaunchPermission: &types.LaunchPermissionConfiguration{UserIds: []string{acctB}, UserGroups: []string{"all"},
			OrganizationArns:       []string{"arn:aws:organizations::111122223333:organization/o-exampleorgid1"},
			OrganizationalUnitArns: []string{"arn:aws:organizations::111122223333:ou/o-exampleorgid1/ou-ab12-cdef3456"}}},
		LaunchTemplateConfigurations: []types.LaunchTemplateConfiguration{{LaunchTemplateId: aws.String("lt-0123456789abcdef0"),
			AccountId: aws.String(acctB), SetDefaultVersion: aws.Bool(true)}}}
	other := types.Distribution{Region: aws.String("af-south-1"), AmiDistributionConfiguration: &types.AmiDistributionConfiguration{
		TargetAccountIds: []string{acctB}}}
	if err := create(full, other); err != nil {
		t.Fatal(err)
	}
	arn := "arn:aws:imagebuilder:us-east-1:111122223333:distribution-configuration/dist"
	got := must(c.GetDistributionConfiguration(ctx(), &ib.GetDistributionConfigurationInput{DistributionConfigurationArn: aws.String(arn)}))(t).DistributionConfiguration
	d := got.Distributions[0]
	if len(got.Distributions) != 2 || *d.AmiDistributionConfiguration.KmsKeyId != *full.AmiDistributionConfiguration.KmsKeyId ||
		d.AmiDistributionConfiguration.LaunchPermission.OrganizationalUnitArns[0] != full.AmiDistributionConfiguration.LaunchPermission.OrganizationalUnitArns[0] ||
		*d.LaunchTemplateConfigurations[0].LaunchTemplateId != "lt-0123456789abcdef0" || !*d.LaunchTemplateConfigurations[0].SetDefaultVersion ||
		*got.TimeoutMinutes != 720 {
		t.Errorf("GetDistributionConfiguration = %+v", got)
	}
	list := must(c.ListDistributionConfigurations(ctx(), &ib.ListDistributionConfigurationsInput{}))(t).DistributionConfigurationSummaryList
	if len(list) != 1 || !slices.Equal(list[0].Regions, []string{regionA, "af-south-1"}) {
		t.Errorf("list = %+v", list)
	}
	must(c.UpdateDistributionConfiguration(ctx(), &ib.UpdateDistributionConfigurationInput{DistributionConfigurationArn: aws.String(arn),
		Description: aws.String("one Region"), Distributions: []types.Distribution{other}}))(t)
	got = must(c.GetDistributionConfiguration(ctx(), &ib.GetDistributionConfigurationInput{DistributionConfigurationArn: aws.String(arn)}))(t).DistributionConfiguration
	if len(got.Distributions) != 1 || *got.Description != "one Region" || got.DateUpdated == nil {
		t.Errorf("after update = %+v", got)
	}
	_, err = c.UpdateDistributionConfiguration(ctx(), &ib.UpdateDistributionConfigurationInput{DistributionConfigurationArn: aws.String(arn + "-missing"),
		Distributions: []types.Distribution{other}})
	wantError(t, err, "ResourceNotFoundException", "The following required resource 'DistributionConfiguration' cannot be found: '"+arn+"-missing'.")
}
