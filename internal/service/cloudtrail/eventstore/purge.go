package eventstore

import (
	"context"
	"strings"
	"time"

	"github.com/amityhq/amity/internal/service/cloudtrail/record"
	"github.com/amityhq/amity/internal/store"
)

// purgeBatch bounds the records one purge transaction deletes, so that
// writers wait for it briefly.
const purgeBatch = 2000

// Purge deletes every record older than cutoff, with its index entries,
// and returns how many it deleted.
func (s *Store) Purge(ctx context.Context, cutoff time.Time) (int, error) {
	partitions, err := s.partitions(ctx)
	if err != nil {
		return 0, err
	}
	total := 0
	for _, p := range partitions {
		for {
			n, err := s.purgeSome(ctx, p, cutoff)
			total += n
			if err != nil {
				return total, err
			}
			if n < purgeBatch {
				break
			}
		}
	}
	return total, nil
}

// purgeSome deletes up to purgeBatch of p's records older than cutoff.
func (s *Store) purgeSome(ctx context.Context, p Partition, cutoff time.Time) (int, error) {
	n := 0
	err := s.st.Update(ctx, func(tx store.Tx) error {
		n = 0
		type stale struct {
			key   string
			index []string
		}
		var old []stale
		// Events strictly older than cutoff sort after its time key.
		err := tx.Scan(eventsTable(p), "", timeKey(cutoff)+"\xff\xff\xff\xff\xff\xff\xff\xff", func(key string, value []byte) (bool, error) {
			var rec record.Record
			if _, err := decodeAttributes(value, &rec); err != nil {
				return false, err
			}
			old = append(old, stale{key, indexKeys(&rec, key)})
			return len(old) < purgeBatch, nil
		})
		if err != nil {
			return err
		}
		for _, st := range old {
			if err := tx.Delete(eventsTable(p), st.key); err != nil {
				return err
			}
			for _, k := range st.index {
				if err := tx.Delete(indexTable(p), k); err != nil {
					return err
				}
			}
		}
		n = len(old)
		return nil
	})
	return n, err
}

// partitions lists every partition that has had records.
func (s *Store) partitions(ctx context.Context) ([]Partition, error) {
	var out []Partition
	err := s.st.View(ctx, func(tx store.Tx) error {
		out = nil
		return tx.Scan(partitionsTable, "", "", func(key string, _ []byte) (bool, error) {
			acct, region, _ := strings.Cut(key, "/")
			out = append(out, Partition{acct, region})
			return true, nil
		})
	})
	return out, err
}

// Stats counts what the store holds: records, index entries, and the
// bytes of their keys and values.
type Stats struct {
	Records, IndexEntries int
	Bytes                 int64
}

// Stats scans every partition.
func (s *Store) Stats(ctx context.Context) (Stats, error) {
	partitions, err := s.partitions(ctx)
	if err != nil {
		return Stats{}, err
	}
	var st Stats
	err = s.st.View(ctx, func(tx store.Tx) error {
		st = Stats{}
		for _, p := range partitions {
			if err := tx.Scan(eventsTable(p), "", "", func(k string, v []byte) (bool, error) {
				st.Records++
				st.Bytes += int64(len(k) + len(v))
				return true, nil
			}); err != nil {
				return err
			}
			if err := tx.Scan(indexTable(p), "", "", func(k string, _ []byte) (bool, error) {
				st.IndexEntries++
				st.Bytes += int64(len(k))
				return true, nil
			}); err != nil {
				return err
			}
		}
		return nil
	})
	return st, err
}
