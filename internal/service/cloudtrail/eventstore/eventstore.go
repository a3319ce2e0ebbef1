// Package eventstore keeps CloudTrail records in amity's store: per account
// and Region, newest first, with an index for each attribute LookupEvents
// filters on, compressed, and deleted once older than the retention
// period. Writing is batched: the caller encodes records (Encode, no
// transaction held) and writes many in one transaction (Write).
package eventstore

import (
	"context"
	"slices"
	"strconv"

	"github.com/amityhq/amity/internal/service/cloudtrail/record"
	"github.com/amityhq/amity/internal/store"
)

// Store is the records of every account and Region.
type Store struct {
	st store.Store
}

// New returns the records kept in st.
func New(st store.Store) *Store { return &Store{st: st} }

// Entry is a record encoded for writing: its key, value and index keys.
type Entry struct {
	partition Partition
	key       string
	value     []byte
	index     []string
}

// Size is the bytes the entry's keys and values take.
func (en *Entry) Size() int {
	n := len(en.key) + len(en.value)
	for _, k := range en.index {
		n += len(k)
	}
	return n
}

// Encode returns rec ready to write.
func Encode(rec *record.Record) Entry {
	key := primaryKey(rec.Time, rec.EventID)
	return Entry{partition: Partition{rec.Account, rec.Region}, key: key, value: encode(rec), index: indexKeys(rec, key)}
}

// indexKeys are the index entries of rec, stored under key.
func indexKeys(rec *record.Record, key string) []string {
	var index []string
	add := func(a Attribute, v string) {
		if v == "" {
			return
		}
		k := indexPrefix(a, v) + key
		if !slices.Contains(index, k) {
			index = append(index, k)
		}
	}
	add(EventID, rec.EventID)
	add(EventName, rec.EventName)
	add(ReadOnly, strconv.FormatBool(rec.ReadOnly))
	add(Username, rec.Username)
	add(EventSource, rec.EventSource)
	add(AccessKeyID, rec.AccessKeyID)
	for _, r := range rec.Resources {
		add(ResourceType, r.Type)
		add(ResourceName, r.Name)
	}
	return index
}

// Write writes entries in one transaction: durable when it returns nil.
func (s *Store) Write(ctx context.Context, entries []Entry) error {
	return s.st.Update(ctx, func(tx store.Tx) error {
		seen := map[Partition]bool{}
		for i := range entries {
			en := &entries[i]
			if !seen[en.partition] {
				seen[en.partition] = true
				if err := tx.Put(partitionsTable, en.partition.key(), nil); err != nil {
					return err
				}
			}
			if err := tx.Put(eventsTable(en.partition), en.key, en.value); err != nil {
				return err
			}
			for _, k := range en.index {
				if err := tx.Put(indexTable(en.partition), k, nil); err != nil {
					return err
				}
			}
		}
		return nil
	})
}
