package eventstore

import (
	"context"
	"strings"
	"time"

	"github.com/amityhq/amity/internal/store"
)

// purgeBatch bounds the segments one purge transaction deletes, so that
// writers wait for it briefly.
const purgeBatch = 256

// Purge deletes the segments whose records are all older than cutoff,
// with their index entries, and returns how many records it deleted.
func (s *Store) Purge(ctx context.Context, cutoff time.Time) (int, error) {
	partitions, err := s.partitions(ctx)
	if err != nil {
		return 0, err
	}
	total := 0
	for _, p := range partitions {
		for {
			segs, n, err := s.purgeSome(ctx, p, cutoff)
			total += n
			if err != nil {
				return total, err
			}
			if segs < purgeBatch {
				break
			}
		}
	}
	return total, nil
}

// purgeSome deletes up to purgeBatch of p's segments older than cutoff.
func (s *Store) purgeSome(ctx context.Context, p Partition, cutoff time.Time) (segs, records int, err error) {
	err = s.st.Update(ctx, func(tx store.Tx) error {
		segs, records = 0, 0
		type stale struct {
			key   string
			index []string
		}
		var old []stale
		// Segments whose newest record is before cutoff sort after
		// every key of its time.
		err := tx.Scan(eventsTable(p), "", timeKey(cutoff)+strings.Repeat("\xff", segmentKeyLen-8), func(key string, value []byte) (bool, error) {
			evs, err := decodeSegment(p, key, value, ^uint64(0))
			if err != nil {
				return false, err
			}
			st := stale{key: key}
			for i := range evs {
				for _, prefix := range indexPrefixes(&evs[i].Record) {
					st.index = append(st.index, prefix+key)
				}
			}
			old = append(old, st)
			records += len(evs)
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
		segs = len(old)
		return nil
	})
	return segs, records, err
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

// Stats counts what the store holds: records, segments, index entries,
// and the bytes of their keys and values.
type Stats struct {
	Records, Segments, IndexEntries int
	Bytes                           int64
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
				d := decoder{b: v[1:]}
				st.Records += int(d.uvarint())
				st.Segments++
				st.Bytes += int64(len(k) + len(v))
				return true, d.err
			}); err != nil {
				return err
			}
			if err := tx.Scan(indexTable(p), "", "", func(k string, v []byte) (bool, error) {
				st.IndexEntries++
				st.Bytes += int64(len(k) + len(v))
				return true, nil
			}); err != nil {
				return err
			}
		}
		return nil
	})
	return st, err
}
