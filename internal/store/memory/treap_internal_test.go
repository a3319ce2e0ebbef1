package memory

import (
	"maps"
	"math/rand/v2"
	"slices"
	"strconv"
	"testing"
)

// Random inserts and removals against a map: the treap holds the map's
// keys in order, stays a heap by priority (so balanced), and every earlier
// root still holds what it held — a write never changes a version a View
// may be reading.
func TestTreapAgainstMap(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	var root *node
	model := map[string]string{}
	type version struct {
		root  *node
		model map[string]string
	}
	var versions []version
	for i := range 5000 {
		k := strconv.Itoa(r.IntN(800))
		if r.IntN(3) == 0 {
			var removed bool
			root, removed = remove(root, k)
			if _, had := model[k]; had != removed {
				t.Fatalf("remove(%q) = %v, model has it: %v", k, removed, had)
			}
			delete(model, k)
		} else {
			v := strconv.Itoa(i)
			root = insert(root, k, []byte(v))
			model[k] = v
		}
		if i%250 == 0 {
			versions = append(versions, version{root, maps.Clone(model)})
		}
	}
	versions = append(versions, version{root, model})
	for _, v := range versions {
		checkTreap(t, v.root, v.model)
	}
	if d, n := depth(root), len(model); d > 4*bitLen(n) {
		t.Errorf("depth %d for %d keys: unbalanced", d, n)
	}
}

func checkTreap(t *testing.T, root *node, model map[string]string) {
	t.Helper()
	var keys []string
	var walk func(n *node)
	walk = func(n *node) {
		if n == nil {
			return
		}
		for _, c := range []*node{n.left, n.right} {
			if c != nil && c.priority > n.priority {
				t.Fatalf("child %q outranks its parent %q", c.key, n.key)
			}
		}
		walk(n.left)
		keys = append(keys, n.key)
		if string(n.value) != model[n.key] {
			t.Fatalf("%q = %q, want %q", n.key, n.value, model[n.key])
		}
		walk(n.right)
	}
	walk(root)
	want := make([]string, 0, len(model))
	for k := range model {
		want = append(want, k)
	}
	slices.Sort(want)
	if !slices.Equal(keys, want) {
		t.Fatalf("keys %v, want %v", keys, want)
	}
	for _, k := range want {
		if n := seekFrom(root, k); n == nil || n.key != k {
			t.Fatalf("seekFrom(%q) missed it", k)
		}
		if i, _ := slices.BinarySearch(want, k); i+1 < len(want) {
			if n := seekAfter(root, k); n == nil || n.key != want[i+1] {
				t.Fatalf("seekAfter(%q) is not %q", k, want[i+1])
			}
		}
	}
}

func depth(n *node) int {
	if n == nil {
		return 0
	}
	return 1 + max(depth(n.left), depth(n.right))
}

func bitLen(n int) int {
	b := 1
	for ; n > 1; n >>= 1 {
		b++
	}
	return b
}
