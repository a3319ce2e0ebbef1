package page_test

import (
	"slices"
	"testing"

	"github.com/amityhq/amity/internal/page"
)

func TestCutWalksEveryItemOnce(t *testing.T) {
	items := []string{"a", "b", "c", "d", "e"}
	id := func(s string) string { return s }
	for limit := 1; limit <= 6; limit++ {
		var seen []string
		after := ""
		for range 10 {
			out, next := page.Cut(items, after, limit, id)
			if len(out) > limit {
				t.Fatalf("limit %d: page of %d", limit, len(out))
			}
			seen = append(seen, out...)
			if next == "" {
				break
			}
			after = next
		}
		if !slices.Equal(seen, items) {
			t.Errorf("limit %d: walked %v", limit, seen)
		}
	}
	// A deleted boundary item: the next page starts after its position.
	if out, _ := page.Cut([]string{"a", "c", "d"}, "b", 10, id); !slices.Equal(out, []string{"c", "d"}) {
		t.Errorf("after a deleted item: %v", out)
	}
	if out, next := page.Cut([]string(nil), "", 5, id); len(out) != 0 || next != "" {
		t.Errorf("empty: %v %q", out, next)
	}
}

func TestMarkers(t *testing.T) {
	for _, pos := range []string{"a", "key/with/slashes", "ünïcode"} {
		if got, ok := page.Position(page.Marker(pos)); !ok || got != pos {
			t.Errorf("round trip of %q: %q, %v", pos, got, ok)
		}
	}
	for _, bad := range []string{"", "!!!", "a b"} {
		if _, ok := page.Position(bad); ok {
			t.Errorf("Position(%q) accepted", bad)
		}
	}
}
