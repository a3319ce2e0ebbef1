// Package eventstore keeps CloudTrail records in amity's store: per account
// and Region, newest first, in segments of up to 64 records with an index
// of each attribute LookupEvents filters on, deleted once older than the
// retention period. Writing is batched: the writer plans a batch's
// records into segments (Assign), which gives their event ids, builds
// them, and writes the batch in one transaction (Write) — one key per
// segment and per distinct value in it.
package eventstore

import (
	"context"
	"crypto/rand"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/amityhq/amity/internal/service/cloudtrail/record"
	"github.com/amityhq/amity/internal/store"
)

// Store is the records of every account and Region.
type Store struct {
	st store.Store
}

// New returns the records kept in st.
func New(st store.Store) *Store { return &Store{st: st} }

// Slot is a record to come: its partition and time.
type Slot struct {
	Partition
	Time time.Time
}

// Plan places the records of a batch in segments: each partition's,
// newest first, cut when a segment is full or would span more than
// maxSpan.
type Plan struct {
	seg []string
	pos []int
}

// Assign plans slots.
func Assign(slots []Slot) *Plan {
	p := &Plan{seg: make([]string, len(slots)), pos: make([]int, len(slots))}
	order := make([]int, len(slots))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(i, j int) int {
		a, b := slots[i], slots[j]
		if c := strings.Compare(a.Account, b.Account); c != 0 {
			return c
		}
		if c := strings.Compare(a.Region, b.Region); c != 0 {
			return c
		}
		return b.Time.Compare(a.Time)
	})
	var seg string
	var newest time.Time
	var cur Partition
	n := 0
	for _, i := range order {
		s := slots[i]
		if seg == "" || s.Partition != cur || n == maxSegment || newest.Sub(s.Time) > maxSpan {
			seg, newest, cur, n = newSegmentKey(s.Time), s.Time, s.Partition, 0
		}
		p.seg[i], p.pos[i] = seg, n
		n++
	}
	return p
}

// ID is the event id of the i-th slot.
func (p *Plan) ID(i int) string { return eventID(p.seg[i], p.pos[i]) }

func newSegmentKey(newest time.Time) string {
	var r [segmentKeyLen - 8]byte
	_, _ = rand.Read(r[:]) // crypto/rand never fails
	return timeKey(newest) + string(r[:])
}

// segment is a planned segment's records by position.
type segment struct {
	partition Partition
	recs      []*record.Record
}

// Write writes the records of plan, recs[i] the i-th slot's with the id
// the plan gave it, in one transaction: durable when it returns nil. Each
// table's keys are put in ascending order: new segments sort first
// (newest first), and inserting them in order spares bbolt from shifting
// a page's entries once per key.
func (s *Store) Write(ctx context.Context, plan *Plan, recs []record.Record) error {
	segs := map[string]*segment{}
	for i := range recs {
		sg := segs[plan.seg[i]]
		if sg == nil {
			sg = &segment{partition: Partition{recs[i].Account, recs[i].Region}}
			segs[plan.seg[i]] = sg
		}
		for len(sg.recs) <= plan.pos[i] {
			sg.recs = append(sg.recs, nil)
		}
		sg.recs[plan.pos[i]] = &recs[i]
	}
	type put struct {
		key   string
		value []byte
	}
	tables := map[string][]put{}
	for key, sg := range segs {
		events := eventsTable(sg.partition)
		if _, ok := tables[events]; !ok {
			tables[partitionsTable] = append(tables[partitionsTable], put{key: sg.partition.key()})
		}
		tables[events] = append(tables[events], put{key, encodeSegment(sg.recs)})
		index := indexTable(sg.partition)
		for prefix, bits := range bitmaps(sg.recs) {
			tables[index] = append(tables[index], put{prefix + key, binary64(bits)})
		}
	}
	return s.st.Update(ctx, func(tx store.Tx) error {
		for _, table := range slices.Sorted(maps.Keys(tables)) {
			puts := tables[table]
			slices.SortFunc(puts, func(a, b put) int { return strings.Compare(a.key, b.key) })
			for _, p := range puts {
				if err := tx.Put(table, p.key, p.value); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

// bitmaps returns, for each attribute value the records of a segment
// have, the bitmap of those that have it, by index prefix.
func bitmaps(recs []*record.Record) map[string]uint64 {
	out := map[string]uint64{}
	for pos, r := range recs {
		for _, prefix := range indexPrefixes(r) {
			out[prefix] |= 1 << pos
		}
	}
	return out
}

// indexPrefixes are the index prefixes of a record's attribute values
// (its event id needs none: it names its place).
func indexPrefixes(r *record.Record) []string {
	out := make([]string, 0, 8)
	add := func(a Attribute, v string) {
		if v != "" {
			out = append(out, indexPrefix(a, v))
		}
	}
	add(EventName, r.EventName)
	add(ReadOnly, strconv.FormatBool(r.ReadOnly))
	add(Username, r.Username)
	add(EventSource, r.EventSource)
	add(AccessKeyID, r.AccessKeyID)
	for _, res := range r.Resources {
		add(ResourceType, res.Type)
		add(ResourceName, res.Name)
	}
	return out
}

func binary64(v uint64) []byte {
	b := make([]byte, 8)
	for i := range b {
		b[i] = byte(v >> (56 - 8*i))
	}
	return b
}
