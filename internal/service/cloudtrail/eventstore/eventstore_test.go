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

func open(t *testing.T) *eventstore.Store {
	t.Helper()
	st, err := bolt.Open(filepath.Join(t.TempDir(), "db"), time.Second)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return eventstore.New(st)
}

// rec is the i-th record of a test: one a minute from t0, alternating
// event names, each touching key i%3.
func rec(i int) record.Record {
	name := []string{"Encrypt", "CreateGrant"}[i%2]
	return record.Record{
		Account: "111122223333", Region: "us-east-1", Time: t0.Add(time.Duration(i) * time.Minute),
		EventID: fmt.Sprintf("00000000-0000-4000-8000-%012d", i), EventName: name, EventSource: "kms.amazonaws.com",
		ReadOnly: name == "Encrypt", Username: "alice", AccessKeyID: "AKIAEXAMPLE",
		Resources: []record.Resource{{Type: "AWS::KMS::Key", Name: fmt.Sprintf("arn:aws:kms:us-east-1:111122223333:key/k%d", i%3)}},
		JSON:      fmt.Appendf(nil, `{"eventVersion":"1.11","eventName":%q,"n":%d}`, name, i),
	}
}

func write(t *testing.T, s *eventstore.Store, recs ...record.Record) {
	t.Helper()
	var entries []eventstore.Entry
	for i := range recs {
		entries = append(entries, eventstore.Encode(&recs[i]))
	}
	if err := s.Write(context.Background(), entries); err != nil {
		t.Fatal(err)
	}
}

func ids(evs []eventstore.Event) []string {
	var out []string
	for _, ev := range evs {
		out = append(out, ev.EventID[len(ev.EventID)-2:])
	}
	return out
}

var partition = eventstore.Partition{Account: "111122223333", Region: "us-east-1"}

func TestLookupFiltersAndPages(t *testing.T) {
	s := open(t)
	var recs []record.Record
	for i := range 10 {
		recs = append(recs, rec(i))
	}
	write(t, s, recs...)
	other := rec(20)
	other.Region = "eu-west-1"
	write(t, s, other)
	ctx := context.Background()
	all := eventstore.Query{Partition: partition, Start: t0, End: t0.Add(time.Hour), Limit: 50}

	tests := []struct {
		name string
		q    func(q eventstore.Query) eventstore.Query
		want []string
	}{
		{"everything, newest first", func(q eventstore.Query) eventstore.Query { return q },
			[]string{"09", "08", "07", "06", "05", "04", "03", "02", "01", "00"}},
		{"event name", func(q eventstore.Query) eventstore.Query {
			q.Attribute, q.Value = eventstore.EventName, "CreateGrant"
			return q
		}, []string{"09", "07", "05", "03", "01"}},
		{"resource name", func(q eventstore.Query) eventstore.Query {
			q.Attribute, q.Value = eventstore.ResourceName, "arn:aws:kms:us-east-1:111122223333:key/k1"
			return q
		}, []string{"07", "04", "01"}},
		{"read-only, time range inclusive", func(q eventstore.Query) eventstore.Query {
			q.Attribute, q.Value = eventstore.ReadOnly, "true"
			q.Start, q.End = t0.Add(2*time.Minute), t0.Add(6*time.Minute)
			return q
		}, []string{"06", "04", "02"}},
		{"event id", func(q eventstore.Query) eventstore.Query {
			q.Attribute, q.Value = eventstore.EventID, recs[3].EventID
			return q
		}, []string{"03"}},
		{"nothing matches", func(q eventstore.Query) eventstore.Query {
			q.Attribute, q.Value = eventstore.Username, "bob"
			return q
		}, nil},
	}
	for _, tt := range tests {
		evs, next, err := s.Lookup(ctx, tt.q(all))
		if err != nil || next != "" || !slices.Equal(ids(evs), tt.want) {
			t.Errorf("%s: got %v next %q err %v, want %v", tt.name, ids(evs), next, err, tt.want)
		}
	}

	// Pages of three, by attribute and not, end where they should.
	for _, q := range []eventstore.Query{all, {Partition: partition, Attribute: eventstore.EventSource, Value: "kms.amazonaws.com",
		Start: t0, End: t0.Add(time.Hour)}} {
		q.Limit = 3
		var got []string
		for range 5 {
			evs, next, err := s.Lookup(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, ids(evs)...)
			if next == "" {
				break
			}
			q.After = next
		}
		if len(got) != 10 || got[0] != "09" || got[9] != "00" {
			t.Errorf("paged %v", got)
		}
	}

	// What comes back is what was written.
	evs, _, err := s.Lookup(ctx, eventstore.Query{Partition: partition, Attribute: eventstore.EventID, Value: recs[4].EventID,
		Start: t0, End: t0.Add(time.Hour), Limit: 1})
	if err != nil || len(evs) != 1 {
		t.Fatalf("%v %v", evs, err)
	}
	got, want := evs[0].Record, recs[4]
	if string(got.JSON) != string(want.JSON) || !got.Time.Equal(want.Time) || got.Username != want.Username ||
		got.AccessKeyID != want.AccessKeyID || !got.ReadOnly || !slices.Equal(got.Resources, want.Resources) || got.Account != want.Account {
		t.Errorf("read back %+v\nwrote %+v", got, want)
	}
}

func TestPurgeDeletesOldRecordsAndTheirIndexEntries(t *testing.T) {
	s := open(t)
	var recs []record.Record
	for i := range 6 {
		recs = append(recs, rec(i))
	}
	write(t, s, recs...)
	ctx := context.Background()
	before, err := s.Stats(ctx)
	// Each record has 8 index entries: id, name, read-only, user, source,
	// access key, resource type and name.
	if err != nil || before.Records != 6 || before.IndexEntries != 6*8 {
		t.Fatalf("stats %+v, %v", before, err)
	}
	n, err := s.Purge(ctx, t0.Add(3*time.Minute))
	if err != nil || n != 3 {
		t.Fatalf("purged %d, %v", n, err)
	}
	if after, err := s.Stats(ctx); err != nil || after.Records != 3 || after.IndexEntries != 3*8 || after.Bytes >= before.Bytes {
		t.Errorf("stats after purge %+v, %v", after, err)
	}
	for _, a := range []struct {
		attr  eventstore.Attribute
		value string
		want  []string
	}{
		{0, "", []string{"05", "04", "03"}},
		{eventstore.EventName, "Encrypt", []string{"04"}},
		{eventstore.EventID, recs[1].EventID, nil},
		{eventstore.ResourceType, "AWS::KMS::Key", []string{"05", "04", "03"}},
	} {
		evs, _, err := s.Lookup(ctx, eventstore.Query{Partition: partition, Attribute: a.attr, Value: a.value,
			Start: t0.Add(-time.Hour), End: t0.Add(time.Hour), Limit: 50})
		if err != nil || !slices.Equal(ids(evs), a.want) {
			t.Errorf("after purge, %d=%s: %v, %v; want %v", a.attr, a.value, ids(evs), err, a.want)
		}
	}
}
