package eventstore_test

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/amityhq/amity/internal/service/cloudtrail/eventstore"
	"github.com/amityhq/amity/internal/service/cloudtrail/record"
	"github.com/amityhq/amity/internal/store/bolt"
)

var t0 = time.Date(2026, 5, 18, 6, 0, 0, 0, time.UTC)

func open(t testing.TB) *eventstore.Store {
	t.Helper()
	st, err := bolt.Open(filepath.Join(t.TempDir(), "db"), time.Second)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return eventstore.New(st)
}

// rec is the i-th record of a test: i seconds after t0, alternating
// event names, each touching key i%3.
func rec(i int) record.Record {
	name := []string{"Encrypt", "CreateGrant"}[i%2]
	return record.Record{
		Account: "111122223333", Region: "us-east-1", Time: t0.Add(time.Duration(i) * time.Second),
		EventName: name, EventSource: "kms.amazonaws.com", ReadOnly: name == "Encrypt", Username: "alice", AccessKeyID: "AKIAEXAMPLE",
		Resources: []record.Resource{{Type: "AWS::KMS::Key", Name: fmt.Sprintf("arn:aws:kms:us-east-1:111122223333:key/k%d", i%3)}},
		JSON:      fmt.Appendf(nil, `{"eventVersion":"1.11","eventName":%q,"n":%d}`, name, i),
	}
}

// write writes recs as one batch, giving each its event id.
func write(t testing.TB, s *eventstore.Store, recs []record.Record) {
	t.Helper()
	slots := make([]eventstore.Slot, len(recs))
	for i, r := range recs {
		slots[i] = eventstore.Slot{Partition: eventstore.Partition{Account: r.Account, Region: r.Region}, Time: r.Time}
	}
	plan := eventstore.Assign(slots)
	for i := range recs {
		recs[i].EventID = plan.ID(i)
	}
	if err := s.Write(context.Background(), plan, recs); err != nil {
		t.Fatal(err)
	}
}

// seconds names records by their second after t0.
func seconds(evs []eventstore.Event) []int {
	var out []int
	for _, ev := range evs {
		out = append(out, int(ev.Time.Sub(t0)/time.Second))
	}
	return out
}

func desc(from, to int, step int) []int {
	var out []int
	for i := from; i >= to; i -= step {
		out = append(out, i)
	}
	return out
}

// pages returns the records of q, page after page.
func pages(t *testing.T, s *eventstore.Store, q eventstore.Query) []int {
	t.Helper()
	var got []int
	for range 100 {
		evs, next, err := s.Lookup(context.Background(), q)
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, seconds(evs)...)
		if next == "" {
			return got
		}
		q.After = next
	}
	t.Fatal("no last page")
	return nil
}

var partition = eventstore.Partition{Account: "111122223333", Region: "us-east-1"}

