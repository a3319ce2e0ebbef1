package imagebuilder

import (
	"context"
	"maps"
	"slices"
	"strings"

	"github.com/amityhq/amity/internal/api/imagebuilderapi"
	"github.com/amityhq/amity/internal/authz"
	"github.com/amityhq/amity/internal/store"
)

// infrastructureRecord is an infrastructure configuration as stored:
// GetInfrastructureConfiguration's answer.
type infrastructureRecord struct {
	imagebuilderapi.InfrastructureConfiguration
}

// infrastructureConditions are the keys of CreateInfrastructureConfiguration
// and UpdateInfrastructureConfiguration [Service Authorization Reference;
// user guide, security_iam_service-with-iam.md, "available to only the
// CreateInfrastrucutreConfiguration and UpdateInfrastructureConfiguration
// APIs"]: imagebuilder:CreatedResourceTagKeys and
// imagebuilder:CreatedResourceTag/K — the resourceTags the build's
// instances get —, imagebuilder:Ec2MetadataHttpTokens and
// imagebuilder:StatusTopicArn.
func infrastructureConditions(c *imagebuilderapi.InfrastructureConfiguration) map[string][]string {
	out := map[string][]string{}
	if len(c.ResourceTags) > 0 {
		out["imagebuilder:createdresourcetagkeys"] = slices.Sorted(maps.Keys(c.ResourceTags))
		for k, v := range c.ResourceTags {
			out["imagebuilder:createdresourcetag/"+strings.ToLower(k)] = []string{v}
		}
	}
	if o := c.InstanceMetadataOptions; o != nil && o.HttpTokens != nil {
		out["imagebuilder:ec2metadatahttptokens"] = []string{*o.HttpTokens}
	}
	if c.SnsTopicArn != nil {
		out["imagebuilder:statustopicarn"] = []string{*c.SnsTopicArn}
	}
	return out
}

// checkProfile reads the configuration's instance profile, which must
// exist in the caller's account, and authorizes what the Reference lists
// with the operation: iam:GetInstanceProfile on the profile and
// iam:PassRole of its role, with iam:PassedToService ec2.amazonaws.com —
// the build instances run with it.
func (s *Service) checkProfile(ctx context.Context, req *authz.Request, name string) error {
	p, ok, err := s.profiles.InstanceProfile(ctx, req.Principal.Account, name)
	if err != nil {
		return err
	}
	profileARN := "arn:aws:iam::" + req.Principal.Account + ":instance-profile/" + name
	if ok {
		profileARN = p.ARN
	}
	if err := s.authorize(ctx, req, "iam:GetInstanceProfile", profileARN, nil); err != nil {
		return err
	}
	if !ok {
		// AWS answers InvalidParameterValueException on
		// 'instanceProfileName' [a retry rule matching "The value
		// supplied for parameter 'instanceProfileName'" in a public
		// infrastructure tool]; the reason is UNVERIFIED.
		return invalidParameter("instanceProfileName", "The provided instance profile does not exist. Please specify a different instance profile and try again.")
	}
	if p.RoleARN == "" {
		return nil
	}
	return s.authorize(ctx, req, "iam:PassRole", p.RoleARN, map[string][]string{"iam:passedtoservice": {"ec2.amazonaws.com"}})
}

// CreateInfrastructureConfiguration creates an infrastructure
// configuration. terminateInstanceOnFailure defaults to true [API
// reference, InfrastructureConfiguration].
func (s *Service) CreateInfrastructureConfiguration(ctx context.Context, in *imagebuilderapi.CreateInfrastructureConfigurationInput) (*imagebuilderapi.CreateInfrastructureConfigurationOutput, error) {
	req := authz.FromContext(ctx)
	arn := arnPrefix(req.Region, req.Principal.Account, "infrastructure-configuration") + arnName(deref(in.Name))
	c := imagebuilderapi.InfrastructureConfiguration{Arn: new(arn), Name: in.Name, Description: in.Description,
		InstanceTypes: in.InstanceTypes, InstanceProfileName: in.InstanceProfileName, SecurityGroupIds: in.SecurityGroupIds,
		SubnetId: in.SubnetId, Logging: in.Logging, KeyPair: in.KeyPair, TerminateInstanceOnFailure: in.TerminateInstanceOnFailure,
		SnsTopicArn: in.SnsTopicArn, ResourceTags: in.ResourceTags, InstanceMetadataOptions: in.InstanceMetadataOptions,
		Tags: tagsOf(in.Tags), Placement: in.Placement, DateCreated: new(s.timestamp())}
	if c.TerminateInstanceOnFailure == nil {
		c.TerminateInstanceOnFailure = new(true)
	}
	if err := s.authorizeCreate(ctx, req, "imagebuilder:CreateInfrastructureConfiguration", arn, in.Tags, infrastructureConditions(&c)); err != nil {
		return nil, err
	}
	if err := s.checkProfile(ctx, req, deref(in.InstanceProfileName)); err != nil {
		return nil, err
	}
	token, err := clientToken(req, "CreateInfrastructureConfiguration", in.ClientToken, in)
	if err != nil {
		return nil, err
	}
	if err := s.create(ctx, token, infrastructuresTable, kindInfrastructure, arn, &infrastructureRecord{c}); err != nil {
		return nil, err
	}
	return &imagebuilderapi.CreateInfrastructureConfigurationOutput{RequestId: new(req.ID), ClientToken: in.ClientToken,
		InfrastructureConfigurationArn: new(arn)}, nil
}

