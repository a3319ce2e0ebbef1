package imagebuilder_test

import (
	"context"
	"errors"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsiam "github.com/aws/aws-sdk-go-v2/service/iam"
	ib "github.com/aws/aws-sdk-go-v2/service/imagebuilder"
	"github.com/aws/aws-sdk-go-v2/service/imagebuilder/types"
	"github.com/aws/smithy-go"

	"github.com/amityhq/amity/internal/amitytest"
)

const (
	acctA   = "111122223333"
	acctB   = "444455556666"
	acctC   = "777788889999"
	regionA = "us-east-1"
	regionB = "eu-west-1"
)

func ctx() context.Context { return context.Background() }

// env is amity with Image Builder clients for accounts' roots.
type env struct {
	*amitytest.Env
}

func newEnv(t testing.TB, opts ...amitytest.Option) *env { return &env{amitytest.New(t, opts...)} }

func (e *env) ib(account, region string) *ib.Client {
	return ib.NewFromConfig(e.RootConfig(account, region))
}

// wantError checks an API error's code and, when given, its message.
func wantError(t *testing.T, err error, code, message string) {
	t.Helper()
	var ae smithy.APIError
	if !errors.As(err, &ae) {
		t.Fatalf("error = %v, want %s: %s", err, code, message)
	}
	if ae.ErrorCode() != code || (message != "" && ae.ErrorMessage() != message) {
		t.Fatalf("error = %s: %s\nwant  %s: %s", ae.ErrorCode(), ae.ErrorMessage(), code, message)
	}
}

func must[T any](v T, err error) func(t testing.TB) T {
	return func(t testing.TB) T {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
}

// helloDocument is a component document as the user guide writes one.
const helloDocument = `name: HelloWorld
description: Says hello.
schemaVersion: 1.0
parameters:
  - Greeting:
      type: string
      default: hello
      description: What to say.
phases:
  - name: build
    steps:
      - name: SayHello
        action: ExecuteBash
        inputs:
          commands:
            - echo "{{ Greeting }}"
  - name: validate
    steps:
      - name: Check
        action: ExecuteBash
        inputs:
          commands:
            - test -n "{{ Greeting }}"
`

func (e *env) component(t *testing.T, c *ib.Client, name, version string) string {
	t.Helper()
	out := must(c.CreateComponent(ctx(), &ib.CreateComponentInput{Name: aws.String(name), SemanticVersion: aws.String(version),
		Platform: types.PlatformLinux, Data: aws.String(helloDocument)}))(t)
	return *out.ComponentBuildVersionArn
}

// ownedParent is an AWS-owned image of the catalogue, as recipes name it.
func ownedParent(region string) string {
	return "arn:aws:imagebuilder:" + region + ":aws:image/amazon-linux-2023-x86/x.x.x"
}

func (e *env) recipe(t *testing.T, c *ib.Client, name, version string, components ...string) string {
	t.Helper()
	in := &ib.CreateImageRecipeInput{Name: aws.String(name), SemanticVersion: aws.String(version), ParentImage: aws.String(ownedParent(regionA))}
	for _, arn := range components {
		in.Components = append(in.Components, types.ComponentConfiguration{ComponentArn: aws.String(arn)})
	}
	return *must(c.CreateImageRecipe(ctx(), in))(t).ImageRecipeArn
}

// profile creates, as the account's root, a role EC2 may assume and an
// instance profile holding it.
func (e *env) profile(t testing.TB, account, name string) (roleARN string) {
	t.Helper()
	iam := awsiam.NewFromConfig(e.RootConfig(account, regionA))
	role := must(iam.CreateRole(ctx(), &awsiam.CreateRoleInput{RoleName: aws.String(name),
		AssumeRolePolicyDocument: aws.String(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}`)}))(t)
	must(iam.CreateInstanceProfile(ctx(), &awsiam.CreateInstanceProfileInput{InstanceProfileName: aws.String(name)}))(t)
	must(iam.AddRoleToInstanceProfile(ctx(), &awsiam.AddRoleToInstanceProfileInput{InstanceProfileName: aws.String(name), RoleName: aws.String(name)}))(t)
	return *role.Role.Arn
}

func (e *env) infrastructure(t testing.TB, c *ib.Client, name, profile string) string {
	t.Helper()
	return *must(c.CreateInfrastructureConfiguration(ctx(), &ib.CreateInfrastructureConfigurationInput{Name: aws.String(name),
		InstanceProfileName: aws.String(profile), InstanceTypes: []string{"t3.micro"}}))(t).InfrastructureConfigurationArn
}

func (e *env) distribution(t *testing.T, c *ib.Client, name string) string {
	t.Helper()
	return *must(c.CreateDistributionConfiguration(ctx(), &ib.CreateDistributionConfigurationInput{Name: aws.String(name),
		Distributions: []types.Distribution{{Region: aws.String(regionA), AmiDistributionConfiguration: &types.AmiDistributionConfiguration{
			Name: aws.String("golden {{imagebuilder:buildDate}}"), TargetAccountIds: []string{acctB}}}}}))(t).DistributionConfigurationArn
}
