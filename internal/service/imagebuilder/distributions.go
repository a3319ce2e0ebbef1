package imagebuilder

import (
	"context"
	"fmt"
	"slices"

	"github.com/amityhq/amity/internal/api/imagebuilderapi"
	"github.com/amityhq/amity/internal/authz"
	"github.com/amityhq/amity/internal/awsdata"
	"github.com/amityhq/amity/internal/store"
)

// distributionRecord is a distribution configuration as stored:
// GetDistributionConfiguration's answer.
type distributionRecord struct {
	imagebuilderapi.DistributionConfiguration
}

// defaultDistributionTimeout is a distribution's timeoutMinutes, which
// the API answers but no request sets: the model's largest value, 720
// (UNVERIFIED that AWS answers it).
const defaultDistributionTimeout = 720

// checkDistributions checks a configuration's distributions as Image
// Builder does beyond the model: each in a Region of the partition, each
// Region once, each with an output, each AMI name's variables known.
func checkDistributions(ds []imagebuilderapi.Distribution) error {
	var regions []string
	for i, d := range ds {
		at := fmt.Sprintf("distributions[%d]", i)
		region := deref(d.Region)
		if _, ok := awsdata.Region(region); !ok {
			// UNVERIFIED reason.
			return invalidParameter(at+".region", fmt.Sprintf("The Region '%s' is not a valid AWS Region.", region))
		}
		if slices.Contains(regions, region) {
			// UNVERIFIED reason.
			return invalidParameter(at+".region", fmt.Sprintf("The Region '%s' appears in more than one distribution.", region))
		}
		regions = append(regions, region)
		if d.AmiDistributionConfiguration == nil && d.ContainerDistributionConfiguration == nil &&
			len(d.LaunchTemplateConfigurations) == 0 && d.S3ExportConfiguration == nil &&
			len(d.FastLaunchConfigurations) == 0 && len(d.SsmParameterConfigurations) == 0 {
			// AWS's text [terraform-provider-aws#17390, 2021].
			return invalidParameter(at, "One or more outputs should be provided for each region in a distribution configuration.")
		}
		if ami := d.AmiDistributionConfiguration; ami != nil && ami.Name != nil {
			if bad, ok := checkAMIName(*ami.Name); !ok {
				// UNVERIFIED reason.
				return invalidParameter(at+".amiDistributionConfiguration.name",
					fmt.Sprintf("'%s' is not a supported variable. Supported variables are {{%s}} and {{%s}}.", bad, varBuildDate, varBuildVersion))
			}
		}
	}
	return nil
}

// CreateDistributionConfiguration creates a distribution configuration.
func (s *Service) CreateDistributionConfiguration(ctx context.Context, in *imagebuilderapi.CreateDistributionConfigurationInput) (*imagebuilderapi.CreateDistributionConfigurationOutput, error) {
	req := authz.FromContext(ctx)
	arn := arnPrefix(req.Region, req.Principal.Account, "distribution-configuration") + arnName(deref(in.Name))
	if err := s.authorizeCreate(ctx, req, "imagebuilder:CreateDistributionConfiguration", arn, in.Tags, nil); err != nil {
		return nil, err
	}
	if err := checkDistributions(in.Distributions); err != nil {
		return nil, err
	}
	token, err := clientToken(req, "CreateDistributionConfiguration", in.ClientToken, in)
	if err != nil {
		return nil, err
	}
	r := &distributionRecord{imagebuilderapi.DistributionConfiguration{Arn: new(arn), Name: in.Name, Description: in.Description,
		Distributions: in.Distributions, TimeoutMinutes: new(int32(defaultDistributionTimeout)), DateCreated: new(s.timestamp()),
		Tags: tagsOf(in.Tags)}}
	if err := s.create(ctx, token, distributionsTable, kindDistribution, arn, r); err != nil {
		return nil, err
	}
	return &imagebuilderapi.CreateDistributionConfigurationOutput{RequestId: new(req.ID), ClientToken: in.ClientToken,
		DistributionConfigurationArn: new(arn)}, nil
}

// GetDistributionConfiguration answers a distribution configuration.
func (s *Service) GetDistributionConfiguration(ctx context.Context, in *imagebuilderapi.GetDistributionConfigurationInput) (*imagebuilderapi.GetDistributionConfigurationOutput, error) {
	req := authz.FromContext(ctx)
	r, err := lookup[distributionRecord](ctx, s, req, distributionsTable, kindDistribution,
		"imagebuilder:GetDistributionConfiguration", deref(in.DistributionConfigurationArn), nil)
	if err != nil {
		return nil, err
	}
	return &imagebuilderapi.GetDistributionConfigurationOutput{RequestId: new(req.ID), DistributionConfiguration: &r.DistributionConfiguration}, nil
}

