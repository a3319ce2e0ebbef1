package iam

import (
	"context"
	"strconv"
	"strings"

	"github.com/amityhq/amity/internal/api/iamapi"
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

// paginate cuts the page that marker and maxItems select from items. The
// marker is the offset of the page's first item, opaque to clients as
// AWS's markers are; one that is not a number amity wrote is refused.
func paginate[T any](items []T, marker *string, maxItems *int32) (page[T], error) {
	start := 0
	if marker != nil {
		n, err := strconv.Atoi(*marker)
		if err != nil || n < 0 {
			// UNVERIFIED text: AWS's markers are opaque blobs and no
			// capture of a refused one was found.
			return page[T]{}, iamapi.InvalidInputException("Invalid Marker.")
		}
		start = min(n, len(items))
	}
	size := defaultMaxItems
	if maxItems != nil {
		size = int(*maxItems)
	}
	end := min(start+size, len(items))
	p := page[T]{items: items[start:end], truncated: ptr(end < len(items))}
	if end < len(items) {
		p.marker = ptr(strconv.Itoa(end))
	}
	if p.items == nil {
		p.items = []T{}
	}
	return p, nil
}

func ptr[T any](v T) *T { return &v }

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
