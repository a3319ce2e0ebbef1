package imagebuilder

import (
	"context"

	"github.com/amityhq/amity/internal/api/imagebuilderapi"
	"github.com/amityhq/amity/internal/authz"
	"github.com/amityhq/amity/internal/awsdata"
	"github.com/amityhq/amity/internal/store"
)

// imageVersionFilters are ListImages' filters [API reference: name,
// osVersion, platform, type, version].
var imageVersionFilters = filterFields[imagebuilderapi.ImageVersion]{
	"name":      func(v imagebuilderapi.ImageVersion) []string { return one(v.Name) },
	"osVersion": func(v imagebuilderapi.ImageVersion) []string { return one(v.OsVersion) },
	"platform":  func(v imagebuilderapi.ImageVersion) []string { return one(v.Platform) },
	"type":      func(v imagebuilderapi.ImageVersion) []string { return one(v.Type) },
	"version":   func(v imagebuilderapi.ImageVersion) []string { return one(v.Version) },
}

// imageSummaryFilters are ListImageBuildVersions' filters [API reference:
// name, osVersion, platform, type, version] and, of them,
// ListImagePipelineImages' (name, version).
var (
	imageSummaryFilters = filterFields[imagebuilderapi.ImageSummary]{
		"name":      func(v imagebuilderapi.ImageSummary) []string { return one(v.Name) },
		"osVersion": func(v imagebuilderapi.ImageSummary) []string { return one(v.OsVersion) },
		"platform":  func(v imagebuilderapi.ImageSummary) []string { return one(v.Platform) },
		"type":      func(v imagebuilderapi.ImageSummary) []string { return one(v.Type) },
		"version":   func(v imagebuilderapi.ImageSummary) []string { return one(v.Version) },
	}
	pipelineImageFilters = filterFields[imagebuilderapi.ImageSummary]{
		"name":    imageSummaryFilters["name"],
		"version": imageSummaryFilters["version"],
	}
)

func imageSummary(im *imageRecord) imagebuilderapi.ImageSummary {
	return imagebuilderapi.ImageSummary{Arn: im.Arn, Name: im.Name, Type: im.Type, Version: im.Version, Platform: im.Platform,
		OsVersion: im.OsVersion, State: im.State, Owner: new(im.Account), DateCreated: im.DateCreated,
		OutputResources: im.OutputResources, Tags: im.Tags, BuildType: im.BuildType, ImageSource: im.ImageSource,
		DeprecationTime: im.DeprecationTime, LifecycleExecutionId: im.LifecycleExecutionId, LoggingConfiguration: im.LoggingConfiguration}
}

// deprecated reports whether an image is deprecated, which ListImages
// leaves out unless includeDeprecated.
func deprecated(im *imageRecord) bool { return status(im) == imagebuilderapi.ImageStatusDeprecated }

// ListImages lists image versions — one entry per version, with its
// version ARN, as its newest build describes it — of an owner: Self (the
// default), Amazon (the catalogue), or Shared, ThirdParty and
// AWSMarketplace, which amity has none of.
func (s *Service) ListImages(ctx context.Context, in *imagebuilderapi.ListImagesInput) (*imagebuilderapi.ListImagesOutput, error) {
	req := authz.FromContext(ctx)
	if err := s.authorize(ctx, req, "imagebuilder:ListImages", "*", nil); err != nil {
		return nil, err
	}
	var items []imagebuilderapi.ImageVersion
	switch deref(in.Owner) {
	case "", imagebuilderapi.OwnershipSelf:
		newestBuilds := map[string]stored[imageRecord]{}
		err := s.store.View(ctx, func(tx store.Tx) error {
			return scan(tx, imagesTable, arnPrefix(req.Region, req.Principal.Account, "image"), func(arn string, im *imageRecord) (bool, error) {
				if deprecated(im) && !deref(in.IncludeDeprecated) {
					return true, nil
				}
				a, _ := parseVersionedARN(arn, "image")
				key := versionARN(a.base(), a.version)
				if prev, ok := newestBuilds[key]; !ok || prev.build < a.build {
					newestBuilds[key] = stored[imageRecord]{arn: arn, build: a.build, record: im}
				}
				return true, nil
			})
		})
		if err != nil {
			return nil, err
		}
		for arn, b := range newestBuilds {
			im := b.record
			items = append(items, imagebuilderapi.ImageVersion{Arn: new(arn), Name: im.Name, Type: im.Type, Version: im.Version,
				Platform: im.Platform, OsVersion: im.OsVersion, Owner: new(im.Account), DateCreated: im.DateCreated,
				BuildType: im.BuildType, ImageSource: im.ImageSource})
		}
	case imagebuilderapi.OwnershipAmazon:
		for _, m := range awsdata.ImageBuilderImages(req.Region) {
			items = append(items, imagebuilderapi.ImageVersion{Arn: new(m.ARN), Name: new(m.Name), Type: new(ownedImageType(m)),
				Platform: new(osPlatform(m.OS)), OsVersion: new(m.OS), Owner: new(ownerAmazon),
				ImageSource: new(imagebuilderapi.ImageSourceAmazonManaged)})
		}
	}
	items, err := imageVersionFilters.apply(items, in.Filters)
	if err != nil {
		return nil, err
	}
	out, next, err := pageOf(items, in.MaxResults, in.NextToken, func(v imagebuilderapi.ImageVersion) string { return *v.Arn })
	if err != nil {
		return nil, err
	}
	return &imagebuilderapi.ListImagesOutput{RequestId: new(req.ID), ImageVersionList: out, NextToken: next}, nil
}