// lookup finds the caller's resource arn in table, having authorized
// action on it with its tags (and the request's keys c); another
// account's or Region's is not found.
func lookup[R any, P interface {
	*R
	taggable
}](ctx context.Context, s *Service, req *authz.Request, table, kind, action, arn string, c map[string][]string) (*R, error) {
	region, account, _, _, _ := splitARN(arn)
	var r *R
	found := false
	if region == req.Region && account == req.Principal.Account {
		var err error
		if r, found, err = view[R](ctx, s.store, table, arn); err != nil {
			return nil, err
		}
	}
	if found {
		c = resourceTags(maps.Clone(c), *P(r).tagMap())
	}
	if err := s.authorizeRead(ctx, req, action, arn, c); err != nil {
		return nil, err
	}
	if !found {
		return nil, notFound(kind, arn)
	}
	return r, nil
}

// GetInfrastructureConfiguration answers an infrastructure configuration.
func (s *Service) GetInfrastructureConfiguration(ctx context.Context, in *imagebuilderapi.GetInfrastructureConfigurationInput) (*imagebuilderapi.GetInfrastructureConfigurationOutput, error) {
	req := authz.FromContext(ctx)
	r, err := lookup[infrastructureRecord](ctx, s, req, infrastructuresTable, kindInfrastructure,
		"imagebuilder:GetInfrastructureConfiguration", deref(in.InfrastructureConfigurationArn), nil)
	if err != nil {
		return nil, err
	}
	return &imagebuilderapi.GetInfrastructureConfigurationOutput{RequestId: new(req.ID), InfrastructureConfiguration: &r.InfrastructureConfiguration}, nil
}

// UpdateInfrastructureConfiguration replaces an infrastructure
// configuration's settings with the request's; its name and tags stay.
func (s *Service) UpdateInfrastructureConfiguration(ctx context.Context, in *imagebuilderapi.UpdateInfrastructureConfigurationInput) (*imagebuilderapi.UpdateInfrastructureConfigurationOutput, error) {
	req := authz.FromContext(ctx)
	arn := deref(in.InfrastructureConfigurationArn)
	c := imagebuilderapi.InfrastructureConfiguration{Description: in.Description, InstanceTypes: in.InstanceTypes,
		InstanceProfileName: in.InstanceProfileName, SecurityGroupIds: in.SecurityGroupIds, SubnetId: in.SubnetId,
		Logging: in.Logging, KeyPair: in.KeyPair, TerminateInstanceOnFailure: in.TerminateInstanceOnFailure,
		SnsTopicArn: in.SnsTopicArn, ResourceTags: in.ResourceTags, InstanceMetadataOptions: in.InstanceMetadataOptions,
		Placement: in.Placement}
	if c.TerminateInstanceOnFailure == nil {
		c.TerminateInstanceOnFailure = new(true)
	}
	if _, err := lookup[infrastructureRecord](ctx, s, req, infrastructuresTable, kindInfrastructure,
		"imagebuilder:UpdateInfrastructureConfiguration", arn, infrastructureConditions(&c)); err != nil {
		return nil, err
	}
	if err := s.checkProfile(ctx, req, deref(in.InstanceProfileName)); err != nil {
		return nil, err
	}
	token, err := clientToken(req, "UpdateInfrastructureConfiguration", in.ClientToken, in)
	if err != nil {
		return nil, err
	}
	err = update(ctx, s, token, infrastructuresTable, arn, func(r *infrastructureRecord) {
		c.Arn, c.Name, c.Tags, c.DateCreated = r.Arn, r.Name, r.Tags, r.DateCreated
		c.DateUpdated = new(s.timestamp())
		r.InfrastructureConfiguration = c
	})
	if err != nil {
		return nil, err
	}
	return &imagebuilderapi.UpdateInfrastructureConfigurationOutput{RequestId: new(req.ID), ClientToken: in.ClientToken,
		InfrastructureConfigurationArn: new(arn)}, nil
}

