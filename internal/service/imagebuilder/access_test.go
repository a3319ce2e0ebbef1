package imagebuilder_test

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	ib "github.com/aws/aws-sdk-go-v2/service/imagebuilder"
	"github.com/aws/aws-sdk-go-v2/service/imagebuilder/types"
)

func TestTags(t *testing.T) {
	e := newEnv(t)
	c := e.ib(acctA, regionA)
	arns := []string{e.component(t, c, "hello", "1.0.0"), e.recipe(t, c, "golden", "1.0.0"), e.distribution(t, c, "dist")}
	for _, arn := range arns {
		must(c.TagResource(ctx(), &ib.TagResourceInput{ResourceArn: aws.String(arn), Tags: map[string]string{"a": "1", "b": "2"}}))(t)
		must(c.UntagResource(ctx(), &ib.UntagResourceInput{ResourceArn: aws.String(arn), TagKeys: []string{"a", "missing"}}))(t)
		tags := must(c.ListTagsForResource(ctx(), &ib.ListTagsForResourceInput{ResourceArn: aws.String(arn)}))(t).Tags
		if len(tags) != 1 || tags["b"] != "2" {
			t.Errorf("%s: tags = %v", arn, tags)
		}
	}
	missing := "arn:aws:imagebuilder:us-east-1:111122223333:image-pipeline/nothing"
	_, err := c.ListTagsForResource(ctx(), &ib.ListTagsForResourceInput{ResourceArn: aws.String(missing)})
	wantError(t, err, "ResourceNotFoundException", "The following required resource 'ImagePipeline' cannot be found: '"+missing+"'.")
	// Another account's resource is not found.
	_, err = e.ib(acctB, regionA).TagResource(ctx(), &ib.TagResourceInput{ResourceArn: aws.String(arns[0]), Tags: map[string]string{"x": "y"}})
	wantError(t, err, "ResourceNotFoundException", "")
}

func TestAuthorization(t *testing.T) {
	e := newEnv(t)
	roleARN := e.profile(t, acctA, "builder")
	// A user may create components only with a team tag, read components
	// tagged team=img, and create infrastructure configurations — but
	// not pass the instance profile's role.
	user := ib.NewFromConfig(e.NewUser(t, acctA, regionA, "dev", `{"Version":"2012-10-17","Statement":[
		{"Effect":"Allow","Action":["imagebuilder:CreateComponent","imagebuilder:TagResource"],"Resource":"*",
		 "Condition":{"StringEquals":{"aws:RequestTag/team":"img"}}},
		{"Effect":"Allow","Action":"imagebuilder:GetComponent","Resource":"*","Condition":{"StringEquals":{"aws:ResourceTag/team":"img"}}},
		{"Effect":"Allow","Action":["imagebuilder:CreateInfrastructureConfiguration","iam:GetInstanceProfile"],"Resource":"*"}]}`))
	component := func(tags map[string]string) (*ib.CreateComponentOutput, error) {
		return user.CreateComponent(ctx(), &ib.CreateComponentInput{Name: aws.String("hello"), SemanticVersion: aws.String("1.0.0"),
			Platform: types.PlatformLinux, Data: aws.String(helloDocument), Tags: tags})
	}
	_, err := component(nil)
	wantError(t, err, "AccessDeniedException", "User: arn:aws:iam::111122223333:user/dev is not authorized to perform: imagebuilder:CreateComponent "+
		"on resource: arn:aws:imagebuilder:us-east-1:111122223333:component/hello/1.0.0/1 because no identity-based policy allows the imagebuilder:CreateComponent action")
	out := must(component(map[string]string{"team": "img"}))(t)
	must(user.GetComponent(ctx(), &ib.GetComponentInput{ComponentBuildVersionArn: out.ComponentBuildVersionArn}))(t)
	root := e.ib(acctA, regionA)
	untagged := e.component(t, root, "other", "1.0.0")
	_, err = user.GetComponent(ctx(), &ib.GetComponentInput{ComponentBuildVersionArn: aws.String(untagged)})
	wantError(t, err, "AccessDeniedException", "")

	_, err = user.CreateInfrastructureConfiguration(ctx(), &ib.CreateInfrastructureConfigurationInput{Name: aws.String("build"),
		InstanceProfileName: aws.String("builder")})
	wantError(t, err, "AccessDeniedException", "User: arn:aws:iam::111122223333:user/dev is not authorized to perform: iam:PassRole "+
		"on resource: "+roleARN+" because no identity-based policy allows the iam:PassRole action")

	// imagebuilder:CreatedResourceTagKeys constrains the tags the build's
	// instances get.
	creator := ib.NewFromConfig(e.NewUser(t, acctA, regionA, "ops", `{"Version":"2012-10-17","Statement":[
		{"Effect":"Allow","Action":["imagebuilder:CreateInfrastructureConfiguration"],"Resource":"*",
		 "Condition":{"ForAllValues:StringEquals":{"imagebuilder:CreatedResourceTagKeys":["cost"]}}},
		{"Effect":"Allow","Action":["iam:GetInstanceProfile","iam:PassRole"],"Resource":"*"}]}`))
	infra := func(name string, resourceTags map[string]string) error {
		_, err := creator.CreateInfrastructureConfiguration(ctx(), &ib.CreateInfrastructureConfigurationInput{Name: aws.String(name),
			InstanceProfileName: aws.String("builder"), ResourceTags: resourceTags})
		return err
	}
	wantError(t, infra("bad", map[string]string{"owner": "me"}), "AccessDeniedException", "")
	if err := infra("good", map[string]string{"cost": "ci"}); err != nil {
		t.Fatal(err)
	}
}
