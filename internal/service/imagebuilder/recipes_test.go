package imagebuilder_test

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	ib "github.com/aws/aws-sdk-go-v2/service/imagebuilder"
	"github.com/aws/aws-sdk-go-v2/service/imagebuilder/types"
)

const recipeBase = "arn:aws:imagebuilder:us-east-1:111122223333:image-recipe/golden"

func TestImageRecipeVersionsAreImmutable(t *testing.T) {
	e := newEnv(t)
	c := e.ib(acctA, regionA)
	comp := e.component(t, c, "hello", "1.0.0")
	in := &ib.CreateImageRecipeInput{Name: aws.String("Golden"), SemanticVersion: aws.String("1.0.0"),
		ParentImage: aws.String(ownedParent(regionA)),
		Components: []types.ComponentConfiguration{
			{ComponentArn: aws.String("arn:aws:imagebuilder:us-east-1:aws:component/update-linux/x.x.x")},
			{ComponentArn: aws.String(comp), Parameters: []types.ComponentParameter{{Name: aws.String("Greeting"), Value: []string{"hi"}}}},
		},
		BlockDeviceMappings: []types.InstanceBlockDeviceMapping{{DeviceName: aws.String("/dev/xvda"), Ebs: &types.EbsInstanceBlockDeviceSpecification{
			Encrypted: aws.Bool(true), KmsKeyId: aws.String("alias/aws/ebs"), VolumeSize: aws.Int32(30), VolumeType: types.EbsVolumeTypeGp3,
			Iops: aws.Int32(3000), Throughput: aws.Int32(125), DeleteOnTermination: aws.Bool(true)}}},
		WorkingDirectory: aws.String("/var/tmp"),
		AdditionalInstanceConfiguration: &types.AdditionalInstanceConfiguration{
			SystemsManagerAgent: &types.SystemsManagerAgent{UninstallAfterBuild: aws.Bool(true)}},
		Tags: map[string]string{"team": "img"}}
	out := must(c.CreateImageRecipe(ctx(), in))(t)
	if *out.ImageRecipeArn != recipeBase+"/1.0.0" || *out.LatestVersionReferences.LatestMinorVersionArn != recipeBase+"/1.0.x" {
		t.Fatalf("CreateImageRecipe = %s %+v", *out.ImageRecipeArn, *out.LatestVersionReferences)
	}
	in.ClientToken = aws.String("other-request")
	_, err := c.CreateImageRecipe(ctx(), in)
	wantError(t, err, "ResourceAlreadyExistsException", "The following resource 'ImageRecipe' already exists: '"+recipeBase+"/1.0.0'.")

	r := must(c.GetImageRecipe(ctx(), &ib.GetImageRecipeInput{ImageRecipeArn: aws.String(recipeBase + "/x.x.x")}))(t).ImageRecipe
	ebs := r.BlockDeviceMappings[0].Ebs
	if *r.Name != "Golden" || *r.Version != "1.0.0" || r.Platform != types.PlatformLinux || *r.Owner != acctA ||
		*r.ParentImage != ownedParent(regionA) || len(r.Components) != 2 || *r.Components[1].Parameters[0].Name != "Greeting" ||
		*ebs.KmsKeyId != "alias/aws/ebs" || !*ebs.Encrypted || *ebs.VolumeSize != 30 || ebs.VolumeType != types.EbsVolumeTypeGp3 ||
		*r.WorkingDirectory != "/var/tmp" || !*r.AdditionalInstanceConfiguration.SystemsManagerAgent.UninstallAfterBuild ||
		r.Tags["team"] != "img" || r.Type != types.ImageTypeAmi {
		t.Errorf("GetImageRecipe = %+v", r)
	}

	// A wildcard version creates the next one.
	for _, want := range []string{"1.0.1", "1.0.2"} {
		got := *must(c.CreateImageRecipe(ctx(), &ib.CreateImageRecipeInput{Name: aws.String("golden"), SemanticVersion: aws.String("1.0.x"),
			ParentImage: aws.String("ami-0123456789abcdef0")}))(t).ImageRecipeArn
		if got != recipeBase+"/"+want {
			t.Errorf("1.0.x created %s, want %s", got, want)
		}
	}
	if got := e.recipe(t, c, "golden", "1.x.x"); got != recipeBase+"/1.1.0" {
		t.Errorf("1.x.x created %s", got)
	}
	list := must(c.ListImageRecipes(ctx(), &ib.ListImageRecipesInput{Filters: []types.Filter{
		{Name: aws.String("parentImage"), Values: []string{"ami-0123456789abcdef0"}}}}))(t).ImageRecipeSummaryList
	if len(list) != 2 || *list[0].Arn != recipeBase+"/1.0.1" || *list[1].Arn != recipeBase+"/1.0.2" {
		t.Errorf("ListImageRecipes(parentImage) = %+v", list)
	}
}

func TestImageRecipeNeedsItsParentAndComponents(t *testing.T) {
	e := newEnv(t)
	c := e.ib(acctA, regionA)
	recipe := func(parent string, components ...string) error {
		in := &ib.CreateImageRecipeInput{Name: aws.String("rcp"), SemanticVersion: aws.String("1.0.0"), ParentImage: aws.String(parent)}
		for _, arn := range components {
			in.Components = append(in.Components, types.ComponentConfiguration{ComponentArn: aws.String(arn)})
		}
		_, err := c.CreateImageRecipe(ctx(), in)
		return err
	}
	missing := "arn:aws:imagebuilder:us-east-1:aws:image/no-such-image/x.x.x"
	wantError(t, recipe(missing), "ResourceNotFoundException", "The following required resource 'Image' cannot be found: '"+missing+"'.")
	mine := "arn:aws:imagebuilder:us-east-1:111122223333:component/asdf/x.x.x"
	wantError(t, recipe(ownedParent(regionA), mine), "ResourceNotFoundException", "The following required resource 'Component' cannot be found: '"+mine+"'.")
	// Another account's component is not visible: amity has no sharing.
	theirs := e.component(t, e.ib(acctB, regionA), "theirs", "1.0.0")
	wantError(t, recipe(ownedParent(regionA), theirs), "ResourceNotFoundException", "")
	wantError(t, recipe("not-an-image"), "InvalidParameterValueException", "")
	wantError(t, recipe(ownedParent(regionB)), "ResourceNotFoundException", "")
	// x.2.x is not a version pattern.
	_, err := c.CreateImageRecipe(ctx(), &ib.CreateImageRecipeInput{Name: aws.String("rcp"), SemanticVersion: aws.String("x.2.x"),
		ParentImage: aws.String(ownedParent(regionA))})
	wantError(t, err, "InvalidParameterValueException", "")
	_, err = c.GetImageRecipe(ctx(), &ib.GetImageRecipeInput{ImageRecipeArn: aws.String(recipeBase + "/1.0.0")})
	wantError(t, err, "ResourceNotFoundException", "The following required resource 'ImageRecipe' cannot be found: '"+recipeBase+"/1.0.0'.")
}