// ListImageBuildVersions lists the builds of one of the caller's image
// versions.
func (s *Service) ListImageBuildVersions(ctx context.Context, in *imagebuilderapi.ListImageBuildVersionsInput) (*imagebuilderapi.ListImageBuildVersionsOutput, error) {
	req := authz.FromContext(ctx)
	arn := deref(in.ImageVersionArn)
	sel, err := selection(arn, "image", "imageVersionArn")
	if err != nil {
		return nil, err
	}
	if err := s.authorize(ctx, req, "imagebuilder:ListImageBuildVersions", arn+"/*", nil); err != nil {
		return nil, err
	}
	var items []imagebuilderapi.ImageSummary
	if sel.region == req.Region && sel.account == req.Principal.Account {
		err := s.store.View(ctx, func(tx store.Tx) error {
			all, err := versionsOf[imageRecord](tx, imagesTable, sel)
			for _, b := range all {
				if b.version == sel.version {
					items = append(items, imageSummary(b.record))
				}
			}
			return err
		})
		if err != nil {
			return nil, err
		}
	}
	return listedImages(items, imageSummaryFilters, in.Filters, in.MaxResults, in.NextToken,
		func(out []imagebuilderapi.ImageSummary, next *string) *imagebuilderapi.ListImageBuildVersionsOutput {
			return &imagebuilderapi.ListImageBuildVersionsOutput{RequestId: new(req.ID), ImageSummaryList: out, NextToken: next}
		})
}

// listedImages filters and pages image summaries into an operation's
// output.
func listedImages[O any](items []imagebuilderapi.ImageSummary, fields filterFields[imagebuilderapi.ImageSummary],
	filters []imagebuilderapi.Filter, maxResults *int32, nextToken *string, output func([]imagebuilderapi.ImageSummary, *string) *O) (*O, error) {
	items, err := fields.apply(items, filters)
	if err != nil {
		return nil, err
	}
	out, next, err := pageOf(items, maxResults, nextToken, func(v imagebuilderapi.ImageSummary) string { return *v.Arn })
	if err != nil {
		return nil, err
	}
	return output(out, next), nil
}

// ListImagePipelineImages lists the images a pipeline of the caller's
// built.
func (s *Service) ListImagePipelineImages(ctx context.Context, in *imagebuilderapi.ListImagePipelineImagesInput) (*imagebuilderapi.ListImagePipelineImagesOutput, error) {
	req := authz.FromContext(ctx)
	arn := deref(in.ImagePipelineArn)
	if _, err := lookup[pipelineRecord](ctx, s, req, pipelinesTable, kindPipeline, "imagebuilder:ListImagePipelineImages", arn, nil); err != nil {
		return nil, err
	}
	var items []imagebuilderapi.ImageSummary
	err := s.store.View(ctx, func(tx store.Tx) error {
		return scan(tx, imagesTable, arnPrefix(req.Region, req.Principal.Account, "image"), func(_ string, im *imageRecord) (bool, error) {
			if deref(im.SourcePipelineArn) == arn {
				items = append(items, imageSummary(im))
			}
			return true, nil
		})
	})
	if err != nil {
		return nil, err
	}
	return listedImages(items, pipelineImageFilters, in.Filters, in.MaxResults, in.NextToken,
		func(out []imagebuilderapi.ImageSummary, next *string) *imagebuilderapi.ListImagePipelineImagesOutput {
			return &imagebuilderapi.ListImagePipelineImagesOutput{RequestId: new(req.ID), ImageSummaryList: out, NextToken: next}
		})
}
