package imagebuilder

import (
	"context"

	"github.com/amityhq/amity/internal/api/imagebuilderapi"
	"github.com/amityhq/amity/internal/wire"
)

// Operations being built: each answers NotImplemented until its file lands.

func (s *Service) CancelImageCreation(context.Context, *imagebuilderapi.CancelImageCreationInput) (*imagebuilderapi.CancelImageCreationOutput, error) {
	return nil, wire.NotImplemented("imagebuilder", "CancelImageCreation")
}

func (s *Service) CreateComponent(context.Context, *imagebuilderapi.CreateComponentInput) (*imagebuilderapi.CreateComponentOutput, error) {
	return nil, wire.NotImplemented("imagebuilder", "CreateComponent")
}

func (s *Service) CreateDistributionConfiguration(context.Context, *imagebuilderapi.CreateDistributionConfigurationInput) (*imagebuilderapi.CreateDistributionConfigurationOutput, error) {
	return nil, wire.NotImplemented("imagebuilder", "CreateDistributionConfiguration")
}

func (s *Service) CreateImage(context.Context, *imagebuilderapi.CreateImageInput) (*imagebuilderapi.CreateImageOutput, error) {
	return nil, wire.NotImplemented("imagebuilder", "CreateImage")
}

func (s *Service) CreateImagePipeline(context.Context, *imagebuilderapi.CreateImagePipelineInput) (*imagebuilderapi.CreateImagePipelineOutput, error) {
	return nil, wire.NotImplemented("imagebuilder", "CreateImagePipeline")
}

func (s *Service) CreateImageRecipe(context.Context, *imagebuilderapi.CreateImageRecipeInput) (*imagebuilderapi.CreateImageRecipeOutput, error) {
	return nil, wire.NotImplemented("imagebuilder", "CreateImageRecipe")
}

func (s *Service) CreateInfrastructureConfiguration(context.Context, *imagebuilderapi.CreateInfrastructureConfigurationInput) (*imagebuilderapi.CreateInfrastructureConfigurationOutput, error) {
	return nil, wire.NotImplemented("imagebuilder", "CreateInfrastructureConfiguration")
}

func (s *Service) DeleteComponent(context.Context, *imagebuilderapi.DeleteComponentInput) (*imagebuilderapi.DeleteComponentOutput, error) {
	return nil, wire.NotImplemented("imagebuilder", "DeleteComponent")
}

func (s *Service) DeleteDistributionConfiguration(context.Context, *imagebuilderapi.DeleteDistributionConfigurationInput) (*imagebuilderapi.DeleteDistributionConfigurationOutput, error) {
	return nil, wire.NotImplemented("imagebuilder", "DeleteDistributionConfiguration")
}

func (s *Service) DeleteImage(context.Context, *imagebuilderapi.DeleteImageInput) (*imagebuilderapi.DeleteImageOutput, error) {
	return nil, wire.NotImplemented("imagebuilder", "DeleteImage")
}

func (s *Service) DeleteImagePipeline(context.Context, *imagebuilderapi.DeleteImagePipelineInput) (*imagebuilderapi.DeleteImagePipelineOutput, error) {
	return nil, wire.NotImplemented("imagebuilder", "DeleteImagePipeline")
}

func (s *Service) DeleteImageRecipe(context.Context, *imagebuilderapi.DeleteImageRecipeInput) (*imagebuilderapi.DeleteImageRecipeOutput, error) {
	return nil, wire.NotImplemented("imagebuilder", "DeleteImageRecipe")
}

func (s *Service) DeleteInfrastructureConfiguration(context.Context, *imagebuilderapi.DeleteInfrastructureConfigurationInput) (*imagebuilderapi.DeleteInfrastructureConfigurationOutput, error) {
	return nil, wire.NotImplemented("imagebuilder", "DeleteInfrastructureConfiguration")
}

func (s *Service) GetComponent(context.Context, *imagebuilderapi.GetComponentInput) (*imagebuilderapi.GetComponentOutput, error) {
	return nil, wire.NotImplemented("imagebuilder", "GetComponent")
}

func (s *Service) GetDistributionConfiguration(context.Context, *imagebuilderapi.GetDistributionConfigurationInput) (*imagebuilderapi.GetDistributionConfigurationOutput, error) {
	return nil, wire.NotImplemented("imagebuilder", "GetDistributionConfiguration")
}

func (s *Service) GetImage(context.Context, *imagebuilderapi.GetImageInput) (*imagebuilderapi.GetImageOutput, error) {
	return nil, wire.NotImplemented("imagebuilder", "GetImage")
}

func (s *Service) GetImagePipeline(context.Context, *imagebuilderapi.GetImagePipelineInput) (*imagebuilderapi.GetImagePipelineOutput, error) {
	return nil, wire.NotImplemented("imagebuilder", "GetImagePipeline")
}

