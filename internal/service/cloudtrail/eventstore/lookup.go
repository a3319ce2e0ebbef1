package eventstore

import (
	"context"
	"errors"
	"time"

	"github.com/amityhq/amity/internal/store"
)

// Query is a LookupEvents search of one partition.
type Query struct {
	Partition
	// Attribute and Value filter the records; Attribute 0 takes all.
	Attribute Attribute
	Value     string
	// Start and End bound the event times, both included.
	Start, End time.Time
	// After is the position a previous page ended at ("" for the first).
	After string
	Limit int
}

// Lookup returns the records of q, newest first, and the position of the
// last one when more follow ("" at the end).
func (s *Store) Lookup(ctx context.Context, q Query) (events []Event, next string, err error) {
	err = s.st.View(ctx, func(tx store.Tx) error {
		events, next = nil, ""
		table, prefix := eventsTable(q.Partition), ""
		if q.Attribute != 0 {
			table, prefix = indexTable(q.Partition), indexPrefix(q.Attribute, q.Value)
		}
		after := prefix + timeKey(q.End)
		if q.After != "" && prefix+q.After > after {
			after = prefix + q.After
		}
		oldest := timeKey(q.Start)
		return tx.Scan(table, prefix, after, func(key string, value []byte) (bool, error) {
			primary := key[len(key)-primaryLen:]
			if primary[:8] > oldest {
				return false, nil // older than Start
			}
			if len(events) == q.Limit {
				next = events[len(events)-1].key
				return false, nil
			}
			if q.Attribute != 0 {
				v, err := tx.Get(eventsTable(q.Partition), primary)
				if errors.Is(err, store.ErrNotFound) {
					return true, nil // an index entry outliving its record: skipped
				}
				if err != nil {
					return false, err
				}
				value = v
			}
			ev := Event{key: primary}
			if err := decode(value, &ev.Record); err != nil {
				return false, err
			}
			ev.Account, ev.Region, ev.Time = q.Account, q.Region, keyTime(primary)
			events = append(events, ev)
			return true, nil
		})
	})
	return events, next, err
}
