package kms

import (
	"github.com/amityhq/amity/internal/page"
)

// listing holds the pagination parameters of a List operation: how many
// items to return and after which one (see internal/page).
type listing struct {
	limit int
	after string
}

// newListing reads Limit and Marker for an operation whose Limit defaults
// to def and may not exceed max (the model allows 1..1000 everywhere;
// each operation documents its own maximum).
func newListing(limit *int32, marker *string, def, max int) (listing, error) {
	l := listing{limit: def}
	if limit != nil {
		if int(*limit) > max {
			return l, limitTooLarge(*limit, max)
		}
		l.limit = int(*limit)
	}
	if marker != nil {
		after, ok := page.Position(*marker)
		if !ok {
			return l, invalidMarker()
		}
		l.after = after
	}
	return l, nil
}

// nextMarker returns the NextMarker and Truncated of a page that ended at
// position next ("" when the listing is complete).
func nextMarker(next string) (*string, *bool) {
	if next == "" {
		return nil, new(false)
	}
	return new(page.Marker(next)), new(true)
}

// pageOf cuts the page l selects from items, which are sorted by pos, with
// the NextMarker and Truncated of the answer.
func pageOf[T any](items []T, l listing, pos func(T) string) (out []T, next *string, truncated *bool) {
	out, after := page.Cut(items, l.after, l.limit, pos)
	next, truncated = nextMarker(after)
	return out, next, truncated
}
