package imagebuilder

import (
	"context"

	"github.com/amityhq/amity/internal/store"
)

// create stores a new unversioned resource under arn, refusing a name
// taken, unless the request is a retry of the one that created it.
func (s *Service) create(ctx context.Context, token idempotency, table, kind, arn string, r any) error {
	return s.store.Update(ctx, func(tx store.Tx) error {
		if _, ok, err := token.replay(tx); err != nil || ok {
			return err
		}
		if _, err := tx.Get(table, arn); err == nil {
			return alreadyExists(kind, arn)
		}
		if err := put(tx, table, arn, r); err != nil {
			return err
		}
		return token.remember(tx, arn)
	})
}

// update changes the record arn of table with change, unless the request
// (token) is a retry of one that did; a record deleted meanwhile is left
// alone.
func update[R any](ctx context.Context, s *Service, token idempotency, table, arn string, change func(*R)) error {
	return s.store.Update(ctx, func(tx store.Tx) error {
		if _, ok, err := token.replay(tx); err != nil || ok {
			return err
		}
		r, ok, err := get[R](tx, table, arn)
		if err != nil || !ok {
			return err
		}
		change(r)
		if err := put(tx, table, arn, r); err != nil {
			return err
		}
		return token.remember(tx, arn)
	})
}
