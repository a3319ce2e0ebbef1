package imagebuilder

import (
	"context"

	"github.com/amityhq/amity/internal/api/imagebuilderapi"
	"github.com/amityhq/amity/internal/authz"
	"github.com/amityhq/amity/internal/store"
	"github.com/amityhq/amity/internal/wire"
)

// componentRecord is a component build as stored: GetComponent's answer.
type componentRecord struct {
	imagebuilderapi.Component
}

// CreateComponent creates a build of a component version from an inline
// YAML document. Creating the same name and version again creates its
// next build [AWS What's New, 2025-11, "EC2 Image Builder now supports
// auto-versioning": "Image Builder automatically increments the build
// version when you create a component with the same name and semantic
// version"]. Documents in S3 (uri) are not emulated.
func (s *Service) CreateComponent(ctx context.Context, in *imagebuilderapi.CreateComponentInput) (*imagebuilderapi.CreateComponentOutput, error) {
	req := authz.FromContext(ctx)
	switch {
	case in.Uri != nil && in.Data != nil:
		// UNVERIFIED text.
		return nil, imagebuilderapi.InvalidParameterCombinationException("You can specify either data or uri, not both.")
	case in.Uri != nil:
		return nil, wire.Unsupported("component documents in Amazon S3 (uri)")
	case in.Data == nil:
		// UNVERIFIED text.
		return nil, imagebuilderapi.InvalidParameterCombinationException("You must specify either data or uri.")
	}
	doc, err := parseComponent(*in.Data)
	if err != nil {
		return nil, err
	}
	v, _ := parseVersion(deref(in.SemanticVersion), false) // the model's pattern held
	base := arnPrefix(req.Region, req.Principal.Account, "component") + arnName(deref(in.Name))
	sel := versionedARN{region: req.Region, account: req.Principal.Account, kind: "component", name: arnName(deref(in.Name)), version: v}
	var build int
	if err := s.store.View(ctx, func(tx store.Tx) error {
		build, err = nextBuild(tx, componentsTable, sel)
		return err
	}); err != nil {
		return nil, err
	}
	if err := s.authorizeCreate(ctx, req, "imagebuilder:CreateComponent", buildARN(base, v, build), in.Tags, nil); err != nil {
		return nil, err
	}
	if deref(in.DryRun) {
		// The model's description of DryRunOperationException; the wire
		// text is UNVERIFIED.
		return nil, imagebuilderapi.DryRunOperationException("The dry run operation of the resource was successful, and no resources or mutations were actually performed due to the dry run flag in the request.")
	}
	token, err := clientToken(req, "CreateComponent", in.ClientToken, in)
	if err != nil {
		return nil, err
	}
	var arn string
	err = s.store.Update(ctx, func(tx store.Tx) error {
		prior, ok, err := token.replay(tx)
		if err != nil || ok {
			arn = prior
			return err
		}
		if build, err = nextBuild(tx, componentsTable, sel); err != nil {
			return err
		}
		arn = buildARN(base, v, build)
		c := &componentRecord{imagebuilderapi.Component{Arn: new(arn), Name: in.Name, Version: new(v.String()),
			Description: in.Description, ChangeDescription: in.ChangeDescription, Type: new(doc.componentType),
			Platform: in.Platform, SupportedOsVersions: in.SupportedOsVersions,
			State:      &imagebuilderapi.ComponentState{Status: new(imagebuilderapi.ComponentStatusActive)},
			Parameters: doc.parameters, Owner: new(req.Principal.Account), Data: in.Data, KmsKeyId: in.KmsKeyId,
			// Image Builder encrypts every component, with an AWS owned
			// key when no kmsKeyId is given [API reference,
			// CreateComponent kmsKeyId].
			Encrypted: new(true), DateCreated: new(s.timestamp()), Tags: tagsOf(in.Tags)}}
		if err := put(tx, componentsTable, arn, c); err != nil {
			return err
		}
		return token.remember(tx, arn)
	})
	if err != nil {
		return nil, err
	}
	return &imagebuilderapi.CreateComponentOutput{RequestId: new(req.ID), ClientToken: in.ClientToken,
		ComponentBuildVersionArn: new(arn), LatestVersionReferences: latestReferences(base, v)}, nil
}

// nextBuild is the build number the next build of sel's version gets.
// The builds' ARNs tell it: their records are not read.
func nextBuild(tx store.Tx, table string, sel versionedARN) (int, error) {
	n := 0
	err := tx.Scan(table, sel.base()+"/", "", func(arn string, _ []byte) (bool, error) {
		if got, ok := parseVersionedARN(arn, sel.kind); ok && got.name == sel.name && got.version == sel.version {
			n = max(n, got.build)
		}
		return true, nil
	})
	return n + 1, err
}

// GetComponent answers a component build: the one a build version ARN
// names, or the newest build of the newest version a version ARN
// (possibly with wildcards) selects. An AWS-owned component answers from
// the catalogue.
func (s *Service) GetComponent(ctx context.Context, in *imagebuilderapi.GetComponentInput) (*imagebuilderapi.GetComponentOutput, error) {
	req := authz.FromContext(ctx)
	arn := deref(in.ComponentBuildVersionArn)
	sel, err := selection(arn, "component", "componentBuildVersionArn")
	if err != nil {
		return nil, err
	}
	if sel.account == awsAccount {
		if err := s.authorize(ctx, req, "imagebuilder:GetComponent", arn, nil); err != nil {
			return nil, err
		}
		c, ok := ownedComponent(sel.region, sel.name)
		if !ok || sel.region != req.Region {
			return nil, notFound(kindComponent, arn)
		}
		return &imagebuilderapi.GetComponentOutput{RequestId: new(req.ID), Component: ownedComponentAnswer(c)}, nil
	}
	c, err := s.component(ctx, req, sel, "imagebuilder:GetComponent", arn)
	if err != nil {
		return nil, err
	}
	return &imagebuilderapi.GetComponentOutput{RequestId: new(req.ID), Component: &c.record.Component,
		LatestVersionReferences: latestReferences(sel.base(), c.version)}, nil
}

// DeleteComponent deletes a component build that no recipe uses.
func (s *Service) DeleteComponent(ctx context.Context, in *imagebuilderapi.DeleteComponentInput) (*imagebuilderapi.DeleteComponentOutput, error) {
	req := authz.FromContext(ctx)
	arn := deref(in.ComponentBuildVersionArn)
	sel, err := selection(arn, "component", "componentBuildVersionArn")
	if err != nil {
		return nil, err
	}
	if _, err := s.component(ctx, req, sel, "imagebuilder:DeleteComponent", arn); err != nil {
		return nil, err
	}
	err = s.deleteUnused(ctx, componentsTable, arn, func(tx store.Tx) (bool, error) {
		used := false
		err := scan(tx, recipesTable, arnPrefix(req.Region, req.Principal.Account, "image-recipe"), func(_ string, r *recipeRecord) (bool, error) {
			used = r.uses(arn)
			return !used, nil
		})
		return used, err
	})
	if err != nil {
		return nil, err
	}
	return &imagebuilderapi.DeleteComponentOutput{RequestId: new(req.ID), ComponentBuildVersionArn: new(arn)}, nil
}

// component finds the caller's component build sel selects, having
// authorized action on arn (as the request gave it) with the build's
// tags.
func (s *Service) component(ctx context.Context, req *authz.Request, sel versionedARN, action, arn string) (stored[componentRecord], error) {
	return selected[componentRecord](ctx, s, req, componentsTable, kindComponent, sel, action, arn)
}
