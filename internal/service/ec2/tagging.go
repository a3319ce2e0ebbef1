package ec2

import (
	"context"
	"encoding/json"
	"slices"
	"strings"

	"github.com/amityhq/amity/internal/api/ec2api"
	"github.com/amityhq/amity/internal/authz"
	"github.com/amityhq/amity/internal/store"
)

// taggable is a kind of resource CreateTags, DeleteTags and DescribeTags
// reach, known by its id's prefix.
type taggable struct {
	prefix   string
	table    string
	kind     string // its ARN's resource type, and DescribeTags' resource-type
	notFound func(...string) error
}

var taggables = []taggable{
	{"vol", volumesTable, "volume", volumeNotFound},
	{"snap", snapshotsTable, "snapshot", snapshotNotFound},
	{"ami", imagesTable, "image", imageNotFound},
	{"i", instancesTable, "instance", instanceNotFound},
	{"sg", groupsTable, "security-group", groupNotFound},
	{"key", keyPairsTable, "key-pair", func(ids ...string) error { return keyPairIDNotFound(ids[0]) }},
	{"lt", templatesTable, "launch-template", func(ids ...string) error { return templateIDNotFound(ids[0]) }},
	{"vpc", vpcsTable, "vpc", vpcNotFound},
	{"subnet", subnetsTable, "subnet", subnetNotFound},
}

// taggableOf is the kind of resource an id names; an id of no kind EC2
// tags is refused as malformed.
func taggableOf(id string) (taggable, error) {
	for _, k := range taggables {
		if hasPrefix(id, k.prefix) {
			return k, nil
		}
	}
	return taggable{}, malformed("", id)
}

// tagged is what tagging reads of any record. Every record keeps its tags
// as "tags"; key pairs' ARNs need their name.
type tagged struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	Tags []tag  `json:"tags"`
}

// arn is a tagged resource's ARN.
func (k taggable) arn(region, account string, r *tagged) string {
	if k.kind == "key-pair" {
		return keyPairARN(region, account, r.Name)
	}
	return arn(region, account, k.kind, r.ID)
}

// retag authorizes action on each of the caller's resources ids names
// (each must exist), with conditions of its tags, answers DryRun, then
// rewrites each one's tags with change, leaving the rest of its record as
// it is.
func (s *Service) retag(ctx context.Context, action string, ids []string, dry *bool,
	conditions func([]tag) map[string][]string, change func([]tag) []tag) error {
	req := authz.FromContext(ctx)
	kinds := make([]taggable, len(ids))
	for i, id := range ids {
		k, err := taggableOf(id)
		if err != nil {
			return err
		}
		kinds[i] = k
	}
	var targets []target
	err := s.store.View(ctx, func(tx store.Tx) error {
		for i, id := range ids {
			r, ok, err := getOwned[tagged](tx, kinds[i].table, req.Region, req.Principal.Account, id)
			if err != nil || !ok {
				return orNotFound(err, ok, kinds[i].notFound, id)
			}
			targets = append(targets, target{arn: kinds[i].arn(req.Region, req.Principal.Account, r), conditions: conditions(r.Tags)})
		}
		return nil
	})
	if err != nil {
		return err
	}
	if err := s.authorize(ctx, req, action, targets...); err != nil {
		return err
	}
	if err := dryRun(dry); err != nil {
		return err
	}
	return s.store.Update(ctx, func(tx store.Tx) error {
		for i, id := range ids {
			raw, ok, err := getOwned[map[string]json.RawMessage](tx, kinds[i].table, req.Region, req.Principal.Account, id)
			if err != nil || !ok {
				return orNotFound(err, ok, kinds[i].notFound, id)
			}
			var tags []tag
			if t, ok := (*raw)["tags"]; ok {
				if err := json.Unmarshal(t, &tags); err != nil {
					return err
				}
			}
			if tags = change(tags); len(tags) == 0 {
				delete(*raw, "tags")
			} else {
				(*raw)["tags"] = mustJSON(tags)
			}
			if err := putOwned(tx, kinds[i].table, req.Region, req.Principal.Account, id, raw); err != nil {
				return err
			}
		}
		return nil
	})
}

