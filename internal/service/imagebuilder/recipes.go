package imagebuilder

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/amityhq/amity/internal/api/imagebuilderapi"
	"github.com/amityhq/amity/internal/authz"
	"github.com/amityhq/amity/internal/store"
)

// recipeRecord is an image recipe as stored: GetImageRecipe's answer, and
// the component builds its components selected when it was created.
type recipeRecord struct {
	imagebuilderapi.ImageRecipe
	// ComponentBuilds are the builds (or, for AWS-owned components, the
	// x.x.x ARNs) the recipe's components resolved to, in order: what
	// DeleteComponent checks.
	ComponentBuilds []string `json:"componentBuilds,omitempty"`
	// Parent is what ParentImage resolved to: an AMI id, an AWS-owned
	// image's x.x.x ARN, or the build ARN of one of the account's images.
	Parent string `json:"parent"`
}

// uses reports whether the recipe uses the component build arn.
func (r *recipeRecord) uses(arn string) bool { return slices.Contains(r.ComponentBuilds, arn) }

// CreateImageRecipe creates a version of an image recipe. A version is
// immutable: creating it again is refused, unless the version has
// wildcards, which create the next version (version.next).
func (s *Service) CreateImageRecipe(ctx context.Context, in *imagebuilderapi.CreateImageRecipeInput) (*imagebuilderapi.CreateImageRecipeOutput, error) {
	req := authz.FromContext(ctx)
	pattern, ok := parseVersion(deref(in.SemanticVersion), true)
	if !ok {
		return nil, invalidParameter("semanticVersion", badPattern)
	}
	sel := versionedARN{region: req.Region, account: req.Principal.Account, kind: "image-recipe", name: arnName(deref(in.Name)), version: pattern}
	base := sel.base()
	var v version
	if err := s.store.View(ctx, func(tx store.Tx) error {
		var err error
		v, err = recipeVersion(tx, sel)
		return err
	}); err != nil {
		return nil, err
	}
	if err := s.authorizeCreate(ctx, req, "imagebuilder:CreateImageRecipe", versionARN(base, v), in.Tags, nil); err != nil {
		return nil, err
	}
	parent, platform, err := s.parentImage(ctx, req, deref(in.ParentImage))
	if err != nil {
		return nil, err
	}
	builds, err := s.recipeComponents(ctx, req, in.Components)
	if err != nil {
		return nil, err
	}
	token, err := clientToken(req, "CreateImageRecipe", in.ClientToken, in)
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
		if v, err = recipeVersion(tx, sel); err != nil {
			return err
		}
		arn = versionARN(base, v)
		r := &recipeRecord{ImageRecipe: imagebuilderapi.ImageRecipe{Arn: new(arn), Type: new(imagebuilderapi.ImageTypeAmi),
			Name: in.Name, Description: in.Description, Platform: new(platform), Owner: new(req.Principal.Account),
			Version: new(v.String()), Components: in.Components, ParentImage: in.ParentImage,
			BlockDeviceMappings: in.BlockDeviceMappings, DateCreated: new(s.timestamp()), Tags: tagsOf(in.Tags),
			WorkingDirectory: in.WorkingDirectory, AdditionalInstanceConfiguration: in.AdditionalInstanceConfiguration,
			AmiTags: in.AmiTags}, ComponentBuilds: builds, Parent: parent}
		if err := put(tx, recipesTable, arn, r); err != nil {
			return err
		}
		return token.remember(tx, arn)
	})
	if err != nil {
		return nil, err
	}
	a, _ := parseVersionedARN(arn, "image-recipe")
	return &imagebuilderapi.CreateImageRecipeOutput{RequestId: new(req.ID), ClientToken: in.ClientToken,
		ImageRecipeArn: new(arn), LatestVersionReferences: latestReferences(base, a.version)}, nil
}

