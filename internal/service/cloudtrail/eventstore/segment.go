package eventstore

import (
	"encoding/binary"
	"errors"
	"time"

	"github.com/amityhq/amity/internal/service/cloudtrail/record"
)

// A segment is up to maxSegment records of one partition, newest first:
//
//	byte    format (1)
//	uvarint count
//	then each record:
//	varint  time (Unix nanoseconds)
//	strings eventName, eventSource, username, accessKeyID
//	byte    readOnly
//	uvarint resources, then each type and name
//	string  the JSON
//
// A string is a uvarint length and its bytes. The event id is not kept:
// it is the segment's key and the position (id.go). The JSON is kept as
// is: compressing it (DEFLATE with a dictionary of the text records
// repeat) saved a third of its bytes but cost the writer more than the
// rest of recording together.
const segmentFormat = 1

// Event is a stored record as LookupEvents answers it.
type Event struct {
	record.Record
	seg string // its segment's key
	pos int    // and position there
}

func appendString[T string | []byte](b []byte, s T) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

// encodeSegment returns the stored form of recs, newest first.
func encodeSegment(recs []*record.Record) []byte {
	n := 16
	for _, r := range recs {
		n += 64 + len(r.EventName) + len(r.EventSource) + len(r.Username) + len(r.AccessKeyID) + len(r.JSON)
		for _, res := range r.Resources {
			n += 8 + len(res.Type) + len(res.Name)
		}
	}
	b := make([]byte, 0, n)
	b = append(b, segmentFormat)
	b = binary.AppendUvarint(b, uint64(len(recs)))
	for _, r := range recs {
		b = binary.AppendVarint(b, r.Time.UnixNano())
		for _, s := range [...]string{r.EventName, r.EventSource, r.Username, r.AccessKeyID} {
			b = appendString(b, s)
		}
		ro := byte(0)
		if r.ReadOnly {
			ro = 1
		}
		b = append(b, ro)
		b = binary.AppendUvarint(b, uint64(len(r.Resources)))
		for _, res := range r.Resources {
			b = appendString(appendString(b, res.Type), res.Name)
		}
		b = appendString(b, r.JSON)
	}
	return b
}

var errCorrupt = errors.New("eventstore: corrupt segment")

// decoder reads a segment's fields in order.
type decoder struct {
	b   []byte
	err error
}

func (d *decoder) uvarint() uint64 {
	n, k := binary.Uvarint(d.b)
	if k <= 0 {
		d.err = errCorrupt
		return 0
	}
	d.b = d.b[k:]
	return n
}

func (d *decoder) bytes() []byte {
	n := d.uvarint()
	if d.err != nil || uint64(len(d.b)) < n {
		d.err = errCorrupt
		return nil
	}
	s := d.b[:n:n]
	d.b = d.b[n:]
	return s
}

func (d *decoder) string() string { return string(d.bytes()) }

// decodeSegment reads the records of the segment seg whose positions are
// in want (a bitmap; all when ^0), sharing the JSON with v.
func decodeSegment(p Partition, seg string, v []byte, want uint64) ([]Event, error) {
	if len(v) == 0 || v[0] != segmentFormat {
		return nil, errCorrupt
	}
	d := decoder{b: v[1:]}
	n := d.uvarint()
	if n > maxSegment {
		return nil, errCorrupt
	}
	var out []Event
	for pos := range int(n) {
		at, k := binary.Varint(d.b)
		if k <= 0 {
			return nil, errCorrupt
		}
		d.b = d.b[k:]
		ev := Event{seg: seg, pos: pos}
		r := &ev.Record
		r.Account, r.Region, r.Time = p.Account, p.Region, time.Unix(0, at).UTC()
		r.EventName, r.EventSource, r.Username, r.AccessKeyID = d.string(), d.string(), d.string(), d.string()
		if d.err != nil || len(d.b) == 0 {
			return nil, errCorrupt
		}
		r.ReadOnly = d.b[0] == 1
		d.b = d.b[1:]
		nres := d.uvarint()
		if nres > uint64(len(d.b)) {
			return nil, errCorrupt
		}
		for range nres {
			r.Resources = append(r.Resources, record.Resource{Type: d.string(), Name: d.string()})
		}
		r.JSON = d.bytes()
		if d.err != nil {
			return nil, d.err
		}
		if want&(1<<pos) != 0 {
			r.EventID = eventID(seg, pos)
			out = append(out, ev)
		}
	}
	return out, nil
}
