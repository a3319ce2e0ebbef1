package kms

import (
	"encoding/base64"
	"slices"
	"strings"
)

// page holds the pagination parameters of a List operation: how many items
// to return and after which one. Markers are opaque to callers: the
// position (a store key or a name) encoded.
type page struct {
	limit int
	after string
}

// newPage reads Limit and Marker for an operation whose Limit defaults to
// def and may not exceed max (the model allows 1..1000 everywhere; each
// operation documents its own maximum).
func newPage(limit *int32, marker *string, def, max int) (page, error) {
	p := page{limit: def}
	if limit != nil {
		if int(*limit) > max {
			return p, limitTooLarge(*limit, max)
		}
		p.limit = int(*limit)
	}
	if marker != nil {
		after, err := base64.RawURLEncoding.DecodeString(*marker)
		if err != nil || len(after) == 0 {
			return p, invalidMarker()
		}
		p.after = string(after)
	}
	return p, nil
}

// nextMarker returns the NextMarker and Truncated of a page that ended at
// last, when more items follow.
func nextMarker(last string, more bool) (*string, *bool) {
	if !more {
		return nil, ptr(false)
	}
	return ptr(base64.RawURLEncoding.EncodeToString([]byte(last))), ptr(true)
}

// pageOf cuts the page pg selects from items, which are sorted by pos:
// at most pg.limit items after the one at pg.after, with the NextMarker
// and Truncated of the answer.
func pageOf[T any](items []T, pg page, pos func(T) string) (out []T, next *string, truncated *bool) {
	start := 0
	if pg.after != "" {
		start, _ = slices.BinarySearchFunc(items, pg.after, func(it T, p string) int { return strings.Compare(pos(it), p) })
		if start < len(items) && pos(items[start]) == pg.after {
			start++
		}
	}
	end := min(start+pg.limit, len(items))
	last := ""
	if end > start {
		last = pos(items[end-1])
	}
	next, truncated = nextMarker(last, end < len(items))
	return items[start:end], next, truncated
}
