package kms

import (
	"context"
	"slices"
	"strings"

	"github.com/amityhq/amity/internal/api/kmsapi"
	"github.com/amityhq/amity/internal/authz"
)

// TagResource adds tags to a key or replaces their values.
func (s *Service) TagResource(ctx context.Context, in *kmsapi.TagResourceInput) (*kmsapi.TagResourceOutput, error) {
	if err := checkTags(in.Tags); err != nil {
		return nil, err
	}
	return nil, s.changeKey(ctx, deref(in.KeyId), "kms:TagResource", tagConditions(nil, in.Tags, nil), func(rec *keyRecord) error {
		if err := checkState(rec, s.now, notPendingDeletion); err != nil {
			return err
		}
		tags := mergeTags(slices.Clone(rec.Tags), in.Tags)
		if len(tags) > maxTags {
			return tooManyTags()
		}
		rec.Tags = tags
		return nil
	})
}

// UntagResource removes tags from a key; unknown tag keys are ignored.
func (s *Service) UntagResource(ctx context.Context, in *kmsapi.UntagResourceInput) (*kmsapi.UntagResourceOutput, error) {
	return nil, s.changeKey(ctx, deref(in.KeyId), "kms:UntagResource", tagConditions(nil, nil, in.TagKeys), func(rec *keyRecord) error {
		if err := checkState(rec, s.now, notPendingDeletion); err != nil {
			return err
		}
		rec.Tags = slices.DeleteFunc(rec.Tags, func(t tag) bool { return slices.Contains(in.TagKeys, t.Key) })
		return nil
	})
}

// ListResourceTags lists a key's tags by tag key.
func (s *Service) ListResourceTags(ctx context.Context, in *kmsapi.ListResourceTagsInput) (*kmsapi.ListResourceTagsOutput, error) {
	req := authz.FromContext(ctx)
	key, _, err := s.resolve(ctx, req, deref(in.KeyId), 0)
	if err != nil {
		return nil, err
	}
	if _, err := s.authorizeKey(ctx, req, key, &access{action: "kms:ListResourceTags"}); err != nil {
		return nil, err
	}
	pg, err := newListing(in.Limit, in.Marker, 50, 50)
	if err != nil {
		return nil, err
	}
	tags, next, truncated := pageOf(key.rec.Tags, pg, func(t tag) string { return t.Key })
	out := &kmsapi.ListResourceTagsOutput{Tags: make([]kmsapi.Tag, 0, len(tags)), NextMarker: next, Truncated: truncated}
	for _, t := range tags {
		out.Tags = append(out.Tags, kmsapi.Tag{TagKey: new(t.Key), TagValue: new(t.Value)})
	}
	return out, nil
}

// maxTags is KMS's quota of tags on a key.
const maxTags = 50

// checkTags applies KMS's rules to the tags of a request: no tag key
// under the reserved aws: prefix, none twice, at most 50.
func checkTags(tags []kmsapi.Tag) error {
	seen := make(map[string]bool, len(tags))
	for _, t := range tags {
		k := deref(t.TagKey)
		switch {
		case strings.HasPrefix(strings.ToLower(k), "aws:"):
			return reservedTag()
		case seen[k]:
			return duplicateTagKeys()
		}
		seen[k] = true
	}
	if len(tags) > maxTags {
		return tooManyTags()
	}
	return nil
}

// mergeTags returns tags with add applied, sorted by key.
func mergeTags(tags []tag, add []kmsapi.Tag) []tag {
	for _, t := range add {
		k, v := deref(t.TagKey), deref(t.TagValue)
		i := slices.IndexFunc(tags, func(x tag) bool { return x.Key == k })
		if i >= 0 {
			tags[i].Value = v
		} else {
			tags = append(tags, tag{Key: k, Value: v})
		}
	}
	slices.SortFunc(tags, func(a, b tag) int { return strings.Compare(a.Key, b.Key) })
	return tags
}
