package iam

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/amityhq/amity/internal/api/iamapi"
	pg "github.com/amityhq/amity/internal/page"
	"github.com/amityhq/amity/internal/store"
)

// defaultMaxItems is IAM's page size when MaxItems is absent.
const defaultMaxItems = 100

// page is one page of a listing: the items and AWS's IsTruncated/Marker.
type page[T any] struct {
	items     []T
	truncated *bool
	marker    *string
}

// paginate cuts the page that marker and maxItems select from items,
// which stay in their order: the position of an item is its offset
// (written so that offsets sort as strings), carried in an opaque marker
// (internal/page); a marker amity did not write is refused.
func paginate[T any](items []T, marker *string, maxItems *int32) (page[T], error) {
	after := ""
	if marker != nil {
		pos, ok := pg.Position(*marker)
		if !ok || !isOffset(pos) {
			// UNVERIFIED text: AWS's markers are opaque blobs and no
			// capture of a refused one was found.
			return page[T]{}, iamapi.InvalidInputException("Invalid Marker.")
		}
		after = pos
	}
	size := defaultMaxItems
	if maxItems != nil {
		size = int(*maxItems)
	}
	offsets := make([]int, len(items))
	for i := range offsets {
		offsets[i] = i
	}
	cut, next := pg.Cut(offsets, after, size, offset)
	p := page[T]{items: make([]T, 0, len(cut)), truncated: new(next != "")}
	for _, i := range cut {
		p.items = append(p.items, items[i])
	}
	if next != "" {
		p.marker = new(pg.Marker(next))
	}
	return p, nil
}

// offset writes an item's offset as a position that sorts as it should.
func offset(i int) string { return fmt.Sprintf("%010d", i) }

func isOffset(s string) bool {
	_, err := strconv.Atoi(s)
	return err == nil && len(s) == 10
}

// listUnder pages through the records of table in account whose path
// starts with prefix, in name order, shaped for the answer.
func listUnder[R, S any](ctx context.Context, st store.Store, table, account, prefix string,
	path func(*R) string, shape func(*R) S, marker *string, maxItems *int32) (page[S], error) {
	var out []S
	err := st.View(ctx, func(tx store.Tx) error {
		all, err := list[R](tx, table, account)
		for _, r := range all {
			if strings.HasPrefix(path(r), prefix) {
				out = append(out, shape(r))
			}
		}
		return err
	})
	if err != nil {
		return page[S]{}, err
	}
	return paginate(out, marker, maxItems)
}
