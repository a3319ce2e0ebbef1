package imagebuilder

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/amityhq/amity/internal/store"
)

// Tables, each keyed by the resource's ARN — arn:aws:imagebuilder:REGION:
// ACCOUNT:KIND/NAME[/VERSION[/BUILD]] — so that an account's resources of a
// kind in a Region are one Scan of the ARN's prefix.
const (
	componentsTable      = "imagebuilder.components"
	recipesTable         = "imagebuilder.recipes"
	infrastructuresTable = "imagebuilder.infrastructures"
	distributionsTable   = "imagebuilder.distributions"
	pipelinesTable       = "imagebuilder.pipelines"
	imagesTable          = "imagebuilder.images"
)

// get reads the record under arn; ok is false when there is none.
func get[R any](tx store.Tx, table, arn string) (*R, bool, error) {
	raw, err := tx.Get(table, arn)
	if errors.Is(err, store.ErrNotFound) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	r := new(R)
	if err := json.Unmarshal(raw, r); err != nil {
		return nil, false, fmt.Errorf("imagebuilder: %s %s: %w", table, arn, err)
	}
	return r, true, nil
}

// put writes a record under arn.
func put(tx store.Tx, table, arn string, r any) error {
	raw, err := json.Marshal(r)
	if err != nil {
		return err
	}
	return tx.Put(table, arn, raw)
}

// scan calls fn for each record whose ARN starts with prefix, in ARN
// order.
func scan[R any](tx store.Tx, table, prefix string, fn func(arn string, r *R) (bool, error)) error {
	return tx.Scan(table, prefix, "", func(k string, raw []byte) (bool, error) {
		r := new(R)
		if err := json.Unmarshal(raw, r); err != nil {
			return false, fmt.Errorf("imagebuilder: %s %s: %w", table, k, err)
		}
		return fn(k, r)
	})
}

// view reads one record.
func view[R any](ctx context.Context, st store.Store, table, arn string) (*R, bool, error) {
	var r *R
	var ok bool
	err := st.View(ctx, func(tx store.Tx) error {
		var err error
		r, ok, err = get[R](tx, table, arn)
		return err
	})
	return r, ok, err
}

// arnPrefix is the ARN prefix of an account's resources of kind in a
// Region ("image-recipe", "image", ...).
func arnPrefix(region, account, kind string) string {
	return "arn:aws:imagebuilder:" + region + ":" + account + ":" + kind + "/"
}

// splitARN returns an Image Builder ARN's Region, account, kind and the
// rest (NAME/VERSION/...); ok is false for anything else.
func splitARN(arn string) (region, account, kind, rest string, ok bool) {
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) != 6 || parts[0] != "arn" || parts[1] != "aws" || parts[2] != "imagebuilder" {
		return "", "", "", "", false
	}
	kind, rest, ok = strings.Cut(parts[5], "/")
	return parts[3], parts[4], kind, rest, ok && rest != ""
}