// recipeVersion is the version CreateImageRecipe creates for sel: its
// exact version, refused when it exists, or the next one its wildcards
// allow.
func recipeVersion(tx store.Tx, sel versionedARN) (version, error) {
	all, err := versionsOf[recipeRecord](tx, recipesTable, sel)
	if err != nil {
		return version{}, err
	}
	existing := make([]version, len(all))
	for i, r := range all {
		existing[i] = r.version
	}
	if !sel.version.exact() {
		return sel.version.next(existing), nil
	}
	if slices.Contains(existing, sel.version) {
		return version{}, alreadyExists(kindRecipe, versionARN(sel.base(), sel.version))
	}
	return sel.version, nil
}

// parentImage resolves a recipe's parentImage: an AMI id (which the build
// launches from; EC2 checks it then), an AWS-owned image in the catalogue,
// or one of the caller's Image Builder images, which the caller must be
// allowed to read (imagebuilder:GetImage). It returns what the parent
// resolved to (parentOf's answer) and the recipe's platform.
func (s *Service) parentImage(ctx context.Context, req *authz.Request, parent string) (resolved, platform string, err error) {
	if strings.HasPrefix(parent, "ami-") {
		// The AMI's platform is read when it is launched; recipes of an
		// AMI id are Linux until then (UNVERIFIED: AWS reads the AMI).
		return parent, imagebuilderapi.PlatformLinux, nil
	}
	sel, ok := parseVersionedARN(parent, "image")
	if !ok {
		// UNVERIFIED reason.
		return "", "", invalidParameter("parentImage", "The parent image must be an AMI ID or an Image Builder image ARN.")
	}
	if sel.account == awsAccount {
		if err := s.authorize(ctx, req, "imagebuilder:GetImage", parent, nil); err != nil {
			return "", "", err
		}
		m, ok := ownedImage(sel.region, sel.name)
		if !ok || sel.region != req.Region {
			return "", "", notFound(kindImage, parent)
		}
		return m.ARN, osPlatform(m.OS), nil
	}
	im, err := s.image(ctx, req, sel, "imagebuilder:GetImage", parent)
	if err != nil {
		return "", "", err
	}
	return im.arn, deref(im.record.Platform), nil
}

// recipeComponents resolves a recipe's components, each of which must
// exist and be visible to the caller — its own, or AWS's — and readable
// (imagebuilder:GetComponent); it returns the builds they select.
func (s *Service) recipeComponents(ctx context.Context, req *authz.Request, components []imagebuilderapi.ComponentConfiguration) ([]string, error) {
	builds := make([]string, 0, len(components))
	for i, cc := range components {
		arn := deref(cc.ComponentArn)
		sel, err := selection(arn, "component", fmt.Sprintf("components[%d].componentArn", i))
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
			builds = append(builds, c.ARN)
			continue
		}
		c, err := s.component(ctx, req, sel, "imagebuilder:GetComponent", arn)
		if err != nil {
			return nil, err
		}
		builds = append(builds, c.arn)
	}
	return builds, nil
}

// GetImageRecipe answers the recipe version an ARN (possibly with
// wildcards) selects.
func (s *Service) GetImageRecipe(ctx context.Context, in *imagebuilderapi.GetImageRecipeInput) (*imagebuilderapi.GetImageRecipeOutput, error) {
	req := authz.FromContext(ctx)
	arn := deref(in.ImageRecipeArn)
	sel, err := selection(arn, "image-recipe", "imageRecipeArn")
	if err != nil {
		return nil, err
	}
	r, err := s.recipe(ctx, req, sel, "imagebuilder:GetImageRecipe", arn)
	if err != nil {
		return nil, err
	}
	return &imagebuilderapi.GetImageRecipeOutput{RequestId: new(req.ID), ImageRecipe: &r.record.ImageRecipe,
		LatestVersionReferences: latestReferences(sel.base(), r.version)}, nil
}

