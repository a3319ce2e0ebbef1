package imagebuilder

import (
	"context"
	"strings"

	"github.com/amityhq/amity/internal/api/imagebuilderapi"
	"github.com/amityhq/amity/internal/authz"
	"github.com/amityhq/amity/internal/store"
	"github.com/amityhq/amity/internal/wire"
)

// buildSources are what a build is made from: a recipe version and the
// configurations, as stored when the build starts.
type buildSources struct {
	recipe         stored[recipeRecord]
	infrastructure *infrastructureRecord
	distribution   *distributionRecord // nil when the image is not distributed
}

// readActions are the actions that reading a build's sources takes: the
// caller's own Get* actions for CreateImage and the pipeline operations
// that name them; none for a pipeline execution, which the Reference gives
// no other action than StartImagePipelineExecution.
type readActions struct{ recipe, infrastructure, distribution string }

var (
	callerReads  = readActions{"imagebuilder:GetImageRecipe", "imagebuilder:GetInfrastructureConfiguration", "imagebuilder:GetDistributionConfiguration"}
	serviceReads = readActions{}
)

// sources reads a build's sources, each of which must exist.
func (s *Service) sources(ctx context.Context, req *authz.Request, recipeARN, infrastructureARN, distributionARN string, reads readActions) (*buildSources, error) {
	sel, err := selection(recipeARN, "image-recipe", "imageRecipeArn")
	if err != nil {
		return nil, err
	}
	r, err := s.recipe(ctx, req, sel, reads.recipe, recipeARN)
	if err != nil {
		return nil, err
	}
	src := &buildSources{recipe: r}
	if src.infrastructure, err = lookup[infrastructureRecord](ctx, s, req, infrastructuresTable, kindInfrastructure,
		reads.infrastructure, infrastructureARN, nil); err != nil {
		return nil, err
	}
	if distributionARN != "" {
		if src.distribution, err = lookup[distributionRecord](ctx, s, req, distributionsTable, kindDistribution,
			reads.distribution, distributionARN, nil); err != nil {
			return nil, err
		}
	}
	return src, nil
}

// imageBase is the ARN of the images a recipe makes, without version:
// they are named after it [arn:aws:imagebuilder:REGION:ACCOUNT:image/RECIPE/VERSION/BUILD].
func (src *buildSources) imageBase(req *authz.Request) string {
	return arnPrefix(req.Region, req.Principal.Account, "image") + arnName(deref(src.recipe.record.Name))
}

// nextImage is the build version ARN the next image of src gets.
func (s *Service) nextImage(ctx context.Context, req *authz.Request, src *buildSources) (string, error) {
	base := src.imageBase(req)
	var build int
	err := s.store.View(ctx, func(tx store.Tx) error {
		var err error
		build, err = nextBuild(tx, imagesTable, imageSelection(base, src.recipe.version))
		return err
	})
	return buildARN(base, src.recipe.version, build), err
}

func imageSelection(base string, v version) versionedARN {
	a, _ := parseVersionedARN(versionARN(base, v), "image")
	return a
}

// checkExecutionRole authorizes iam:PassRole of a workflow execution role
// (a name, or an ARN) to Image Builder, as the Reference lists it with
// CreateImage and the pipeline operations.
func (s *Service) checkExecutionRole(ctx context.Context, req *authz.Request, role *string) error {
	r := deref(role)
	if r == "" {
		return nil
	}
	if !strings.HasPrefix(r, "arn:") {
		r = "arn:aws:iam::" + req.Principal.Account + ":role/" + r
	}
	return s.authorize(ctx, req, "iam:PassRole", r, map[string][]string{"iam:passedtoservice": {"imagebuilder.amazonaws.com"}})
}

