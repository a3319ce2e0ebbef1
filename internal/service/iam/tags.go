package iam

import (
	"context"

	"github.com/amityhq/amity/internal/api/iamapi"
	"github.com/amityhq/amity/internal/store"
)

// TagUser adds tags to a user, replacing the values of keys it has;
// LimitExceeded beyond 50 tags.
func (s *Service) TagUser(ctx context.Context, in *iamapi.TagUserInput) (*iamapi.TagUserOutput, error) {
	return nil, s.tagEntity(ctx, userKind, *in.UserName, in.Tags)
}

// TagRole adds tags to a role.
func (s *Service) TagRole(ctx context.Context, in *iamapi.TagRoleInput) (*iamapi.TagRoleOutput, error) {
	return nil, s.tagEntity(ctx, roleKind, *in.RoleName, in.Tags)
}

func (s *Service) tagEntity(ctx context.Context, k *kind, name string, in []iamapi.Tag) error {
	tags, err := requestTags(in)
	if err != nil {
		return err
	}
	return s.updateEntity(ctx, callerOf(ctx), k, name, "iam:Tag"+k.title, tagConditions(tags, nil),
		func(_ store.Tx, r record) error {
			e := r.base()
			merged, err := mergeTags(e.Tags, tags, k.tagQuota)
			e.Tags = merged
			return err
		})
}

// UntagUser removes tags from a user by key.
func (s *Service) UntagUser(ctx context.Context, in *iamapi.UntagUserInput) (*iamapi.UntagUserOutput, error) {
	return nil, s.untagEntity(ctx, userKind, *in.UserName, in.TagKeys)
}

// UntagRole removes tags from a role by key.
func (s *Service) UntagRole(ctx context.Context, in *iamapi.UntagRoleInput) (*iamapi.UntagRoleOutput, error) {
	return nil, s.untagEntity(ctx, roleKind, *in.RoleName, in.TagKeys)
}

func (s *Service) untagEntity(ctx context.Context, k *kind, name string, keys []string) error {
	return s.updateEntity(ctx, callerOf(ctx), k, name, "iam:Untag"+k.title, keysCondition(keys),
		func(_ store.Tx, r record) error {
			e := r.base()
			e.Tags = removeTags(e.Tags, keys)
			return nil
		})
}

// ListUserTags lists a user's tags.
func (s *Service) ListUserTags(ctx context.Context, in *iamapi.ListUserTagsInput) (*iamapi.ListUserTagsOutput, error) {
	p, err := s.listEntityTags(ctx, userKind, *in.UserName, in.Marker, in.MaxItems)
	if err != nil {
		return nil, err
	}
	return &iamapi.ListUserTagsOutput{Tags: p.items, IsTruncated: p.truncated, Marker: p.marker}, nil
}

// ListRoleTags lists a role's tags.
func (s *Service) ListRoleTags(ctx context.Context, in *iamapi.ListRoleTagsInput) (*iamapi.ListRoleTagsOutput, error) {
	p, err := s.listEntityTags(ctx, roleKind, *in.RoleName, in.Marker, in.MaxItems)
	if err != nil {
		return nil, err
	}
	return &iamapi.ListRoleTagsOutput{Tags: p.items, IsTruncated: p.truncated, Marker: p.marker}, nil
}

func (s *Service) listEntityTags(ctx context.Context, k *kind, name string, marker *string, maxItems *int32) (page[iamapi.Tag], error) {
	r, err := s.readEntity(ctx, callerOf(ctx), k, name, "iam:List"+k.title+"Tags")
	if err != nil {
		return page[iamapi.Tag]{}, err
	}
	return paginate(tagShapes(r.base().Tags, true), marker, maxItems)
}

// TagPolicy adds tags to a customer managed policy.
func (s *Service) TagPolicy(ctx context.Context, in *iamapi.TagPolicyInput) (*iamapi.TagPolicyOutput, error) {
	c := callerOf(ctx)
	tags, err := requestTags(in.Tags)
	if err != nil {
		return nil, err
	}
	if err := s.allowPolicy(ctx, c, "iam:TagPolicy", *in.PolicyArn, true); err != nil {
		return nil, err
	}
	return nil, s.updatePolicy(ctx, *in.PolicyArn, noSuchPolicy(*in.PolicyArn), func(p *ManagedPolicy) error {
		merged, err := mergeTags(p.Tags, tags, "TagsPerPolicy")
		p.Tags = merged
		return err
	})
}

// UntagPolicy removes tags from a customer managed policy by key.
func (s *Service) UntagPolicy(ctx context.Context, in *iamapi.UntagPolicyInput) (*iamapi.UntagPolicyOutput, error) {
	c := callerOf(ctx)
	if err := s.allowPolicy(ctx, c, "iam:UntagPolicy", *in.PolicyArn, true); err != nil {
		return nil, err
	}
	return nil, s.updatePolicy(ctx, *in.PolicyArn, noSuchPolicy(*in.PolicyArn), func(p *ManagedPolicy) error {
		p.Tags = removeTags(p.Tags, in.TagKeys)
		return nil
	})
}

// ListPolicyTags lists a managed policy's tags (AWS's have none).
func (s *Service) ListPolicyTags(ctx context.Context, in *iamapi.ListPolicyTagsInput) (*iamapi.ListPolicyTagsOutput, error) {
	c := callerOf(ctx)
	if err := s.allowPolicy(ctx, c, "iam:ListPolicyTags", *in.PolicyArn, false); err != nil {
		return nil, err
	}
	var tags []iamapi.Tag
	err := s.store.View(ctx, func(tx store.Tx) error {
		p, err := findPolicy(tx, *in.PolicyArn)
		if err == nil {
			tags = tagShapes(p.Tags, true)
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	pg, err := paginate(tags, in.Marker, in.MaxItems)
	if err != nil {
		return nil, err
	}
	return &iamapi.ListPolicyTagsOutput{Tags: pg.items, IsTruncated: pg.truncated, Marker: pg.marker}, nil
}

// keysCondition is the aws:TagKeys condition key of an untag request.
func keysCondition(keys []string) map[string][]string {
	return map[string][]string{"aws:tagkeys": keys}
}
