package imagebuilder_test

import (
	"context"
	"errors"
	"testing"

	"github.com/amityhq/amity/internal/amitytest"
	"github.com/aws/aws-sdk-go-v2/aws"
	ib "github.com/aws/aws-sdk-go-v2/service/imagebuilder"
	"github.com/aws/aws-sdk-go-v2/service/imagebuilder/types"
)

// fixture is a recipe with an infrastructure and a distribution
// configuration in account A.
type fixture struct {
	c                                    *ib.Client
	recipe, infrastructure, distribution string
}

func newFixture(t *testing.T, e *env) fixture {
	c := e.ib(acctA, regionA)
	e.profile(t, acctA, "builder")
	comp := e.component(t, c, "hello", "1.0.0")
	return fixture{c: c, recipe: e.recipe(t, c, "golden", "1.0.0", comp),
		infrastructure: e.infrastructure(t, c, "build", "builder"), distribution: e.distribution(t, c, "dist")}
}

const imageVersion = "arn:aws:imagebuilder:us-east-1:111122223333:image/golden/1.0.0"

func (f fixture) createImage(t *testing.T, token string) string {
	t.Helper()
	return *must(f.c.CreateImage(ctx(), &ib.CreateImageInput{ImageRecipeArn: aws.String(f.recipe),
		InfrastructureConfigurationArn: aws.String(f.infrastructure), DistributionConfigurationArn: aws.String(f.distribution),
		Tags: map[string]string{"build": "ci"}, ClientToken: aws.String(token)}))(t).ImageBuildVersionArn
}

// CreateImage stores the image PENDING, the next build of its recipe's
// version, with copies of what it is built from; the engine (startBuild)
// takes it from there.
func TestCreateImageStoresWhatTheBuildNeeds(t *testing.T) {
	e := newEnv(t, amitytest.RealisticPace()) // the builds are still running at the end
	f := newFixture(t, e)
	first := f.createImage(t, "first")
	if first != imageVersion+"/1" {
		t.Fatalf("first image = %s", first)
	}
	// A retry with the same clientToken is the same image.
	if again := f.createImage(t, "first"); again != first {
		t.Errorf("retry created %s", again)
	}
	if second := f.createImage(t, "second"); second != imageVersion+"/2" {
		t.Errorf("second image = %s", second)
	}
	im := must(f.c.GetImage(ctx(), &ib.GetImageInput{ImageBuildVersionArn: aws.String(first)}))(t).Image
	if *im.Name != "golden" || *im.Version != "1.0.0" || im.Type != types.ImageTypeAmi || im.Platform != types.PlatformLinux ||
		*im.ImageRecipe.Arn != f.recipe || *im.InfrastructureConfiguration.Arn != f.infrastructure ||
		*im.DistributionConfiguration.Arn != f.distribution || im.DistributionConfiguration.Distributions[0].AmiDistributionConfiguration.TargetAccountIds[0] != acctB ||
		im.Tags["build"] != "ci" || im.BuildType != types.BuildTypeUserInitiated || im.ImageSource != types.ImageSourceAmazonManaged ||
		*im.OsVersion != "Amazon Linux 2023" || !*im.EnhancedImageMetadataEnabled || !*im.ImageTestsConfiguration.ImageTestsEnabled {
		t.Errorf("GetImage = %+v", im)
	}
	// The newest build of a version: the second, whatever state it is in.
	newest := must(f.c.GetImage(ctx(), &ib.GetImageInput{ImageBuildVersionArn: aws.String(imageVersion)}))(t)
	if *newest.Image.Arn != imageVersion+"/2" || *newest.LatestVersionReferences.LatestVersionArn != "arn:aws:imagebuilder:us-east-1:111122223333:image/golden/x.x.x" {
		t.Errorf("GetImage(version) = %s %+v", *newest.Image.Arn, newest.LatestVersionReferences)
	}
	versions := must(f.c.ListImages(ctx(), &ib.ListImagesInput{}))(t).ImageVersionList
	if len(versions) != 1 || *versions[0].Arn != imageVersion || *versions[0].Owner != acctA {
		t.Errorf("ListImages = %+v", versions)
	}
	builds := must(f.c.ListImageBuildVersions(ctx(), &ib.ListImageBuildVersionsInput{ImageVersionArn: aws.String(imageVersion),
		Filters: []types.Filter{{Name: aws.String("name"), Values: []string{"golden"}}}}))(t).ImageSummaryList
	if len(builds) != 2 || *builds[0].Arn != first || builds[0].Tags["build"] != "ci" {
		t.Errorf("ListImageBuildVersions = %+v", builds)
	}

	// What the image was made from is in use while it builds.
	_, err := f.c.DeleteImageRecipe(ctx(), &ib.DeleteImageRecipeInput{ImageRecipeArn: aws.String(f.recipe)})
	wantError(t, err, "ResourceDependencyException", "Resource dependency error: The resource ARN '"+f.recipe+"' has other resources depended on it.")
	_, err = f.c.DeleteImage(ctx(), &ib.DeleteImageInput{ImageBuildVersionArn: aws.String(first)})
	wantError(t, err, "ResourceDependencyException", "")
}

