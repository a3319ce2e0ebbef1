package cloudtrail

import (
	"context"
	"slices"
	"strings"

	"github.com/amityhq/amity/internal/api/cloudtrailapi"
)

// maxTags is the tags a trail may have [CloudTrail API Reference, AddTags:
// "up to 50 tags"].
const maxTags = 50

// AddTags adds tags to a trail, replacing the value of a key it has.
func (s *Service) AddTags(ctx context.Context, in *cloudtrailapi.AddTagsInput) (*cloudtrailapi.AddTagsOutput, error) {
	return nil, s.changeTags(ctx, *in.ResourceId, "cloudtrail:AddTags", func(t *trail) (err error) {
		t.Tags, err = addTags(t.Tags, in.TagsList)
		return err
	})
}

// RemoveTags removes tags from a trail, by key.
func (s *Service) RemoveTags(ctx context.Context, in *cloudtrailapi.RemoveTagsInput) (*cloudtrailapi.RemoveTagsOutput, error) {
	return nil, s.changeTags(ctx, *in.ResourceId, "cloudtrail:RemoveTags", func(t *trail) error {
		t.Tags = slices.DeleteFunc(slices.Clone(t.Tags), func(have tag) bool {
			return slices.ContainsFunc(in.TagsList, func(rm cloudtrailapi.Tag) bool { return deref(rm.Key) == have.Key })
		})
		return nil
	})
}

// ListTags lists the tags of trails, by ARN.
func (s *Service) ListTags(ctx context.Context, in *cloudtrailapi.ListTagsInput) (*cloudtrailapi.ListTagsOutput, error) {
	c := callerOf(ctx)
	out := &cloudtrailapi.ListTagsOutput{ResourceTagList: []cloudtrailapi.ResourceTag{}}
	for _, arn := range in.ResourceIdList {
		t, err := s.taggedTrail(ctx, c, s.trails.all(), arn, "cloudtrail:ListTags")
		if err != nil {
			return nil, err
		}
		rt := cloudtrailapi.ResourceTag{ResourceId: new(arn), TagsList: []cloudtrailapi.Tag{}}
		for _, tg := range t.Tags {
			rt.TagsList = append(rt.TagsList, cloudtrailapi.Tag{Key: new(tg.Key), Value: new(tg.Value)})
		}
		out.ResourceTagList = append(out.ResourceTagList, rt)
	}
	return out, nil
}

// changeTags applies fn to a copy of the trail arn names and writes it.
func (s *Service) changeTags(ctx context.Context, arn, action string, fn func(*trail) error) error {
	c := callerOf(ctx)
	return s.change(ctx, func(all []*trail) (*trail, *trail, error) {
		t, err := s.taggedTrail(ctx, c, all, arn, action)
		if err != nil {
			return nil, nil, err
		}
		cp := *t
		return &cp, nil, fn(&cp)
	})
}

// taggedTrail finds the trail a tagging request names by ARN.
func (s *Service) taggedTrail(ctx context.Context, c *caller, all []*trail, arn, action string) (*trail, error) {
	ref, err := parseTrailRef(arn)
	if err == nil && ref.region == "" {
		err = cloudtrailapi.CloudTrailARNInvalidException("Invalid trail ARN: " + arn) // a name: UNVERIFIED text
	}
	if err != nil {
		return nil, err
	}
	t, err := find(all, c.account, c.region, ref, arn)
	if err != nil {
		return nil, cloudtrailapi.ResourceNotFoundException("Resource not found: " + arn) // UNVERIFIED text
	}
	return t, s.allow(ctx, c, action, t.ARN())
}

// addTags returns have with add's tags set. UNVERIFIED texts.
func addTags(have []tag, add []cloudtrailapi.Tag) ([]tag, error) {
	out := slices.Clone(have)
	for _, a := range add {
		key := deref(a.Key)
		if strings.HasPrefix(strings.ToLower(key), "aws:") {
			return nil, cloudtrailapi.InvalidTagParameterException("Tag keys starting with 'aws:' are reserved for AWS use.")
		}
		i := slices.IndexFunc(out, func(t tag) bool { return t.Key == key })
		if i < 0 {
			out = append(out, tag{Key: key, Value: deref(a.Value)})
		} else {
			out[i].Value = deref(a.Value)
		}
	}
	if len(out) > maxTags {
		return nil, cloudtrailapi.TagsLimitExceededException("The number of tags per trail has exceeded the permitted amount. Currently, the limit is 50.")
	}
	return out, nil
}
