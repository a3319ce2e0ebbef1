package eventstore

import (
	"encoding/binary"
	"time"
)

// Attribute is a LookupEvents attribute with an index, by its code in the
// index's keys.
type Attribute byte

// The attributes LookupEvents filters on [CloudTrail API Reference,
// LookupAttribute]; 0 is none.
const (
	EventID Attribute = iota + 1
	EventName
	ReadOnly
	Username
	ResourceType
	ResourceName
	EventSource
	AccessKeyID
)

// Attributes are the attributes by their API names (LookupAttributeKey).
var Attributes = map[string]Attribute{
	"EventId": EventID, "EventName": EventName, "ReadOnly": ReadOnly, "Username": Username,
	"ResourceType": ResourceType, "ResourceName": ResourceName, "EventSource": EventSource,
	"AccessKeyId": AccessKeyID,
}

// Tables and keys. A partition — an account's records in one Region, what
// one LookupEvents call sees — has two tables:
//
//	events: key = segment key: 8 bytes of the newest record's time
//	        (nanoseconds, bits inverted, so that byte order is newest
//	        first) and 4 random bytes; value = the segment, up to
//	        maxSegment records newest first (segment.go)
//	index:  key = attribute code + uvarint length + value + segment key;
//	        value = 8 bytes, the bitmap of the segment's records that
//	        have that value
//
// so that every lookup, by attribute or not, is one range scan in the
// order LookupEvents answers, and the writer puts one key per segment
// and per distinct value in it rather than ten per record.
const (
	tablePrefix     = "cloudtrail/"
	partitionsTable = tablePrefix + "partitions"
	segmentKeyLen   = 12
	// maxSegment is the records a segment holds: a bitmap's bits.
	maxSegment = 64
	// maxSpan is the most a segment's records' times differ: a lookup
	// ending at T starts with the segments whose newest record is before
	// T + maxSpan, which may hold records before T.
	maxSpan = time.Second
)

func eventsTable(p Partition) string { return tablePrefix + "events/" + p.Account + "/" + p.Region }
func indexTable(p Partition) string  { return tablePrefix + "index/" + p.Account + "/" + p.Region }

// Partition is an account's records in one Region.
type Partition struct{ Account, Region string }

func (p Partition) key() string { return p.Account + "/" + p.Region }

// Records are kept between the Unix epoch and the last instant whose
// nanoseconds an int64 holds (year 2262); times outside are clamped.
var (
	minTime = time.Unix(0, 0)
	maxTime = time.Unix(0, 1<<63-1)
)

// timeKey is the first 8 bytes of the events keys at t.
func timeKey(t time.Time) string {
	switch {
	case t.Before(minTime):
		t = minTime
	case t.After(maxTime):
		t = maxTime
	}
	var b [8]byte
	binary.BigEndian.PutUint64(b[:], ^uint64(t.UnixNano()))
	return string(b[:])
}

// keyTime is the time of a segment key: its newest record's.
func keyTime(key string) time.Time {
	return time.Unix(0, int64(^binary.BigEndian.Uint64([]byte(key[:8])))).UTC()
}

// indexPrefix is the start of the index keys of attribute a = value.
func indexPrefix(a Attribute, value string) string {
	b := make([]byte, 0, 1+binary.MaxVarintLen64+len(value))
	b = append(b, byte(a))
	b = binary.AppendUvarint(b, uint64(len(value)))
	return string(append(b, value...))
}
