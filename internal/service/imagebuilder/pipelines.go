package imagebuilder

import (
	"context"
	"maps"

	"github.com/amityhq/amity/internal/api/imagebuilderapi"
	"github.com/amityhq/amity/internal/authz"
	"github.com/amityhq/amity/internal/store"
	"github.com/amityhq/amity/internal/wire"
)

// pipelineRecord is an image pipeline as stored: GetImagePipeline's
// answer, but for lastRunStatus, which its newest image gives.
type pipelineRecord struct {
	imagebuilderapi.ImagePipeline
}

// pipelineSettings are the settings CreateImagePipeline and
// UpdateImagePipeline both take.
type pipelineSettings struct {
	recipe, infrastructure, distribution, container, executionRole *string
}

// checkPipeline reads and authorizes what a pipeline names: its recipe
// and configurations, which must exist, and its execution role.
func (s *Service) checkPipeline(ctx context.Context, req *authz.Request, p pipelineSettings) (*buildSources, error) {
	if p.container != nil {
		return nil, wire.Unsupported("container pipelines")
	}
	if p.recipe == nil {
		// UNVERIFIED text.
		return nil, imagebuilderapi.InvalidRequestException("You must specify an image recipe or a container recipe.")
	}
	src, err := s.sources(ctx, req, *p.recipe, deref(p.infrastructure), deref(p.distribution), callerReads)
	if err != nil {
		return nil, err
	}
	return src, s.checkExecutionRole(ctx, req, p.executionRole)
}

// CreateImagePipeline creates a pipeline. Its schedule is stored; amity
// runs pipelines when StartImagePipelineExecution asks.
func (s *Service) CreateImagePipeline(ctx context.Context, in *imagebuilderapi.CreateImagePipelineInput) (*imagebuilderapi.CreateImagePipelineOutput, error) {
	req := authz.FromContext(ctx)
	arn := arnPrefix(req.Region, req.Principal.Account, "image-pipeline") + arnName(deref(in.Name))
	if err := s.authorizeCreate(ctx, req, "imagebuilder:CreateImagePipeline", arn, in.Tags, nil); err != nil {
		return nil, err
	}
	src, err := s.checkPipeline(ctx, req, pipelineSettings{in.ImageRecipeArn, in.InfrastructureConfigurationArn,
		in.DistributionConfigurationArn, in.ContainerRecipeArn, in.ExecutionRole})
	if err != nil {
		return nil, err
	}
	token, err := clientToken(req, "CreateImagePipeline", in.ClientToken, in)
	if err != nil {
		return nil, err
	}
	p := imagebuilderapi.ImagePipeline{Arn: new(arn), Name: in.Name, Description: in.Description,
		Platform: src.recipe.record.Platform, EnhancedImageMetadataEnabled: in.EnhancedImageMetadataEnabled,
		ImageRecipeArn: in.ImageRecipeArn, InfrastructureConfigurationArn: in.InfrastructureConfigurationArn,
		DistributionConfigurationArn: in.DistributionConfigurationArn, ImageTestsConfiguration: in.ImageTestsConfiguration,
		Schedule: in.Schedule, Status: in.Status, DateCreated: new(s.timestamp()), Tags: tagsOf(in.Tags),
		ImageScanningConfiguration: in.ImageScanningConfiguration, ImageTags: in.ImageTags, ExecutionRole: in.ExecutionRole,
		Workflows: in.Workflows, LoggingConfiguration: in.LoggingConfiguration}
	pipelineDefaults(&p)
	if err := s.create(ctx, token, pipelinesTable, kindPipeline, arn, &pipelineRecord{p}); err != nil {
		return nil, err
	}
	return &imagebuilderapi.CreateImagePipelineOutput{RequestId: new(req.ID), ClientToken: in.ClientToken, ImagePipelineArn: new(arn)}, nil
}

// pipelineDefaults fills what the API defaults: status ENABLED,
// enhancedImageMetadataEnabled true, tests enabled for at most 720
// minutes [API reference, CreateImagePipeline and
// ImageTestsConfiguration].
func pipelineDefaults(p *imagebuilderapi.ImagePipeline) {
	if p.Status == nil {
		p.Status = new(imagebuilderapi.PipelineStatusEnabled)
	}
	if p.EnhancedImageMetadataEnabled == nil {
		p.EnhancedImageMetadataEnabled = new(true)
	}
	if p.ImageTestsConfiguration == nil {
		p.ImageTestsConfiguration = &imagebuilderapi.ImageTestsConfiguration{ImageTestsEnabled: new(true), TimeoutMinutes: new(int32(720))}
	}
}

