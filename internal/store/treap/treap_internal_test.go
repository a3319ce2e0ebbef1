package treap

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
	var root *Node[[]byte]
	model := map[string]string{}
	type version struct {
		root  *Node[[]byte]
		model map[string]string
	}
	var versions []version
	for i := range 5000 {
		k := strconv.Itoa(r.IntN(800))
		if r.IntN(3) == 0 {
			var removed bool
			root, removed = Remove(root, k)
			if _, had := model[k]; had != removed {
				t.Fatalf("remove(%q) = %v, model has it: %v", k, removed, had)
			}
			delete(model, k)
		} else {
			v := strconv.Itoa(i)
			root = Insert(root, k, []byte(v))
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

func checkTreap(t *testing.T, root *Node[[]byte], model map[string]string) {
	t.Helper()
	var keys []string
	var walk func(n *Node[[]byte])
	walk = func(n *Node[[]byte]) {
		if n == nil {
			return
		}
		for _, c := range []*Node[[]byte]{n.left, n.right} {
			if c != nil && c.priority > n.priority {
				t.Fatalf("child %q outranks its parent %q", c.Key, n.Key)
			}
		}
		walk(n.left)
		keys = append(keys, n.Key)
		if string(n.Value) != model[n.Key] {
			t.Fatalf("%q = %q, want %q", n.Key, n.Value, model[n.Key])
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
		if n := SeekFrom(root, k); n == nil || n.Key != k {
			t.Fatalf("seekFrom(%q) missed it", k)
		}
		if i, _ := slices.BinarySearch(want, k); i+1 < len(want) {
			if n := SeekAfter(root, k); n == nil || n.Key != want[i+1] {
				t.Fatalf("seekAfter(%q) is not %q", k, want[i+1])
			}
		}
	}
}

// Ascend visits the keys in order and stops when told.
func TestAscend(t *testing.T) {
	var root *Node[int]
	for _, k := range []string{"c", "a", "d", "b"} {
		root = Insert(root, k, 0)
	}
	var seen []string
	Ascend(root, func(n *Node[int]) bool { seen = append(seen, n.Key); return n.Key != "c" })
	if !slices.Equal(seen, []string{"a", "b", "c"}) {
		t.Errorf("Ascend visited %v, want a b c then stop", seen)
	}
}

func depth(n *Node[[]byte]) int {
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

// A draft's writes never reach its base, nor an earlier draft's.
func TestDraftCopiesOnFirstWrite(t *testing.T) {
	base := Tables[int]{"a": Insert[int](nil, "k", 1)}
	d := DraftOf(base)
	if d.Changed() {
		t.Fatal("a draft not written is changed")
	}
	d.Set("b", Insert[int](nil, "k", 2))
	d.Set("a", nil)
	if !d.Changed() || len(base) != 1 || base["a"] == nil || d.Tables["a"] != nil || d.Tables["b"] == nil {
		t.Errorf("base %v, draft %v", base, d.Tables)
	}
	var empty Draft[int]
	empty.Set("c", Insert[int](nil, "k", 3))
	if len(empty.Tables) != 1 {
		t.Errorf("a draft of no base: %v", empty.Tables)
	}
}
