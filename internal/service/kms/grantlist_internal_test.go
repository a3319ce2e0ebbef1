package kms

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// TestGrantListApply: applying writes' deltas one after another keeps
// the list what a read of the store gives (grants by id) and the index by
// grantee in step; a change applied twice (the list read after its
// commit) changes nothing more.
func TestGrantListApply(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	stored := map[string]*grantRecord{}
	l := &grantList{}
	if err := l.load(func() ([]*grantRecord, error) { return nil, nil }); err != nil {
		t.Fatal(err)
	}
	for step := range 500 {
		d := &grantDelta{}
		for range r.IntN(3) {
			g := &grantRecord{ID: fmt.Sprintf("%04x", r.IntN(200)), Grantee: fmt.Sprint("p", r.IntN(5)), Name: fmt.Sprint(step)}
			d.changes = append(d.changes, grantChange{added: g})
			stored[g.ID] = g
		}
		for id := range stored {
			if r.IntN(10) == 0 {
				d.changes = append(d.changes, grantChange{removed: id})
				delete(stored, id)
			}
		}
		l.apply(d)
		if step%7 == 0 {
			l.apply(d) // as if the list had been read after the commit
		}
		var want []*grantRecord
		for _, g := range stored {
			want = append(want, g)
		}
		slices.SortFunc(want, func(a, b *grantRecord) int { return strings.Compare(a.ID, b.ID) })
		if !slices.Equal(l.list, want) {
			t.Fatalf("step %d: %d grants, want %d", step, len(l.list), len(want))
		}
		indexed := 0
		for grantee, gs := range l.byGrantee {
			for _, g := range gs {
				if g.Grantee != grantee || stored[g.ID] != g {
					t.Fatalf("step %d: index holds %+v under %s", step, g, grantee)
				}
			}
			indexed += len(gs)
		}
		if indexed != len(want) {
			t.Fatalf("step %d: %d indexed, want %d", step, indexed, len(want))
		}
	}
}