// infrastructureFilters are ListInfrastructureConfigurations' filters
// [API reference: name].
var infrastructureFilters = filterFields[imagebuilderapi.InfrastructureConfigurationSummary]{
	"name": func(c imagebuilderapi.InfrastructureConfigurationSummary) []string { return one(c.Name) },
}

// ListInfrastructureConfigurations lists the caller's infrastructure
// configurations in the Region.
func (s *Service) ListInfrastructureConfigurations(ctx context.Context, in *imagebuilderapi.ListInfrastructureConfigurationsInput) (*imagebuilderapi.ListInfrastructureConfigurationsOutput, error) {
	req := authz.FromContext(ctx)
	items, err := listAll(ctx, s, req, "imagebuilder:ListInfrastructureConfigurations", infrastructuresTable, "infrastructure-configuration",
		func(r *infrastructureRecord) imagebuilderapi.InfrastructureConfigurationSummary {
			return imagebuilderapi.InfrastructureConfigurationSummary{Arn: r.Arn, Name: r.Name, Description: r.Description,
				DateCreated: r.DateCreated, DateUpdated: r.DateUpdated, ResourceTags: r.ResourceTags, Tags: r.Tags,
				InstanceTypes: r.InstanceTypes, InstanceProfileName: r.InstanceProfileName, Placement: r.Placement}
		})
	if err != nil {
		return nil, err
	}
	if items, err = infrastructureFilters.apply(items, in.Filters); err != nil {
		return nil, err
	}
	out, next, err := pageOf(items, in.MaxResults, in.NextToken, func(c imagebuilderapi.InfrastructureConfigurationSummary) string { return *c.Arn })
	if err != nil {
		return nil, err
	}
	return &imagebuilderapi.ListInfrastructureConfigurationsOutput{RequestId: new(req.ID), InfrastructureConfigurationSummaryList: out, NextToken: next}, nil
}

// listAll authorizes a List action on "*" and returns, summarized, the
// caller's resources of kind in the Region.
func listAll[R, T any](ctx context.Context, s *Service, req *authz.Request, action, table, kind string, summary func(*R) T) ([]T, error) {
	if err := s.authorize(ctx, req, action, "*", nil); err != nil {
		return nil, err
	}
	var items []T
	err := s.store.View(ctx, func(tx store.Tx) error {
		return scan(tx, table, arnPrefix(req.Region, req.Principal.Account, kind), func(_ string, r *R) (bool, error) {
			items = append(items, summary(r))
			return true, nil
		})
	})
	return items, err
}

// DeleteInfrastructureConfiguration deletes an infrastructure
// configuration that no pipeline and no build in progress uses.
func (s *Service) DeleteInfrastructureConfiguration(ctx context.Context, in *imagebuilderapi.DeleteInfrastructureConfigurationInput) (*imagebuilderapi.DeleteInfrastructureConfigurationOutput, error) {
	req := authz.FromContext(ctx)
	arn := deref(in.InfrastructureConfigurationArn)
	if _, err := lookup[infrastructureRecord](ctx, s, req, infrastructuresTable, kindInfrastructure,
		"imagebuilder:DeleteInfrastructureConfiguration", arn, nil); err != nil {
		return nil, err
	}
	err := s.deleteUnused(ctx, infrastructuresTable, arn, func(tx store.Tx) (bool, error) {
		used, err := pipelineUses(tx, req, func(p *pipelineRecord) string { return deref(p.InfrastructureConfigurationArn) }, arn)
		if err != nil || used {
			return used, err
		}
		return buildUses(tx, req, infrastructureOf, arn)
	})
	if err != nil {
		return nil, err
	}
	return &imagebuilderapi.DeleteInfrastructureConfigurationOutput{RequestId: new(req.ID), InfrastructureConfigurationArn: new(arn)}, nil
}