func TestCancelAndDeleteImages(t *testing.T) {
	e := newEnv(t)
	f := newFixture(t, e)
	arn := f.createImage(t, "one")
	im := must(f.c.GetImage(ctx(), &ib.GetImageInput{ImageBuildVersionArn: aws.String(arn)}))(t).Image
	if st := im.State.Status; st != types.ImageStatusAvailable && st != types.ImageStatusFailed { // the build runs
		_, err := f.c.CancelImageCreation(ctx(), &ib.CancelImageCreationInput{ImageBuildVersionArn: aws.String(arn)})
		im = must(f.c.GetImage(ctx(), &ib.GetImageInput{ImageBuildVersionArn: aws.String(arn)}))(t).Image
		switch st := im.State.Status; {
		case err == nil && st != types.ImageStatusCancelled:
			t.Fatalf("after cancel: %s", st)
		case err != nil: // the build ended between GetImage and the cancel
			wantError(t, err, "ResourceInUseException", "")
			if st != types.ImageStatusAvailable && st != types.ImageStatusFailed {
				t.Fatalf("a cancel refused as the build ended, then: %s", st)
			}
		}
	}
	_, err := f.c.CancelImageCreation(ctx(), &ib.CancelImageCreationInput{ImageBuildVersionArn: aws.String(arn)})
	wantError(t, err, "ResourceInUseException", "")
	must(f.c.DeleteImage(ctx(), &ib.DeleteImageInput{ImageBuildVersionArn: aws.String(arn)}))(t)
	_, err = f.c.GetImage(ctx(), &ib.GetImageInput{ImageBuildVersionArn: aws.String(arn)})
	wantError(t, err, "ResourceNotFoundException", "The following required resource 'Image' cannot be found: '"+arn+"'.")
	_, err = f.c.CreateImage(ctx(), &ib.CreateImageInput{ImageRecipeArn: aws.String(f.recipe),
		InfrastructureConfigurationArn: aws.String(f.infrastructure + "-missing")})
	wantError(t, err, "ResourceNotFoundException", "The following required resource 'InfrastructureConfiguration' cannot be found: '"+f.infrastructure+"-missing'.")
}

// TestABuildDoesNotBringBackADeletedImage: once an image is cancelled and
// deleted, a write its build was about to make is dropped (one used to
// store the image again).
func TestABuildDoesNotBringBackADeletedImage(t *testing.T) {
	e := newEnv(t)
	f := newFixture(t, e)
	arn := f.createImage(t, "one")
	building := must(e.App.ImageBuilder.ImageForTest(ctx(), arn))(t)
	_, _ = f.c.CancelImageCreation(ctx(), &ib.CancelImageCreationInput{ImageBuildVersionArn: aws.String(arn)}) // unless it ended
	must(f.c.DeleteImage(ctx(), &ib.DeleteImageInput{ImageBuildVersionArn: aws.String(arn)}))(t)
	if err := e.App.ImageBuilder.SaveBuildingForTest(ctx(), building); !errors.Is(err, context.Canceled) {
		t.Errorf("the build's write of a deleted image: %v, want context.Canceled", err)
	}
	_, err := f.c.GetImage(ctx(), &ib.GetImageInput{ImageBuildVersionArn: aws.String(arn)})
	wantError(t, err, "ResourceNotFoundException", "")
	e.App.ImageBuilder.WaitForTest()
}

func TestAWSOwnedImages(t *testing.T) {
	e := newEnv(t)
	c := e.ib(acctA, regionB)
	owned := must(c.ListImages(ctx(), &ib.ListImagesInput{Owner: types.OwnershipAmazon,
		Filters: []types.Filter{{Name: aws.String("platform"), Values: []string{"Windows"}}}}))(t).ImageVersionList
	if len(owned) == 0 {
		t.Fatal("no AWS-owned Windows image")
	}
	for _, v := range owned {
		if v.Platform != types.PlatformWindows || *v.Owner != "Amazon" || (*v.Arn)[:len("arn:aws:imagebuilder:eu-west-1:aws:image/")] != "arn:aws:imagebuilder:eu-west-1:aws:image/" {
			t.Errorf("owned image %+v", v)
		}
	}
	im := must(c.GetImage(ctx(), &ib.GetImageInput{ImageBuildVersionArn: aws.String("arn:aws:imagebuilder:eu-west-1:aws:image/amazon-linux-2023-x86/x.x.x")}))(t).Image
	if *im.Name != "amazon-linux-2023-x86" || *im.OsVersion != "Amazon Linux 2023" || im.Platform != types.PlatformLinux ||
		im.State.Status != types.ImageStatusAvailable {
		t.Errorf("GetImage(owned) = %+v", im)
	}
}