func TestLookupFiltersAndPages(t *testing.T) {
	s := open(t)
	var recs []record.Record
	for i := range 150 { // three segments at least
		recs = append(recs, rec(i))
	}
	write(t, s, recs)
	other := []record.Record{rec(20)}
	other[0].Region = "eu-west-1"
	write(t, s, other)
	ctx := context.Background()
	all := eventstore.Query{Partition: partition, Start: t0, End: t0.Add(time.Hour), Limit: 200}

	tests := []struct {
		name string
		q    func(q eventstore.Query) eventstore.Query
		want []int
	}{
		{"everything, newest first", func(q eventstore.Query) eventstore.Query { return q }, desc(149, 0, 1)},
		{"event name", func(q eventstore.Query) eventstore.Query {
			q.Attribute, q.Value = eventstore.EventName, "CreateGrant"
			return q
		}, desc(149, 1, 2)},
		{"resource name", func(q eventstore.Query) eventstore.Query {
			q.Attribute, q.Value = eventstore.ResourceName, "arn:aws:kms:us-east-1:111122223333:key/k1"
			return q
		}, desc(148, 1, 3)},
		{"read-only, time range inclusive", func(q eventstore.Query) eventstore.Query {
			q.Attribute, q.Value = eventstore.ReadOnly, "true"
			q.Start, q.End = t0.Add(2*time.Second), t0.Add(6*time.Second)
			return q
		}, []int{6, 4, 2}},
		{"event id", func(q eventstore.Query) eventstore.Query {
			q.Attribute, q.Value = eventstore.EventID, recs[3].EventID
			return q
		}, []int{3}},
		{"event id of another Region", func(q eventstore.Query) eventstore.Query {
			q.Attribute, q.Value = eventstore.EventID, other[0].EventID
			return q
		}, nil},
		{"an id not amity's", func(q eventstore.Query) eventstore.Query {
			q.Attribute, q.Value = eventstore.EventID, "7941ede6-0d4c-4b8a-9f0e-2f4b9c1d3e5a"
			return q
		}, nil},
		{"nothing matches", func(q eventstore.Query) eventstore.Query {
			q.Attribute, q.Value = eventstore.Username, "bob"
			return q
		}, nil},
	}
	for _, tt := range tests {
		evs, next, err := s.Lookup(ctx, tt.q(all))
		if err != nil || next != "" || !slices.Equal(seconds(evs), tt.want) {
			t.Errorf("%s: got %v next %q err %v, want %v", tt.name, seconds(evs), next, err, tt.want)
		}
	}

	// Pages of seven, by attribute and not, end where they should.
	for _, q := range []eventstore.Query{all, {Partition: partition, Attribute: eventstore.EventSource, Value: "kms.amazonaws.com",
		Start: t0, End: t0.Add(time.Hour)}} {
		q.Limit = 7
		if got := pages(t, s, q); !slices.Equal(got, desc(149, 0, 1)) {
			t.Errorf("paged %v", got)
		}
	}
	if _, _, err := s.Lookup(ctx, eventstore.Query{Partition: partition, After: "nope", Limit: 1}); err != eventstore.ErrPosition {
		t.Errorf("a made-up position: %v", err)
	}

	// What comes back is what was written.
	evs, _, err := s.Lookup(ctx, eventstore.Query{Partition: partition, Attribute: eventstore.EventID, Value: recs[4].EventID,
		Start: t0, End: t0.Add(time.Hour), Limit: 1})
	if err != nil || len(evs) != 1 {
		t.Fatalf("%v %v", evs, err)
	}
	got, want := evs[0].Record, recs[4]
	if string(got.JSON) != string(want.JSON) || !got.Time.Equal(want.Time) || got.Username != want.Username || got.EventID != want.EventID ||
		got.AccessKeyID != want.AccessKeyID || !got.ReadOnly || !slices.Equal(got.Resources, want.Resources) || got.Account != want.Account {
		t.Errorf("read back %+v\nwrote %+v", got, want)
	}
}

// TestSlowCallsKeepTheOrder: a call recorded after quicker later ones (a
// second batch holding an older record) is answered in its place.
func TestSlowCallsKeepTheOrder(t *testing.T) {
	s := open(t)
	write(t, s, []record.Record{rec(10), rec(12), rec(14)})
	write(t, s, []record.Record{rec(11), rec(15)})
	write(t, s, []record.Record{rec(13)})
	q := eventstore.Query{Partition: partition, Start: t0, End: t0.Add(time.Hour), Limit: 2}
	if got := pages(t, s, q); !slices.Equal(got, desc(15, 10, 1)) {
		t.Errorf("got %v", got)
	}
}

func TestPurgeDeletesOldRecordsAndTheirIndexEntries(t *testing.T) {
	s := open(t)
	var recs []record.Record
	for i := range 6 {
		recs = append(recs, rec(i*120)) // two minutes apart: a segment each
	}
	write(t, s, recs)
	ctx := context.Background()
	before, err := s.Stats(ctx)
	// Each record has 7 attribute values (name, read-only, user, source,
	// access key, resource type and name), indexed once per segment.
	if err != nil || before.Records != 6 || before.Segments != 6 || before.IndexEntries != 6*7 {
		t.Fatalf("stats %+v, %v", before, err)
	}
	n, err := s.Purge(ctx, t0.Add(6*time.Minute))
	if err != nil || n != 3 {
		t.Fatalf("purged %d, %v", n, err)
	}
	if after, err := s.Stats(ctx); err != nil || after.Records != 3 || after.IndexEntries != 3*7 || after.Bytes >= before.Bytes {
		t.Errorf("stats after purge %+v, %v", after, err)
	}
	for _, a := range []struct {
		attr  eventstore.Attribute
		value string
		want  []int
	}{
		{0, "", []int{600, 480, 360}},
		{eventstore.EventName, "Encrypt", []int{600, 480, 360}},
		{eventstore.EventID, recs[1].EventID, nil},
	} {
		evs, _, err := s.Lookup(ctx, eventstore.Query{Partition: partition, Attribute: a.attr, Value: a.value,
			Start: t0.Add(-time.Hour), End: t0.Add(time.Hour), Limit: 50})
		if err != nil || !slices.Equal(seconds(evs), a.want) {
			t.Errorf("after purge, %d=%s: %v, %v; want %v", a.attr, a.value, seconds(evs), err, a.want)
		}
	}
}
