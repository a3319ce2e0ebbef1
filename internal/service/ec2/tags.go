package ec2

import (
	"slices"
	"strings"

	"github.com/amityhq/amity/internal/api/ec2api"
)

// specTags returns the tags of a request's TagSpecifications for one
// resource type ("volume", "instance", ...).
func specTags(specs []ec2api.TagSpecification, resourceType string) []tag {
	var out []tag
	for _, s := range specs {
		if deref(s.ResourceType) != resourceType {
			continue
		}
		out = mergeTags(out, fromAPITags(s.Tags))
	}
	return out
}

func fromAPITags(in []ec2api.Tag) []tag {
	out := make([]tag, 0, len(in))
	for _, t := range in {
		out = append(out, tag{Key: deref(t.Key), Value: deref(t.Value)})
	}
	return out
}

// mergeTags returns tags with add set over them, sorted by key.
func mergeTags(tags, add []tag) []tag {
	out := slices.Clone(tags)
	for _, a := range add {
		if i := slices.IndexFunc(out, func(t tag) bool { return t.Key == a.Key }); i >= 0 {
			out[i].Value = a.Value
		} else {
			out = append(out, a)
		}
	}
	slices.SortFunc(out, func(a, b tag) int { return strings.Compare(a.Key, b.Key) })
	return out
}

// removeTags returns tags without those remove names: by key, and by value
// too where one is given.
func removeTags(tags []tag, remove []ec2api.Tag) []tag {
	return slices.DeleteFunc(slices.Clone(tags), func(t tag) bool {
		for _, r := range remove {
			if deref(r.Key) == t.Key && (r.Value == nil || *r.Value == t.Value) {
				return true
			}
		}
		return false
	})
}

// apiTags is tags as answers carry them; nil when there are none, as EC2
// leaves the tagSet out.
func apiTags(tags []tag) []ec2api.Tag {
	if len(tags) == 0 {
		return nil
	}
	out := make([]ec2api.Tag, len(tags))
	for i, t := range tags {
		out[i] = ec2api.Tag{Key: new(t.Key), Value: new(t.Value)}
	}
	return out
}