// newImage stores the image a build makes, PENDING, with copies of its
// sources as GetImage shows them, and returns its build version ARN — the
// next build of the recipe's version. A retry of the request that
// created it (token) gets that image again, and replayed is true.
func (s *Service) newImage(ctx context.Context, req *authz.Request, src *buildSources, im *imageRecord, token idempotency) (stored *imageRecord, replayed bool, err error) {
	base := src.imageBase(req)
	r := src.recipe.record
	im.Type, im.Name, im.Version, im.Platform = new(imagebuilderapi.ImageTypeAmi), r.Name, r.Version, r.Platform
	im.State = &imagebuilderapi.ImageState{Status: new(statusPending)}
	im.ImageRecipe = &r.ImageRecipe
	im.InfrastructureConfiguration = &src.infrastructure.InfrastructureConfiguration
	if src.distribution != nil {
		im.DistributionConfiguration = &src.distribution.DistributionConfiguration
	}
	if im.EnhancedImageMetadataEnabled == nil {
		im.EnhancedImageMetadataEnabled = new(true) // the API's default [API reference, CreateImage]
	}
	if im.ImageTestsConfiguration == nil {
		// Tests run by default, for at most 720 minutes [API reference,
		// ImageTestsConfiguration].
		im.ImageTestsConfiguration = &imagebuilderapi.ImageTestsConfiguration{ImageTestsEnabled: new(true), TimeoutMinutes: new(int32(720))}
	}
	im.ImageSource = new(imagebuilderapi.ImageSourceCustom)
	if p, ok := parseVersionedARN(r.Parent, "image"); ok && p.account == awsAccount {
		im.ImageSource = new(imagebuilderapi.ImageSourceAmazonManaged)
		if m, ok := ownedImage(p.region, p.name); ok {
			im.OsVersion = new(m.OS)
		}
	}
	im.DateCreated = new(s.timestamp())
	im.Account, im.Region, im.Requester = req.Principal.Account, req.Region, req.Principal.ARN
	err = s.store.Update(ctx, func(tx store.Tx) error {
		prior, ok, err := token.replay(tx)
		if err != nil || ok {
			replayed = ok
			stored, _, err = get[imageRecord](tx, imagesTable, prior)
			return err
		}
		build, err := nextBuild(tx, imagesTable, imageSelection(base, src.recipe.version))
		if err != nil {
			return err
		}
		im.Arn = new(buildARN(base, src.recipe.version, build))
		if err := put(tx, imagesTable, *im.Arn, im); err != nil {
			return err
		}
		stored = im
		return token.remember(tx, *im.Arn)
	})
	return stored, replayed, err
}

// CreateImage starts a build of an image recipe with an infrastructure
// configuration and, optionally, a distribution configuration: the image
// is stored PENDING and built in the background (startBuild), so
// GetImage follows it. Container recipes are not emulated.
func (s *Service) CreateImage(ctx context.Context, in *imagebuilderapi.CreateImageInput) (*imagebuilderapi.CreateImageOutput, error) {
	req := authz.FromContext(ctx)
	if in.ContainerRecipeArn != nil {
		return nil, wire.Unsupported("container images")
	}
	if in.ImageRecipeArn == nil {
		// UNVERIFIED text.
		return nil, imagebuilderapi.InvalidRequestException("You must specify an image recipe or a container recipe.")
	}
	src, err := s.sources(ctx, req, *in.ImageRecipeArn, deref(in.InfrastructureConfigurationArn), deref(in.DistributionConfigurationArn), callerReads)
	if err != nil {
		return nil, err
	}
	next, err := s.nextImage(ctx, req, src)
	if err != nil {
		return nil, err
	}
	if err := s.authorizeCreate(ctx, req, "imagebuilder:CreateImage", next, in.Tags, nil); err != nil {
		return nil, err
	}
	if err := s.checkExecutionRole(ctx, req, in.ExecutionRole); err != nil {
		return nil, err
	}
	token, err := clientToken(req, "CreateImage", in.ClientToken, in)
	if err != nil {
		return nil, err
	}
	im := &imageRecord{Image: imagebuilderapi.Image{EnhancedImageMetadataEnabled: in.EnhancedImageMetadataEnabled,
		ImageTestsConfiguration: in.ImageTestsConfiguration, Tags: tagsOf(in.Tags), BuildType: new(imagebuilderapi.BuildTypeUserInitiated),
		ImageScanningConfiguration: in.ImageScanningConfiguration, Workflows: in.Workflows, ExecutionRole: in.ExecutionRole,
		LoggingConfiguration: in.LoggingConfiguration}}
	im, err = s.build(ctx, req, src, im, token)
	if err != nil {
		return nil, err
	}
	a, _ := parseVersionedARN(*im.Arn, "image")
	return &imagebuilderapi.CreateImageOutput{RequestId: new(req.ID), ClientToken: in.ClientToken, ImageBuildVersionArn: im.Arn,
		LatestVersionReferences: latestReferences(a.base(), a.version)}, nil
}

// build stores a new image and starts its build; a retry of the request
// that created it answers that image again without building it twice.
func (s *Service) build(ctx context.Context, req *authz.Request, src *buildSources, im *imageRecord, token idempotency) (*imageRecord, error) {
	im, replayed, err := s.newImage(ctx, req, src, im, token)
	if err != nil || replayed {
		return im, err
	}
	if err := s.startBuild(ctx, req, im); err != nil {
		return nil, err
	}
	return im, nil
}