// UpdateDistributionConfiguration replaces a distribution configuration's
// description and distributions.
func (s *Service) UpdateDistributionConfiguration(ctx context.Context, in *imagebuilderapi.UpdateDistributionConfigurationInput) (*imagebuilderapi.UpdateDistributionConfigurationOutput, error) {
	req := authz.FromContext(ctx)
	arn := deref(in.DistributionConfigurationArn)
	if _, err := lookup[distributionRecord](ctx, s, req, distributionsTable, kindDistribution,
		"imagebuilder:UpdateDistributionConfiguration", arn, nil); err != nil {
		return nil, err
	}
	if err := checkDistributions(in.Distributions); err != nil {
		return nil, err
	}
	token, err := clientToken(req, "UpdateDistributionConfiguration", in.ClientToken, in)
	if err != nil {
		return nil, err
	}
	err = update(ctx, s, token, distributionsTable, arn, func(r *distributionRecord) {
		r.Description, r.Distributions, r.DateUpdated = in.Description, in.Distributions, new(s.timestamp())
	})
	if err != nil {
		return nil, err
	}
	return &imagebuilderapi.UpdateDistributionConfigurationOutput{RequestId: new(req.ID), ClientToken: in.ClientToken,
		DistributionConfigurationArn: new(arn)}, nil
}

// distributionFilters are ListDistributionConfigurations' filters [API
// reference: name].
var distributionFilters = filterFields[imagebuilderapi.DistributionConfigurationSummary]{
	"name": func(d imagebuilderapi.DistributionConfigurationSummary) []string { return one(d.Name) },
}

// ListDistributionConfigurations lists the caller's distribution
// configurations in the Region, each with the Regions it distributes to.
func (s *Service) ListDistributionConfigurations(ctx context.Context, in *imagebuilderapi.ListDistributionConfigurationsInput) (*imagebuilderapi.ListDistributionConfigurationsOutput, error) {
	req := authz.FromContext(ctx)
	items, err := listAll(ctx, s, req, "imagebuilder:ListDistributionConfigurations", distributionsTable, "distribution-configuration",
		func(r *distributionRecord) imagebuilderapi.DistributionConfigurationSummary {
			sum := imagebuilderapi.DistributionConfigurationSummary{Arn: r.Arn, Name: r.Name, Description: r.Description,
				DateCreated: r.DateCreated, DateUpdated: r.DateUpdated, Tags: r.Tags}
			for _, d := range r.Distributions {
				sum.Regions = append(sum.Regions, deref(d.Region))
			}
			return sum
		})
	if err != nil {
		return nil, err
	}
	if items, err = distributionFilters.apply(items, in.Filters); err != nil {
		return nil, err
	}
	out, next, err := pageOf(items, in.MaxResults, in.NextToken, func(d imagebuilderapi.DistributionConfigurationSummary) string { return *d.Arn })
	if err != nil {
		return nil, err
	}
	return &imagebuilderapi.ListDistributionConfigurationsOutput{RequestId: new(req.ID), DistributionConfigurationSummaryList: out, NextToken: next}, nil
}

// DeleteDistributionConfiguration deletes a distribution configuration
// that no pipeline and no build in progress uses.
func (s *Service) DeleteDistributionConfiguration(ctx context.Context, in *imagebuilderapi.DeleteDistributionConfigurationInput) (*imagebuilderapi.DeleteDistributionConfigurationOutput, error) {
	req := authz.FromContext(ctx)
	arn := deref(in.DistributionConfigurationArn)
	if _, err := lookup[distributionRecord](ctx, s, req, distributionsTable, kindDistribution,
		"imagebuilder:DeleteDistributionConfiguration", arn, nil); err != nil {
		return nil, err
	}
	err := s.deleteUnused(ctx, distributionsTable, arn, func(tx store.Tx) (bool, error) {
		used, err := pipelineUses(tx, req, func(p *pipelineRecord) string { return deref(p.DistributionConfigurationArn) }, arn)
		if err != nil || used {
			return used, err
		}
		return buildUses(tx, req, distributionOf, arn)
	})
	if err != nil {
		return nil, err
	}
	return &imagebuilderapi.DeleteDistributionConfigurationOutput{RequestId: new(req.ID), DistributionConfigurationArn: new(arn)}, nil
}
