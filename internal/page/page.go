// Package page cuts listings into pages, as every AWS List and Describe
// operation does: items in a stable order, a page of at most a limit, and
// an opaque marker (NextMarker, NextToken, Marker) naming where the next
// page starts. Markers carry a position — the sort key of the last item
// returned — rather than an offset, so that a page boundary survives items
// added or deleted in between.
package page

import (
	"encoding/base64"
	"slices"
	"strings"
)

// Cut returns the page of items, sorted by pos, that follows the position
// after ("" for the first page): at most limit items, and the position of
// the last one when more follow ("" when the listing is complete).
func Cut[T any](items []T, after string, limit int, pos func(T) string) (out []T, next string) {
	start := 0
	if after != "" {
		start, _ = slices.BinarySearchFunc(items, after, func(it T, p string) int { return strings.Compare(pos(it), p) })
		if start < len(items) && pos(items[start]) == after {
			start++
		}
	}
	end := min(start+max(limit, 0), len(items))
	if end < len(items) && end > start {
		next = pos(items[end-1])
	}
	return items[start:end], next
}

// Marker is the opaque form of a position, as clients see it.
func Marker(position string) string {
	return base64.RawURLEncoding.EncodeToString([]byte(position))
}

// Position reads a marker Marker wrote; ok is false for any other text,
// which the service refuses with its own error.
func Position(marker string) (position string, ok bool) {
	b, err := base64.RawURLEncoding.DecodeString(marker)
	if err != nil || len(b) == 0 {
		return "", false
	}
	return string(b), true
}