// lastRuns returns the status of each of the caller's pipelines' newest
// image, by pipeline ARN.
func (s *Service) lastRuns(ctx context.Context, req *authz.Request) (map[string]string, error) {
	out := map[string]string{}
	newest := map[string]string{} // pipeline → dateCreated of its newest image
	err := s.store.View(ctx, func(tx store.Tx) error {
		return scan(tx, imagesTable, arnPrefix(req.Region, req.Principal.Account, "image"), func(_ string, im *imageRecord) (bool, error) {
			p := deref(im.SourcePipelineArn)
			if d := deref(im.DateCreated); p != "" && d >= newest[p] {
				newest[p], out[p] = d, status(im)
			}
			return true, nil
		})
	})
	return out, err
}

// withLastRun is a pipeline as answers show it.
func withLastRun(p *pipelineRecord, runs map[string]string) imagebuilderapi.ImagePipeline {
	out := p.ImagePipeline
	if st, ok := runs[deref(p.Arn)]; ok {
		out.LastRunStatus = new(st)
	}
	return out
}

// GetImagePipeline answers a pipeline.
func (s *Service) GetImagePipeline(ctx context.Context, in *imagebuilderapi.GetImagePipelineInput) (*imagebuilderapi.GetImagePipelineOutput, error) {
	req := authz.FromContext(ctx)
	p, err := lookup[pipelineRecord](ctx, s, req, pipelinesTable, kindPipeline, "imagebuilder:GetImagePipeline", deref(in.ImagePipelineArn), nil)
	if err != nil {
		return nil, err
	}
	runs, err := s.lastRuns(ctx, req)
	if err != nil {
		return nil, err
	}
	out := withLastRun(p, runs)
	return &imagebuilderapi.GetImagePipelineOutput{RequestId: new(req.ID), ImagePipeline: &out}, nil
}

// pipelineFilters are ListImagePipelines' filters [API reference:
// description, distributionConfigurationArn, imageRecipeArn,
// infrastructureConfigurationArn, name, status].
var pipelineFilters = filterFields[imagebuilderapi.ImagePipeline]{
	"description":                    func(p imagebuilderapi.ImagePipeline) []string { return one(p.Description) },
	"distributionConfigurationArn":   func(p imagebuilderapi.ImagePipeline) []string { return one(p.DistributionConfigurationArn) },
	"imageRecipeArn":                 func(p imagebuilderapi.ImagePipeline) []string { return one(p.ImageRecipeArn) },
	"infrastructureConfigurationArn": func(p imagebuilderapi.ImagePipeline) []string { return one(p.InfrastructureConfigurationArn) },
	"name":                           func(p imagebuilderapi.ImagePipeline) []string { return one(p.Name) },
	"status":                         func(p imagebuilderapi.ImagePipeline) []string { return one(p.Status) },
}

// ListImagePipelines lists the caller's pipelines in the Region.
func (s *Service) ListImagePipelines(ctx context.Context, in *imagebuilderapi.ListImagePipelinesInput) (*imagebuilderapi.ListImagePipelinesOutput, error) {
	req := authz.FromContext(ctx)
	runs, err := s.lastRuns(ctx, req)
	if err != nil {
		return nil, err
	}
	items, err := listAll(ctx, s, req, "imagebuilder:ListImagePipelines", pipelinesTable, "image-pipeline",
		func(p *pipelineRecord) imagebuilderapi.ImagePipeline { return withLastRun(p, runs) })
	if err != nil {
		return nil, err
	}
	if items, err = pipelineFilters.apply(items, in.Filters); err != nil {
		return nil, err
	}
	out, next, err := pageOf(items, in.MaxResults, in.NextToken, func(p imagebuilderapi.ImagePipeline) string { return *p.Arn })
	if err != nil {
		return nil, err
	}
	return &imagebuilderapi.ListImagePipelinesOutput{RequestId: new(req.ID), ImagePipelineList: out, NextToken: next}, nil
}

