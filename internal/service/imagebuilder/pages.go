package imagebuilder

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/amityhq/amity/internal/api/imagebuilderapi"
	"github.com/amityhq/amity/internal/page"
)

// defaultMaxResults is a page's size when maxResults is not given: the
// model's largest (RestrictedInteger, 1..25). UNVERIFIED that AWS's
// default is the largest.
const defaultMaxResults = 25

// pageOf returns the page of items, sorted by pos, that nextToken (as an
// earlier page gave it) starts, and the token of the page after it.
func pageOf[T any](items []T, maxResults *int32, nextToken *string, pos func(T) string) ([]T, *string, error) {
	after := ""
	if t := deref(nextToken); t != "" {
		p, ok := page.Position(t)
		if !ok {
			return nil, nil, invalidToken()
		}
		after = p
	}
	limit := defaultMaxResults
	if maxResults != nil {
		limit = int(*maxResults)
	}
	slices.SortFunc(items, func(a, b T) int { return strings.Compare(pos(a), pos(b)) })
	out, next := page.Cut(items, after, limit, pos)
	if next == "" {
		return out, nil, nil
	}
	return out, new(page.Marker(next)), nil
}

// filterFields are the filters a List operation documents, each giving
// the values of an item that the filter's values are matched against.
type filterFields[T any] map[string]func(T) []string

// one is a filter field with a single value.
func one(s *string) []string { return []string{deref(s)} }

// apply keeps the items every filter matches: a filter matches when one
// of its values equals one of the item's (values are alternatives,
// filters all apply). A filter name the operation does not document is
// refused (UNVERIFIED text).
func (f filterFields[T]) apply(items []T, filters []imagebuilderapi.Filter) ([]T, error) {
	for i, flt := range filters {
		if _, ok := f[deref(flt.Name)]; !ok {
			names := slices.Sorted(maps.Keys(f))
			return nil, invalidParameter(fmt.Sprintf("filters[%d].name", i), "Valid filter names are: "+strings.Join(names, ", ")+".")
		}
	}
	return slices.DeleteFunc(items, func(it T) bool {
		for _, flt := range filters {
			values := f[deref(flt.Name)](it)
			if !slices.ContainsFunc(flt.Values, func(v string) bool { return slices.Contains(values, v) }) {
				return true
			}
		}
		return false
	}), nil
}