// recipeFilters are ListImageRecipes' filters [API reference: name,
// parentImage, platform].
var recipeFilters = filterFields[imagebuilderapi.ImageRecipeSummary]{
	"name":        func(r imagebuilderapi.ImageRecipeSummary) []string { return one(r.Name) },
	"parentImage": func(r imagebuilderapi.ImageRecipeSummary) []string { return one(r.ParentImage) },
	"platform":    func(r imagebuilderapi.ImageRecipeSummary) []string { return one(r.Platform) },
}

// ListImageRecipes lists recipe versions of an owner: Self (the
// default); amity has no recipes of other owners.
func (s *Service) ListImageRecipes(ctx context.Context, in *imagebuilderapi.ListImageRecipesInput) (*imagebuilderapi.ListImageRecipesOutput, error) {
	req := authz.FromContext(ctx)
	if err := s.authorize(ctx, req, "imagebuilder:ListImageRecipes", "*", nil); err != nil {
		return nil, err
	}
	var items []imagebuilderapi.ImageRecipeSummary
	if o := deref(in.Owner); o == "" || o == imagebuilderapi.OwnershipSelf {
		err := s.store.View(ctx, func(tx store.Tx) error {
			return scan(tx, recipesTable, arnPrefix(req.Region, req.Principal.Account, "image-recipe"), func(_ string, r *recipeRecord) (bool, error) {
				items = append(items, imagebuilderapi.ImageRecipeSummary{Arn: r.Arn, Name: r.Name, Platform: r.Platform,
					Owner: r.Owner, ParentImage: r.ParentImage, DateCreated: r.DateCreated, Tags: r.Tags})
				return true, nil
			})
		})
		if err != nil {
			return nil, err
		}
	}
	items, err := recipeFilters.apply(items, in.Filters)
	if err != nil {
		return nil, err
	}
	out, next, err := pageOf(items, in.MaxResults, in.NextToken, func(r imagebuilderapi.ImageRecipeSummary) string { return *r.Arn })
	if err != nil {
		return nil, err
	}
	return &imagebuilderapi.ListImageRecipesOutput{RequestId: new(req.ID), ImageRecipeSummaryList: out, NextToken: next}, nil
}

// DeleteImageRecipe deletes a recipe version that no pipeline uses and no
// build in progress was made from [user guide, delete-resources.md: delete
// the pipeline first, then the recipe, "To prevent dependency errors"].
func (s *Service) DeleteImageRecipe(ctx context.Context, in *imagebuilderapi.DeleteImageRecipeInput) (*imagebuilderapi.DeleteImageRecipeOutput, error) {
	req := authz.FromContext(ctx)
	arn := deref(in.ImageRecipeArn)
	sel, err := selection(arn, "image-recipe", "imageRecipeArn")
	if err != nil {
		return nil, err
	}
	if !sel.version.exact() {
		// UNVERIFIED reason.
		return nil, invalidParameter("imageRecipeArn", fmt.Sprintf("The ARN '%s' must name one version of a recipe.", arn))
	}
	if _, err := s.recipe(ctx, req, sel, "imagebuilder:DeleteImageRecipe", arn); err != nil {
		return nil, err
	}
	err = s.deleteUnused(ctx, recipesTable, arn, func(tx store.Tx) (bool, error) {
		used, err := pipelineUses(tx, req, func(p *pipelineRecord) string { return deref(p.ImageRecipeArn) }, arn)
		if err != nil || used {
			return used, err
		}
		return buildUses(tx, req, recipeOf, arn)
	})
	if err != nil {
		return nil, err
	}
	return &imagebuilderapi.DeleteImageRecipeOutput{RequestId: new(req.ID), ImageRecipeArn: new(arn)}, nil
}

// recipe finds the caller's recipe version sel selects, having authorized
// action on arn with the recipe's tags.
func (s *Service) recipe(ctx context.Context, req *authz.Request, sel versionedARN, action, arn string) (stored[recipeRecord], error) {
	return selected[recipeRecord](ctx, s, req, recipesTable, kindRecipe, sel, action, arn)
}
