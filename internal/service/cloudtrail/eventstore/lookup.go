package eventstore

import (
	"context"
	"encoding/binary"
	"errors"
	"slices"
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

// Lookup returns the records of q, newest first (records of the same
// time in the order they were planned), and the position of the last one
// when more follow ("" at the end). An After that no Lookup returned is
// ErrPosition.
func (s *Store) Lookup(ctx context.Context, q Query) (events []Event, next string, err error) {
	after, err := parsePosition(q.After)
	if err != nil {
		return nil, "", err
	}
	if q.Attribute == EventID {
		events, err = s.byID(ctx, q, after)
		return events, "", err
	}
	err = s.st.View(ctx, func(tx store.Tx) error {
		m := merge{q: &q, after: after}
		table, prefix := eventsTable(q.Partition), ""
		if q.Attribute != 0 {
			table, prefix = indexTable(q.Partition), indexPrefix(q.Attribute, q.Value)
		}
		// A segment whose newest record is up to maxSpan after the end
		// (or the last position) may hold records before it.
		from := q.End
		if after != nil && after.Time.Before(from) {
			from = after.Time
		}
		err := tx.Scan(table, prefix, prefix+timeKey(from.Add(maxSpan)), func(key string, value []byte) (bool, error) {
			seg := key[len(prefix):]
			newest := keyTime(seg)
			if newest.Before(q.Start) || !m.emit(newest) {
				return false, nil
			}
			bits, v := ^uint64(0), value
			if q.Attribute != 0 {
				bits = binary.BigEndian.Uint64(value)
				var err error
				if v, err = tx.Get(eventsTable(q.Partition), seg); err != nil {
					return false, err
				}
			}
			evs, err := decodeSegment(q.Partition, seg, v, bits)
			if err != nil {
				return false, err
			}
			m.add(evs)
			return true, nil
		})
		if err != nil {
			return err
		}
		m.emit(time.Time{})
		events, next = m.page()
		return nil
	})
	return events, next, err
}

// byID finds the record an event id names, if it is the partition's and
// in the query's range.
func (s *Store) byID(ctx context.Context, q Query, after *position) ([]Event, error) {
	seg, pos, ok := location(q.Value)
	if !ok || after != nil {
		return nil, nil
	}
	var out []Event
	err := s.st.View(ctx, func(tx store.Tx) error {
		v, err := tx.Get(eventsTable(q.Partition), seg)
		if errors.Is(err, store.ErrNotFound) {
			return nil
		}
		if err != nil {
			return err
		}
		evs, err := decodeSegment(q.Partition, seg, v, 1<<pos)
		if err != nil {
			return err
		}
		for _, ev := range evs {
			if !ev.Time.Before(q.Start) && !ev.Time.After(q.End) {
				out = append(out, ev)
			}
		}
		return nil
	})
	return out, err
}

// merge orders the records of segments read newest segment first: the
// segments' time spans overlap (a slow call is recorded after quicker
// later ones), so a record waits until no segment still to read can hold
// a newer one.
type merge struct {
	q       *Query
	after   *position
	pending []Event // read, not yet answered, in answer order
	out     []Event
}

// before reports whether a comes before b in LookupEvents' order.
func before(a, b *Event) bool {
	if !a.Time.Equal(b.Time) {
		return a.Time.After(b.Time)
	}
	if a.seg != b.seg {
		return a.seg < b.seg
	}
	return a.pos < b.pos
}

// add takes a segment's records that the query wants.
func (m *merge) add(evs []Event) {
	for _, ev := range evs {
		if ev.Time.Before(m.q.Start) || ev.Time.After(m.q.End) ||
			(m.after != nil && !before(&m.after.Event, &ev)) {
			continue
		}
		i, _ := slices.BinarySearchFunc(m.pending, ev, func(p, e Event) int {
			if before(&p, &e) {
				return -1
			}
			return 1
		})
		m.pending = slices.Insert(m.pending, i, ev)
	}
}

// emit answers the pending records newer than every record of the
// segments still to read, whose newest is newest (all when zero), and
// reports whether the page wants more.
func (m *merge) emit(newest time.Time) bool {
	for len(m.pending) > 0 && len(m.out) <= m.q.Limit && (newest.IsZero() || m.pending[0].Time.After(newest)) {
		m.out = append(m.out, m.pending[0])
		m.pending = m.pending[1:]
	}
	return len(m.out) <= m.q.Limit
}

// page is the answer, and the position after it when more follow: one
// record more than asked was gathered to know.
func (m *merge) page() ([]Event, string) {
	if len(m.out) <= m.q.Limit {
		return m.out, ""
	}
	out := m.out[:m.q.Limit]
	return out, out[len(out)-1].position()
}

// position is where a page ended: its last record's time and place.
type position struct{ Event }

func (ev *Event) position() string {
	b := binary.BigEndian.AppendUint64(nil, uint64(ev.Time.UnixNano()))
	return string(append(append(b, ev.seg...), byte(ev.pos)))
}

// ErrPosition is an After that no Lookup returned.
var ErrPosition = errors.New("eventstore: not a position")

func parsePosition(s string) (*position, error) {
	if s == "" {
		return nil, nil
	}
	if len(s) != 8+segmentKeyLen+1 {
		return nil, ErrPosition
	}
	p := &position{}
	p.Time = time.Unix(0, int64(binary.BigEndian.Uint64([]byte(s[:8])))).UTC()
	p.seg, p.pos = s[8:8+segmentKeyLen], int(s[len(s)-1])
	return p, nil
}
