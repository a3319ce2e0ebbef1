package imagebuilder

import (
	"context"

	"github.com/amityhq/amity/internal/api/imagebuilderapi"
	"github.com/amityhq/amity/internal/authz"
	"github.com/amityhq/amity/internal/awsdata"
	"github.com/amityhq/amity/internal/store"
)

// componentVersionFilters are ListComponents' filters [API reference:
// description, name, platform, supportedOsVersion, type, version].
var componentVersionFilters = filterFields[imagebuilderapi.ComponentVersion]{
	"description":        func(c imagebuilderapi.ComponentVersion) []string { return one(c.Description) },
	"name":               func(c imagebuilderapi.ComponentVersion) []string { return one(c.Name) },
	"platform":           func(c imagebuilderapi.ComponentVersion) []string { return one(c.Platform) },
	"supportedOsVersion": func(c imagebuilderapi.ComponentVersion) []string { return c.SupportedOsVersions },
	"type":               func(c imagebuilderapi.ComponentVersion) []string { return one(c.Type) },
	"version":            func(c imagebuilderapi.ComponentVersion) []string { return one(c.Version) },
}

// ListComponents lists component versions — one entry per version, with
// its version ARN, as its newest build describes it — of an owner: Self
// (the default), Amazon (the catalogue), or Shared, ThirdParty and
// AWSMarketplace, which amity has none of. byName changes nothing: the
// name filter already selects a name's versions.
func (s *Service) ListComponents(ctx context.Context, in *imagebuilderapi.ListComponentsInput) (*imagebuilderapi.ListComponentsOutput, error) {
	req := authz.FromContext(ctx)
	if err := s.authorize(ctx, req, "imagebuilder:ListComponents", "*", nil); err != nil {
		return nil, err
	}
	var items []imagebuilderapi.ComponentVersion
	switch deref(in.Owner) {
	case "", imagebuilderapi.OwnershipSelf:
		newestBuilds := map[string]*componentRecord{}
		err := s.store.View(ctx, func(tx store.Tx) error {
			return scan(tx, componentsTable, arnPrefix(req.Region, req.Principal.Account, "component"), func(arn string, c *componentRecord) (bool, error) {
				a, _ := parseVersionedARN(arn, "component")
				key := versionARN(a.base(), a.version)
				if prev, ok := newestBuilds[key]; !ok || buildOf(prev) < a.build {
					newestBuilds[key] = c
				}
				return true, nil
			})
		})
		if err != nil {
			return nil, err
		}
		for arn, c := range newestBuilds {
			items = append(items, imagebuilderapi.ComponentVersion{Arn: new(arn), Name: c.Name, Version: c.Version,
				Description: c.Description, Platform: c.Platform, SupportedOsVersions: c.SupportedOsVersions, Type: c.Type,
				Owner: c.Owner, DateCreated: c.DateCreated, Status: c.State.Status})
		}
	case imagebuilderapi.OwnershipAmazon:
		for _, c := range awsdata.ImageBuilderComponents(req.Region) {
			items = append(items, imagebuilderapi.ComponentVersion{Arn: new(c.ARN), Name: new(c.Name),
				Description: nonEmpty(c.Description), Platform: nonEmpty(c.Platform), Owner: new(ownerAmazon)})
		}
	}
	items, err := componentVersionFilters.apply(items, in.Filters)
	if err != nil {
		return nil, err
	}
	out, next, err := pageOf(items, in.MaxResults, in.NextToken, func(c imagebuilderapi.ComponentVersion) string { return *c.Arn })
	if err != nil {
		return nil, err
	}
	return &imagebuilderapi.ListComponentsOutput{RequestId: new(req.ID), ComponentVersionList: out, NextToken: next}, nil
}

func buildOf(c *componentRecord) int {
	a, _ := parseVersionedARN(deref(c.Arn), "component")
	return a.build
}

// ListComponentBuildVersions lists the builds of one of the caller's
// component versions.
func (s *Service) ListComponentBuildVersions(ctx context.Context, in *imagebuilderapi.ListComponentBuildVersionsInput) (*imagebuilderapi.ListComponentBuildVersionsOutput, error) {
	req := authz.FromContext(ctx)
	arn := deref(in.ComponentVersionArn)
	sel, err := selection(arn, "component", "componentVersionArn")
	if err != nil {
		return nil, err
	}
	if err := s.authorize(ctx, req, "imagebuilder:ListComponentBuildVersions", arn+"/*", nil); err != nil {
		return nil, err
	}
	var items []imagebuilderapi.ComponentSummary
	if sel.region == req.Region && sel.account == req.Principal.Account {
		err := s.store.View(ctx, func(tx store.Tx) error {
			all, err := versionsOf[componentRecord](tx, componentsTable, sel)
			for _, b := range all {
				if b.version == sel.version {
					items = append(items, componentSummary(b.record))
				}
			}
			return err
		})
		if err != nil {
			return nil, err
		}
	}
	out, next, err := pageOf(items, in.MaxResults, in.NextToken, func(c imagebuilderapi.ComponentSummary) string { return *c.Arn })
	if err != nil {
		return nil, err
	}
	return &imagebuilderapi.ListComponentBuildVersionsOutput{RequestId: new(req.ID), ComponentSummaryList: out, NextToken: next}, nil
}

func componentSummary(c *componentRecord) imagebuilderapi.ComponentSummary {
	return imagebuilderapi.ComponentSummary{Arn: c.Arn, Name: c.Name, Version: c.Version, Platform: c.Platform,
		SupportedOsVersions: c.SupportedOsVersions, State: c.State, Type: c.Type, Owner: c.Owner,
		Description: c.Description, ChangeDescription: c.ChangeDescription, DateCreated: c.DateCreated, Tags: c.Tags}
}
