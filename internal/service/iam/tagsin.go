package iam

import (
	"strings"

	"github.com/amityhq/amity/internal/api/iamapi"
)

// maxTags is IAM's quota of tags per user, role or policy.
const maxTags = 50

// requestTags turns a request's tags into records, refusing keys that
// differ only in case.
func requestTags(in []iamapi.Tag) ([]Tag, error) {
	tags := make([]Tag, 0, len(in))
	seen := make(map[string]bool, len(in))
	for _, t := range in {
		k := strings.ToLower(*t.Key)
		if seen[k] {
			return nil, errDuplicateTagKeys
		}
		seen[k] = true
		tags = append(tags, Tag{Key: *t.Key, Value: *t.Value})
	}
	return tags, nil
}

// tagConditions are the aws:RequestTag/KEY and aws:TagKeys condition keys
// of a request carrying tags.
func tagConditions(tags []Tag, extra map[string][]string) map[string][]string {
	if len(tags) == 0 {
		return extra
	}
	c := make(map[string][]string, len(tags)+1+len(extra))
	keys := make([]string, len(tags))
	for i, t := range tags {
		c["aws:requesttag/"+strings.ToLower(t.Key)] = []string{t.Value}
		keys[i] = t.Key
	}
	c["aws:tagkeys"] = keys
	for k, v := range extra {
		c[k] = v
	}
	return c
}

// mergeTags adds tags to existing ones, replacing the values of keys
// already there (keys compare without case), and enforces the quota.
func mergeTags(existing, add []Tag, quotaName string) ([]Tag, error) {
	out := append([]Tag(nil), existing...)
	for _, t := range add {
		i := tagIndex(out, t.Key)
		if i >= 0 {
			out[i].Value = t.Value
			continue
		}
		out = append(out, t)
	}
	if len(out) > maxTags {
		return nil, tagQuota(quotaName)
	}
	return out, nil
}

// removeTags drops the tags with the given keys (without case).
func removeTags(existing []Tag, keys []string) []Tag {
	var out []Tag
	for _, t := range existing {
		drop := false
		for _, k := range keys {
			drop = drop || strings.EqualFold(t.Key, k)
		}
		if !drop {
			out = append(out, t)
		}
	}
	return out
}

func tagIndex(tags []Tag, key string) int {
	for i, t := range tags {
		if strings.EqualFold(t.Key, key) {
			return i
		}
	}
	return -1
}