func (s *Service) GetImageRecipe(context.Context, *imagebuilderapi.GetImageRecipeInput) (*imagebuilderapi.GetImageRecipeOutput, error) {
	return nil, wire.NotImplemented("imagebuilder", "GetImageRecipe")
}

func (s *Service) GetInfrastructureConfiguration(context.Context, *imagebuilderapi.GetInfrastructureConfigurationInput) (*imagebuilderapi.GetInfrastructureConfigurationOutput, error) {
	return nil, wire.NotImplemented("imagebuilder", "GetInfrastructureConfiguration")
}

func (s *Service) ListComponentBuildVersions(context.Context, *imagebuilderapi.ListComponentBuildVersionsInput) (*imagebuilderapi.ListComponentBuildVersionsOutput, error) {
	return nil, wire.NotImplemented("imagebuilder", "ListComponentBuildVersions")
}

func (s *Service) ListComponents(context.Context, *imagebuilderapi.ListComponentsInput) (*imagebuilderapi.ListComponentsOutput, error) {
	return nil, wire.NotImplemented("imagebuilder", "ListComponents")
}

func (s *Service) ListDistributionConfigurations(context.Context, *imagebuilderapi.ListDistributionConfigurationsInput) (*imagebuilderapi.ListDistributionConfigurationsOutput, error) {
	return nil, wire.NotImplemented("imagebuilder", "ListDistributionConfigurations")
}

func (s *Service) ListImageBuildVersions(context.Context, *imagebuilderapi.ListImageBuildVersionsInput) (*imagebuilderapi.ListImageBuildVersionsOutput, error) {
	return nil, wire.NotImplemented("imagebuilder", "ListImageBuildVersions")
}

func (s *Service) ListImagePipelineImages(context.Context, *imagebuilderapi.ListImagePipelineImagesInput) (*imagebuilderapi.ListImagePipelineImagesOutput, error) {
	return nil, wire.NotImplemented("imagebuilder", "ListImagePipelineImages")
}

func (s *Service) ListImagePipelines(context.Context, *imagebuilderapi.ListImagePipelinesInput) (*imagebuilderapi.ListImagePipelinesOutput, error) {
	return nil, wire.NotImplemented("imagebuilder", "ListImagePipelines")
}

func (s *Service) ListImageRecipes(context.Context, *imagebuilderapi.ListImageRecipesInput) (*imagebuilderapi.ListImageRecipesOutput, error) {
	return nil, wire.NotImplemented("imagebuilder", "ListImageRecipes")
}

func (s *Service) ListImages(context.Context, *imagebuilderapi.ListImagesInput) (*imagebuilderapi.ListImagesOutput, error) {
	return nil, wire.NotImplemented("imagebuilder", "ListImages")
}

func (s *Service) ListInfrastructureConfigurations(context.Context, *imagebuilderapi.ListInfrastructureConfigurationsInput) (*imagebuilderapi.ListInfrastructureConfigurationsOutput, error) {
	return nil, wire.NotImplemented("imagebuilder", "ListInfrastructureConfigurations")
}

func (s *Service) ListTagsForResource(context.Context, *imagebuilderapi.ListTagsForResourceInput) (*imagebuilderapi.ListTagsForResourceOutput, error) {
	return nil, wire.NotImplemented("imagebuilder", "ListTagsForResource")
}

func (s *Service) StartImagePipelineExecution(context.Context, *imagebuilderapi.StartImagePipelineExecutionInput) (*imagebuilderapi.StartImagePipelineExecutionOutput, error) {
	return nil, wire.NotImplemented("imagebuilder", "StartImagePipelineExecution")
}

func (s *Service) TagResource(context.Context, *imagebuilderapi.TagResourceInput) (*imagebuilderapi.TagResourceOutput, error) {
	return nil, wire.NotImplemented("imagebuilder", "TagResource")
}

func (s *Service) UntagResource(context.Context, *imagebuilderapi.UntagResourceInput) (*imagebuilderapi.UntagResourceOutput, error) {
	return nil, wire.NotImplemented("imagebuilder", "UntagResource")
}

func (s *Service) UpdateDistributionConfiguration(context.Context, *imagebuilderapi.UpdateDistributionConfigurationInput) (*imagebuilderapi.UpdateDistributionConfigurationOutput, error) {
	return nil, wire.NotImplemented("imagebuilder", "UpdateDistributionConfiguration")
}

func (s *Service) UpdateImagePipeline(context.Context, *imagebuilderapi.UpdateImagePipelineInput) (*imagebuilderapi.UpdateImagePipelineOutput, error) {
	return nil, wire.NotImplemented("imagebuilder", "UpdateImagePipeline")
}

func (s *Service) UpdateInfrastructureConfiguration(context.Context, *imagebuilderapi.UpdateInfrastructureConfigurationInput) (*imagebuilderapi.UpdateInfrastructureConfigurationOutput, error) {
	return nil, wire.NotImplemented("imagebuilder", "UpdateInfrastructureConfiguration")
}
