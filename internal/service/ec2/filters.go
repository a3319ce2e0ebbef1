package ec2

import (
	"path"
	"strconv"
	"strings"

	"github.com/amityhq/amity/internal/api/ec2api"
	"github.com/amityhq/amity/internal/page"
)

// filter is one of a Describe request's Filters: a name and the values
// any of which a resource must have, with EC2's wildcards (* and ?).
type filter struct {
	name   string
	values []string
}

// fields gives a resource's values for a filter name, and whether the
// name is one the operation knows.
type fields func(name string) (values []string, known bool)

// parseFilters reads a request's Filters, refusing names the resource
// kind does not know (probe answers known for every name it supports).
func parseFilters(in []ec2api.Filter, probe fields) ([]filter, error) {
	out := make([]filter, 0, len(in))
	for _, f := range in {
		name := deref(f.Name)
		if _, known := probe(name); !known && !isTagFilter(name) {
			return nil, invalidFilter(name)
		}
		out = append(out, filter{name: name, values: f.Values})
	}
	return out, nil
}

func isTagFilter(name string) bool {
	return strings.HasPrefix(name, "tag:") || name == "tag-key" || name == "tag-value"
}

// matches reports whether a resource with these fields and tags passes
// every filter: within a filter any value matches, across filters all
// must.
func matches(filters []filter, f fields, tags []tag) bool {
	for _, fl := range filters {
		if !anyMatches(fl.values, valuesOf(fl.name, f, tags)) {
			return false
		}
	}
	return true
}

func valuesOf(name string, f fields, tags []tag) []string {
	switch {
	case strings.HasPrefix(name, "tag:"):
		for _, t := range tags {
			if t.Key == name[len("tag:"):] {
				return []string{t.Value}
			}
		}
		return nil
	case name == "tag-key" || name == "tag-value":
		var out []string
		for _, t := range tags {
			if name == "tag-key" {
				out = append(out, t.Key)
			} else {
				out = append(out, t.Value)
			}
		}
		return out
	}
	v, _ := f(name)
	return v
}

// anyMatches reports whether a value matches one of the patterns. EC2's
// filter values take * and ? as wildcards, which path.Match shares; a
// value with no wildcard compares exactly.
func anyMatches(patterns, values []string) bool {
	for _, p := range patterns {
		for _, v := range values {
			if p == v {
				return true
			}
			if strings.ContainsAny(p, "*?") {
				if ok, _ := path.Match(strings.ReplaceAll(p, "/", "\x00"), strings.ReplaceAll(v, "/", "\x00")); ok {
					return true
				}
			}
		}
	}
	return false
}

// one is a single filter value.
func one(v string) []string {
	if v == "" {
		return nil
	}
	return []string{v}
}

func boolField(b bool) []string {
	if b {
		return []string{"true"}
	}
	return []string{"false"}
}

// listing is a Describe request's pagination: NextToken and MaxResults.
type listing struct {
	after string
	limit int // 0: everything
}

// newListing reads NextToken and MaxResults (EC2's pages are unlimited
// when MaxResults is absent).
func newListing(token *string, maxResults *int32) (listing, error) {
	l := listing{}
	if maxResults != nil {
		l.limit = int(*maxResults)
	}
	if token != nil && *token != "" {
		after, ok := page.Position(*token)
		if !ok {
			return l, invalidNextToken()
		}
		l.after = after
	}
	return l, nil
}

// cut returns the page of items (sorted by pos) the listing asks for and
// the NextToken of the next one.
func cut[T any](items []T, l listing, pos func(T) string) ([]T, *string) {
	limit := l.limit
	if limit <= 0 {
		limit = len(items) + 1
	}
	out, next := page.Cut(items, l.after, limit, pos)
	if next == "" {
		return out, nil
	}
	return out, new(page.Marker(next))
}

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}

func itoa(n int32) string { return strconv.Itoa(int(n)) }

// pageMarker is the NextToken of a page that ended at position.
func pageMarker(position string) string { return page.Marker(position) }
