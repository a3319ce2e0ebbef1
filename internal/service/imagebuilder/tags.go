package imagebuilder

import (
	"context"
	"maps"

	"github.com/amityhq/amity/internal/api/imagebuilderapi"
	"github.com/amityhq/amity/internal/authz"
	"github.com/amityhq/amity/internal/store"
)

// taggable is a stored record with tags.
type taggable interface{ tagMap() *map[string]string }

func (r *componentRecord) tagMap() *map[string]string      { return &r.Tags }
func (r *recipeRecord) tagMap() *map[string]string         { return &r.Tags }
func (r *infrastructureRecord) tagMap() *map[string]string { return &r.Tags }
func (r *distributionRecord) tagMap() *map[string]string   { return &r.Tags }
func (r *pipelineRecord) tagMap() *map[string]string       { return &r.Tags }
func (r *imageRecord) tagMap() *map[string]string          { return &r.Tags }

// tagAccess reads and writes the tags of one kind of resource.
type tagAccess interface {
	read(tx store.Tx, arn string) (tags map[string]string, ok bool, err error)
	write(tx store.Tx, arn string, tags map[string]string) error
}

type tagsIn[R any, P interface {
	*R
	taggable
}] struct {
	table string
}

func (t tagsIn[R, P]) read(tx store.Tx, arn string) (map[string]string, bool, error) {
	r, ok, err := get[R](tx, t.table, arn)
	if err != nil || !ok {
		return nil, ok, err
	}
	return *P(r).tagMap(), true, nil
}

func (t tagsIn[R, P]) write(tx store.Tx, arn string, tags map[string]string) error {
	r, ok, err := get[R](tx, t.table, arn)
	if err != nil || !ok {
		return err
	}
	*P(r).tagMap() = tags
	return put(tx, t.table, arn, r)
}

// taggables are the kinds of resource amity keeps, by the kind their
// ARNs name, with the name errors give them.
var taggables = map[string]struct {
	access tagAccess
	kind   string
}{
	"component":                    {tagsIn[componentRecord, *componentRecord]{table: componentsTable}, kindComponent},
	"image-recipe":                 {tagsIn[recipeRecord, *recipeRecord]{table: recipesTable}, kindRecipe},
	"infrastructure-configuration": {tagsIn[infrastructureRecord, *infrastructureRecord]{table: infrastructuresTable}, kindInfrastructure},
	"distribution-configuration":   {tagsIn[distributionRecord, *distributionRecord]{table: distributionsTable}, kindDistribution},
	"image-pipeline":               {tagsIn[pipelineRecord, *pipelineRecord]{table: pipelinesTable}, kindPipeline},
	"image":                        {tagsIn[imageRecord, *imageRecord]{table: imagesTable}, kindImage},
}

// tagged finds the tags of the caller's resource arn, having authorized
// action on it with its tags and the request's keys (c); the resource of
// another account or Region, or of a kind amity does not keep, is not
// found.
func (s *Service) tagged(ctx context.Context, req *authz.Request, action, arn string, c map[string][]string) (tagAccess, map[string]string, error) {
	region, account, kind, _, _ := splitARN(arn)
	t, known := taggables[kind]
	var tags map[string]string
	found := false
	if known && region == req.Region && account == req.Principal.Account {
		err := s.store.View(ctx, func(tx store.Tx) error {
			var err error
			tags, found, err = t.access.read(tx, arn)
			return err
		})
		if err != nil {
			return nil, nil, err
		}
	}
	if err := s.authorize(ctx, req, action, arn, resourceTags(c, tags)); err != nil {
		return nil, nil, err
	}
	if !found {
		name := t.kind
		if !known {
			name = kind
		}
		return nil, nil, notFound(name, arn)
	}
	return t.access, tags, nil
}

// retag writes the tags change makes of the resource's current ones.
func (s *Service) retag(ctx context.Context, t tagAccess, arn string, change func(map[string]string) map[string]string) error {
	return s.store.Update(ctx, func(tx store.Tx) error {
		tags, ok, err := t.read(tx, arn)
		if err != nil || !ok {
			return err
		}
		return t.write(tx, arn, change(maps.Clone(tags)))
	})
}

// TagResource adds tags to a resource, replacing the values of keys it
// has.
func (s *Service) TagResource(ctx context.Context, in *imagebuilderapi.TagResourceInput) (*imagebuilderapi.TagResourceOutput, error) {
	req := authz.FromContext(ctx)
	arn := deref(in.ResourceArn)
	t, _, err := s.tagged(ctx, req, "imagebuilder:TagResource", arn, requestTags(nil, in.Tags))
	if err != nil {
		return nil, err
	}
	err = s.retag(ctx, t, arn, func(tags map[string]string) map[string]string {
		if tags == nil {
			tags = map[string]string{}
		}
		maps.Copy(tags, in.Tags)
		return tags
	})
	if err != nil {
		return nil, err
	}
	return &imagebuilderapi.TagResourceOutput{}, nil
}

// UntagResource removes tag keys from a resource; keys it does not have
// are ignored.
func (s *Service) UntagResource(ctx context.Context, in *imagebuilderapi.UntagResourceInput) (*imagebuilderapi.UntagResourceOutput, error) {
	req := authz.FromContext(ctx)
	arn := deref(in.ResourceArn)
	t, _, err := s.tagged(ctx, req, "imagebuilder:UntagResource", arn, map[string][]string{"aws:tagkeys": in.TagKeys})
	if err != nil {
		return nil, err
	}
	err = s.retag(ctx, t, arn, func(tags map[string]string) map[string]string {
		for _, k := range in.TagKeys {
			delete(tags, k)
		}
		return tags
	})
	if err != nil {
		return nil, err
	}
	return &imagebuilderapi.UntagResourceOutput{}, nil
}

// ListTagsForResource returns a resource's tags ({} when it has none).
func (s *Service) ListTagsForResource(ctx context.Context, in *imagebuilderapi.ListTagsForResourceInput) (*imagebuilderapi.ListTagsForResourceOutput, error) {
	req := authz.FromContext(ctx)
	_, tags, err := s.tagged(ctx, req, "imagebuilder:ListTagsForResource", deref(in.ResourceArn), nil)
	if err != nil {
		return nil, err
	}
	if tags == nil {
		tags = map[string]string{}
	}
	return &imagebuilderapi.ListTagsForResourceOutput{Tags: tags}, nil
}