// checkTagKeys refuses keys AWS reserves. UNVERIFIED text.
func checkTagKeys(tags []ec2api.Tag) error {
	for _, t := range tags {
		if k := deref(t.Key); strings.HasPrefix(strings.ToLower(k), "aws:") {
			return ec2api.InvalidParameterValue("Value ( " + k + " ) for parameter key is invalid. Tag keys starting with 'aws:' are reserved for internal use")
		}
	}
	return nil
}

// CreateTags sets tags on the caller's resources, replacing the values of
// keys they have.
func (s *Service) CreateTags(ctx context.Context, in *ec2api.CreateTagsInput) (*ec2api.CreateTagsOutput, error) {
	if err := checkTagKeys(in.Tags); err != nil {
		return nil, err
	}
	add := fromAPITags(in.Tags)
	err := s.retag(ctx, "ec2:CreateTags", in.Resources, in.DryRun,
		func(tags []tag) map[string][]string { return tagConditions(resourceTags(nil, tags), add, "") },
		func(tags []tag) []tag { return mergeTags(tags, add) })
	if err != nil {
		return nil, err
	}
	return &ec2api.CreateTagsOutput{}, nil
}

// DeleteTags removes tags from the caller's resources: every tag when
// none is named, a key whatever its value when no Value is given, and
// only that value when one is (an empty one included) [EC2 API
// reference, DeleteTags].
func (s *Service) DeleteTags(ctx context.Context, in *ec2api.DeleteTagsInput) (*ec2api.DeleteTagsOutput, error) {
	var keys []string
	for _, t := range in.Tags {
		keys = append(keys, deref(t.Key))
	}
	err := s.retag(ctx, "ec2:DeleteTags", in.Resources, in.DryRun,
		func(tags []tag) map[string][]string {
			c := resourceTags(nil, tags)
			if len(keys) > 0 {
				c["aws:tagkeys"] = keys
			}
			return c
		},
		func(tags []tag) []tag {
			if len(in.Tags) == 0 {
				return nil
			}
			return removeTags(tags, in.Tags)
		})
	if err != nil {
		return nil, err
	}
	return &ec2api.DeleteTagsOutput{}, nil
}

// DescribeTags lists the tags of the caller's resources in its Region,
// one entry per resource and key, by resource id then key, filtered
// (resource-id, resource-type, key, value, tag:K) and paginated.
func (s *Service) DescribeTags(ctx context.Context, in *ec2api.DescribeTagsInput) (*ec2api.DescribeTagsOutput, error) {
	req, err := s.describing(ctx, "ec2:DescribeTags", in.DryRun)
	if err != nil {
		return nil, err
	}
	filters, err := parseFilters(in.Filters, tagFields(ec2api.TagDescription{}))
	if err != nil {
		return nil, err
	}
	l, err := newListing(in.NextToken, in.MaxResults)
	if err != nil {
		return nil, err
	}
	var all []ec2api.TagDescription
	err = s.store.View(ctx, func(tx store.Tx) error {
		for _, k := range taggables {
			err := scanOwned(tx, k.table, req.Region, req.Principal.Account, func(r *tagged) (bool, error) {
				for _, t := range r.Tags {
					d := ec2api.TagDescription{ResourceId: new(r.ID), ResourceType: new(k.kind), Key: new(t.Key), Value: new(t.Value)}
					if matches(filters, tagFields(d), r.Tags) {
						all = append(all, d)
					}
				}
				return true, nil
			})
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	pos := func(d ec2api.TagDescription) string { return *d.ResourceId + "\x00" + *d.Key }
	slices.SortFunc(all, func(a, b ec2api.TagDescription) int { return strings.Compare(pos(a), pos(b)) })
	page, next := cut(all, l, pos)
	return &ec2api.DescribeTagsOutput{Tags: append([]ec2api.TagDescription{}, page...), NextToken: next}, nil
}

// tagFields are DescribeTags' filters.
func tagFields(d ec2api.TagDescription) fields {
	return func(name string) ([]string, bool) {
		switch name {
		case "resource-id":
			return one(deref(d.ResourceId)), true
		case "resource-type":
			return one(deref(d.ResourceType)), true
		case "key":
			return one(deref(d.Key)), true
		case "value":
			return []string{deref(d.Value)}, true
		}
		return nil, false
	}
}
