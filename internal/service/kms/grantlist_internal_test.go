package kms

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// TestGrantDeltaAfter: applying writes' deltas one after another gives
// the list a read of the store would (grants by id), never changing a
// list a reader may hold.
func TestGrantDeltaAfter(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	stored := map[string]*grantRecord{}
	var list []*grantRecord
	for step := range 500 {
		d := &grantDelta{}
		for range r.IntN(3) {
			g := &grantRecord{ID: fmt.Sprintf("%04x", r.IntN(200)), Name: fmt.Sprint(step)}
			d.changes = append(d.changes, grantChange{added: g})
			stored[g.ID] = g
		}
		for id := range stored {
			if r.IntN(10) == 0 {
				d.changes = append(d.changes, grantChange{removed: id})
				delete(stored, id)
			}
		}
		held := slices.Clone(list)
		before := list
		list = d.after(list)
		if !slices.Equal(before, held) {
			t.Fatalf("step %d changed the list a reader held", step)
		}
		var want []*grantRecord
		for _, g := range stored {
			want = append(want, g)
		}
		slices.SortFunc(want, func(a, b *grantRecord) int { return strings.Compare(a.ID, b.ID) })
		if !slices.Equal(list, want) {
			t.Fatalf("step %d: %d grants, want %d", step, len(list), len(want))
		}
	}
}