// UpdateImagePipeline replaces a pipeline's settings with the request's;
// its name and tags stay.
func (s *Service) UpdateImagePipeline(ctx context.Context, in *imagebuilderapi.UpdateImagePipelineInput) (*imagebuilderapi.UpdateImagePipelineOutput, error) {
	req := authz.FromContext(ctx)
	arn := deref(in.ImagePipelineArn)
	if _, err := lookup[pipelineRecord](ctx, s, req, pipelinesTable, kindPipeline, "imagebuilder:UpdateImagePipeline", arn, nil); err != nil {
		return nil, err
	}
	src, err := s.checkPipeline(ctx, req, pipelineSettings{in.ImageRecipeArn, in.InfrastructureConfigurationArn,
		in.DistributionConfigurationArn, in.ContainerRecipeArn, in.ExecutionRole})
	if err != nil {
		return nil, err
	}
	token, err := clientToken(req, "UpdateImagePipeline", in.ClientToken, in)
	if err != nil {
		return nil, err
	}
	err = update(ctx, s, token, pipelinesTable, arn, func(r *pipelineRecord) {
		p := imagebuilderapi.ImagePipeline{Arn: r.Arn, Name: r.Name, Description: in.Description,
			Platform: src.recipe.record.Platform, EnhancedImageMetadataEnabled: in.EnhancedImageMetadataEnabled,
			ImageRecipeArn: in.ImageRecipeArn, InfrastructureConfigurationArn: in.InfrastructureConfigurationArn,
			DistributionConfigurationArn: in.DistributionConfigurationArn, ImageTestsConfiguration: in.ImageTestsConfiguration,
			Schedule: in.Schedule, Status: in.Status, DateCreated: r.DateCreated, DateUpdated: new(s.timestamp()), Tags: r.Tags,
			ImageScanningConfiguration: in.ImageScanningConfiguration, ImageTags: in.ImageTags, ExecutionRole: in.ExecutionRole,
			Workflows: in.Workflows, LoggingConfiguration: in.LoggingConfiguration}
		pipelineDefaults(&p)
		r.ImagePipeline = p
	})
	if err != nil {
		return nil, err
	}
	return &imagebuilderapi.UpdateImagePipelineOutput{RequestId: new(req.ID), ClientToken: in.ClientToken, ImagePipelineArn: new(arn)}, nil
}

// DeleteImagePipeline deletes a pipeline; the images it built stay.
func (s *Service) DeleteImagePipeline(ctx context.Context, in *imagebuilderapi.DeleteImagePipelineInput) (*imagebuilderapi.DeleteImagePipelineOutput, error) {
	req := authz.FromContext(ctx)
	arn := deref(in.ImagePipelineArn)
	if _, err := lookup[pipelineRecord](ctx, s, req, pipelinesTable, kindPipeline, "imagebuilder:DeleteImagePipeline", arn, nil); err != nil {
		return nil, err
	}
	if err := s.store.Update(ctx, func(tx store.Tx) error { return tx.Delete(pipelinesTable, arn) }); err != nil {
		return nil, err
	}
	return &imagebuilderapi.DeleteImagePipelineOutput{RequestId: new(req.ID), ImagePipelineArn: new(arn)}, nil
}

// StartImagePipelineExecution builds an image from a pipeline's recipe
// and configurations, as CreateImage does, tagged with the pipeline's
// imageTags and the request's tags.
func (s *Service) StartImagePipelineExecution(ctx context.Context, in *imagebuilderapi.StartImagePipelineExecutionInput) (*imagebuilderapi.StartImagePipelineExecutionOutput, error) {
	req := authz.FromContext(ctx)
	arn := deref(in.ImagePipelineArn)
	p, err := lookup[pipelineRecord](ctx, s, req, pipelinesTable, kindPipeline, "imagebuilder:StartImagePipelineExecution",
		arn, requestTags(nil, in.Tags))
	if err != nil {
		return nil, err
	}
	if len(in.Tags) > 0 {
		if err := s.authorize(ctx, req, "imagebuilder:TagResource", arn, requestTags(nil, in.Tags)); err != nil {
			return nil, err
		}
	}
	if p.ContainerRecipeArn != nil {
		return nil, wire.Unsupported("container pipelines")
	}
	src, err := s.sources(ctx, req, deref(p.ImageRecipeArn), deref(p.InfrastructureConfigurationArn), deref(p.DistributionConfigurationArn), serviceReads)
	if err != nil {
		return nil, err
	}
	token, err := clientToken(req, "StartImagePipelineExecution", in.ClientToken, in)
	if err != nil {
		return nil, err
	}
	tags := maps.Clone(p.ImageTags)
	if tags == nil {
		tags = map[string]string{}
	}
	maps.Copy(tags, in.Tags)
	im := &imageRecord{Image: imagebuilderapi.Image{EnhancedImageMetadataEnabled: p.EnhancedImageMetadataEnabled,
		ImageTestsConfiguration: p.ImageTestsConfiguration, Tags: tagsOf(tags), SourcePipelineName: p.Name, SourcePipelineArn: p.Arn,
		BuildType: new(imagebuilderapi.BuildTypeUserInitiated), ImageScanningConfiguration: p.ImageScanningConfiguration,
		Workflows: p.Workflows, ExecutionRole: p.ExecutionRole}}
	if l := p.LoggingConfiguration; l != nil && l.ImageLogGroupName != nil {
		im.LoggingConfiguration = &imagebuilderapi.ImageLoggingConfiguration{LogGroupName: l.ImageLogGroupName}
	}
	im, err = s.build(ctx, req, src, im, token)
	if err != nil {
		return nil, err
	}
	return &imagebuilderapi.StartImagePipelineExecutionOutput{RequestId: new(req.ID), ClientToken: in.ClientToken, ImageBuildVersionArn: im.Arn}, nil
}