func TestPipelines(t *testing.T) {
	e := newEnv(t)
	f := newFixture(t, e)
	in := &ib.CreateImagePipelineInput{Name: aws.String("nightly"), ImageRecipeArn: aws.String(f.recipe),
		InfrastructureConfigurationArn: aws.String(f.infrastructure), DistributionConfigurationArn: aws.String(f.distribution),
		Schedule: &types.Schedule{ScheduleExpression: aws.String("cron(0 0 * * ? *)"),
			PipelineExecutionStartCondition: types.PipelineExecutionStartConditionExpressionMatchOnly},
		ImageTags: map[string]string{"from": "pipeline"}}
	arn := *must(f.c.CreateImagePipeline(ctx(), in))(t).ImagePipelineArn
	in.ClientToken = aws.String("again")
	_, err := f.c.CreateImagePipeline(ctx(), in)
	wantError(t, err, "ResourceAlreadyExistsException", "The following resource 'ImagePipeline' already exists: '"+arn+"'.")

	p := must(f.c.GetImagePipeline(ctx(), &ib.GetImagePipelineInput{ImagePipelineArn: aws.String(arn)}))(t).ImagePipeline
	if p.Status != types.PipelineStatusEnabled || *p.Schedule.ScheduleExpression != "cron(0 0 * * ? *)" || p.Platform != types.PlatformLinux ||
		p.LastRunStatus != "" {
		t.Errorf("GetImagePipeline = %+v", p)
	}
	image := *must(f.c.StartImagePipelineExecution(ctx(), &ib.StartImagePipelineExecutionInput{ImagePipelineArn: aws.String(arn),
		Tags: map[string]string{"run": "manual"}}))(t).ImageBuildVersionArn
	im := must(f.c.GetImage(ctx(), &ib.GetImageInput{ImageBuildVersionArn: aws.String(image)}))(t).Image
	if *im.SourcePipelineArn != arn || *im.SourcePipelineName != "nightly" || im.Tags["from"] != "pipeline" || im.Tags["run"] != "manual" {
		t.Errorf("pipeline's image = %+v", im)
	}
	images := must(f.c.ListImagePipelineImages(ctx(), &ib.ListImagePipelineImagesInput{ImagePipelineArn: aws.String(arn)}))(t).ImageSummaryList
	if len(images) != 1 || *images[0].Arn != image {
		t.Errorf("ListImagePipelineImages = %+v", images)
	}
	status := *e.ended(t, image).State.Status // the build runs: compare once it has ended
	p = must(f.c.GetImagePipeline(ctx(), &ib.GetImagePipelineInput{ImagePipelineArn: aws.String(arn)}))(t).ImagePipeline
	if string(p.LastRunStatus) != status {
		t.Errorf("lastRunStatus = %s, image %s", p.LastRunStatus, status)
	}

	// A pipeline holds its recipe and configurations.
	for _, err := range []error{
		func() error {
			_, err := f.c.DeleteImageRecipe(ctx(), &ib.DeleteImageRecipeInput{ImageRecipeArn: aws.String(f.recipe)})
			return err
		}(),
		func() error {
			_, err := f.c.DeleteInfrastructureConfiguration(ctx(), &ib.DeleteInfrastructureConfigurationInput{InfrastructureConfigurationArn: aws.String(f.infrastructure)})
			return err
		}(),
		func() error {
			_, err := f.c.DeleteDistributionConfiguration(ctx(), &ib.DeleteDistributionConfigurationInput{DistributionConfigurationArn: aws.String(f.distribution)})
			return err
		}(),
	} {
		wantError(t, err, "ResourceDependencyException", "")
	}

	must(f.c.UpdateImagePipeline(ctx(), &ib.UpdateImagePipelineInput{ImagePipelineArn: aws.String(arn), ImageRecipeArn: aws.String(f.recipe),
		InfrastructureConfigurationArn: aws.String(f.infrastructure), Status: types.PipelineStatusDisabled}))(t)
	list := must(f.c.ListImagePipelines(ctx(), &ib.ListImagePipelinesInput{Filters: []types.Filter{
		{Name: aws.String("status"), Values: []string{"DISABLED"}}}}))(t).ImagePipelineList
	if len(list) != 1 || list[0].DistributionConfigurationArn != nil || list[0].Schedule != nil {
		t.Errorf("after update = %+v", list)
	}
	must(f.c.DeleteImagePipeline(ctx(), &ib.DeleteImagePipelineInput{ImagePipelineArn: aws.String(arn)}))(t)
	_, err = f.c.GetImagePipeline(ctx(), &ib.GetImagePipelineInput{ImagePipelineArn: aws.String(arn)})
	wantError(t, err, "ResourceNotFoundException", "The following required resource 'ImagePipeline' cannot be found: '"+arn+"'.")
}
