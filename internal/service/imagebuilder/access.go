package imagebuilder

import (
	"context"
	"maps"
	"slices"
	"strings"

	"github.com/amityhq/amity/internal/authz"
)

// What each operation asks of IAM, from the Service Authorization
// Reference for EC2 Image Builder (list_imagebuilder, "API operations
// defined by Amazon EC2 Image Builder" and "Actions defined by ..."):
// every action on its resource's ARN with aws:ResourceTag/K of that
// resource; a Create* action on the new resource's ARN with
// aws:RequestTag/K and aws:TagKeys, plus imagebuilder:TagResource when
// the request sets tags; the resources a request names read with their
// own Get* action (CreateImageRecipe: GetComponent and GetImage;
// CreateImage and the pipeline operations: GetImageRecipe,
// GetInfrastructureConfiguration, GetDistributionConfiguration); List*
// on "*" except ListComponentBuildVersions and ListImageBuildVersions,
// on the version's builds (…/VERSION/*), and ListImagePipelineImages, on
// the pipeline.

// requestTags adds aws:RequestTag/K and aws:TagKeys for tags a request
// sets.
func requestTags(c map[string][]string, tags map[string]string) map[string][]string {
	if len(tags) == 0 {
		return c
	}
	if c == nil {
		c = map[string][]string{}
	}
	for k, v := range tags {
		c["aws:requesttag/"+strings.ToLower(k)] = []string{v}
	}
	c["aws:tagkeys"] = slices.Sorted(maps.Keys(tags))
	return c
}

// resourceTags adds aws:ResourceTag/K for the tags of an existing
// resource.
func resourceTags(c map[string][]string, tags map[string]string) map[string][]string {
	if len(tags) == 0 {
		return c
	}
	if c == nil {
		c = map[string][]string{}
	}
	for k, v := range tags {
		c["aws:resourcetag/"+strings.ToLower(k)] = []string{v}
	}
	return c
}

// authorizeCreate decides a Create* action on the new resource arn, with
// the request's tags and the action's own keys (extra), and
// imagebuilder:TagResource when the request sets tags: the Reference
// lists TagResource among the actions of every Create* operation.
func (s *Service) authorizeCreate(ctx context.Context, req *authz.Request, action, arn string, tags map[string]string, extra map[string][]string) error {
	c := requestTags(maps.Clone(extra), tags)
	if err := s.authorize(ctx, req, action, arn, c); err != nil {
		return err
	}
	if len(tags) == 0 {
		return nil
	}
	return s.authorize(ctx, req, "imagebuilder:TagResource", arn, requestTags(nil, tags))
}

// authorizeRead is authorize for an action on an existing resource, or
// nothing when action is empty: a service reading its own records, as a
// pipeline execution reads the pipeline's recipe and configurations,
// which the Reference gives no action of their own.
func (s *Service) authorizeRead(ctx context.Context, req *authz.Request, action, arn string, c map[string][]string) error {
	if action == "" {
		return nil
	}
	return s.authorize(ctx, req, action, arn, c)
}