// GetImage answers an image build: the one a build version ARN names, or
// the newest build of the newest version a version ARN (possibly with
// wildcards) selects. An AWS-owned image answers from the catalogue.
func (s *Service) GetImage(ctx context.Context, in *imagebuilderapi.GetImageInput) (*imagebuilderapi.GetImageOutput, error) {
	req := authz.FromContext(ctx)
	arn := deref(in.ImageBuildVersionArn)
	sel, err := selection(arn, "image", "imageBuildVersionArn")
	if err != nil {
		return nil, err
	}
	if sel.account == awsAccount {
		if err := s.authorize(ctx, req, "imagebuilder:GetImage", arn, nil); err != nil {
			return nil, err
		}
		m, ok := ownedImage(sel.region, sel.name)
		if !ok || sel.region != req.Region {
			return nil, notFound(kindImage, arn)
		}
		return &imagebuilderapi.GetImageOutput{RequestId: new(req.ID), Image: ownedImageAnswer(m)}, nil
	}
	im, err := s.image(ctx, req, sel, "imagebuilder:GetImage", arn)
	if err != nil {
		return nil, err
	}
	return &imagebuilderapi.GetImageOutput{RequestId: new(req.ID), Image: &im.record.Image,
		LatestVersionReferences: latestReferences(sel.base(), im.version)}, nil
}

// DeleteImage deletes an image build that has ended. Its AMIs stay [user
// guide, delete-resources.md: "Deleting resources does not delete any
// Amazon EC2 AMIs … that are created during the image build process"].
func (s *Service) DeleteImage(ctx context.Context, in *imagebuilderapi.DeleteImageInput) (*imagebuilderapi.DeleteImageOutput, error) {
	req := authz.FromContext(ctx)
	arn := deref(in.ImageBuildVersionArn)
	sel, err := selection(arn, "image", "imageBuildVersionArn")
	if err != nil {
		return nil, err
	}
	if _, err := s.image(ctx, req, sel, "imagebuilder:DeleteImage", arn); err != nil {
		return nil, err
	}
	err = s.store.Update(ctx, func(tx store.Tx) error {
		im, ok, err := get[imageRecord](tx, imagesTable, arn)
		if err != nil || !ok {
			return err
		}
		if !im.done() {
			// A build in progress depends on its image record. UNVERIFIED
			// text.
			return imagebuilderapi.ResourceDependencyException("Resource dependency error: The image '" + arn + "' cannot be deleted while its build is in progress (" + status(im) + ").")
		}
		return tx.Delete(imagesTable, arn)
	})
	if err != nil {
		return nil, err
	}
	return &imagebuilderapi.DeleteImageOutput{RequestId: new(req.ID), ImageBuildVersionArn: new(arn)}, nil
}

// CancelImageCreation stops a build in progress: the image becomes
// CANCELLED. A build that has ended cannot be cancelled.
func (s *Service) CancelImageCreation(ctx context.Context, in *imagebuilderapi.CancelImageCreationInput) (*imagebuilderapi.CancelImageCreationOutput, error) {
	req := authz.FromContext(ctx)
	arn := deref(in.ImageBuildVersionArn)
	sel, err := selection(arn, "image", "imageBuildVersionArn")
	if err != nil {
		return nil, err
	}
	if _, err := s.image(ctx, req, sel, "imagebuilder:CancelImageCreation", arn); err != nil {
		return nil, err
	}
	token, err := clientToken(req, "CancelImageCreation", in.ClientToken, in)
	if err != nil {
		return nil, err
	}
	err = s.store.Update(ctx, func(tx store.Tx) error {
		if _, ok, err := token.replay(tx); err != nil || ok {
			return err
		}
		im, ok, err := get[imageRecord](tx, imagesTable, arn)
		if err != nil || !ok {
			return err
		}
		if im.done() {
			return resourceInUse(arn, status(im))
		}
		im.State = &imagebuilderapi.ImageState{Status: new(statusCancelled)}
		if err := put(tx, imagesTable, arn, im); err != nil {
			return err
		}
		return token.remember(tx, arn)
	})
	if err != nil {
		return nil, err
	}
	s.cancelBuild(arn)
	return &imagebuilderapi.CancelImageCreationOutput{RequestId: new(req.ID), ClientToken: in.ClientToken, ImageBuildVersionArn: new(arn)}, nil
}

// image finds the caller's image build sel selects, having authorized
// action on arn with the build's tags.
func (s *Service) image(ctx context.Context, req *authz.Request, sel versionedARN, action, arn string) (stored[imageRecord], error) {
	return selected[imageRecord](ctx, s, req, imagesTable, kindImage, sel, action, arn)
}
