// Package treap is a persistent treap: an ordered map from string keys
// whose writes return a new root and leave every earlier root as it was,
// so that readers of a committed version need no locks. The memory store
// keeps its tables in treaps; the bolt store its writes not yet in the
// database file.
package treap

import "math/rand/v2"

// Node is a node of a persistent treap, and a treap is its root (nil: the
// empty treap): a binary search tree by key whose nodes are also a heap by
// a random priority, which keeps it balanced with high probability. Nodes
// are never changed once reachable from a committed root; a write copies
// the path to the node it changes.
type Node[V any] struct {
	Key         string
	Value       V
	priority    uint64
	left, right *Node[V]
}

// Find returns the node of key, or nil.
func Find[V any](n *Node[V], key string) *Node[V] {
	for n != nil {
		switch {
		case key < n.Key:
			n = n.left
		case key > n.Key:
			n = n.right
		default:
			return n
		}
	}
	return nil
}

// SeekFrom returns the node of the smallest key at or after key, or nil.
func SeekFrom[V any](n *Node[V], key string) *Node[V] {
	var best *Node[V]
	for n != nil {
		if n.Key >= key {
			best, n = n, n.left
		} else {
			n = n.right
		}
	}
	return best
}

// SeekAfter returns the node of the smallest key strictly after key, or nil.
func SeekAfter[V any](n *Node[V], key string) *Node[V] {
	var best *Node[V]
	for n != nil {
		if n.Key > key {
			best, n = n, n.left
		} else {
			n = n.right
		}
	}
	return best
}

// Insert returns the root of n with key holding value, leaving n as it was.
func Insert[V any](n *Node[V], key string, value V) *Node[V] {
	if n == nil {
		return &Node[V]{Key: key, Value: value, priority: rand.Uint64()}
	}
	c := *n
	switch {
	case key < n.Key:
		c.left = Insert(n.left, key, value)
		if c.left.priority > c.priority {
			return rotateRight(&c)
		}
	case key > n.Key:
		c.right = Insert(n.right, key, value)
		if c.right.priority > c.priority {
			return rotateLeft(&c)
		}
	default:
		c.Value = value
	}
	return &c
}

// rotateRight lifts c's left child above c. Both are new copies of this
// write, so changing them changes no committed version.
func rotateRight[V any](c *Node[V]) *Node[V] {
	l := c.left
	c.left, l.right = l.right, c
	return l
}

// rotateLeft lifts c's right child above c, as rotateRight.
func rotateLeft[V any](c *Node[V]) *Node[V] {
	r := c.right
	c.right, r.left = r.left, c
	return r
}

// Remove returns the root of n without key, leaving n as it was, and
// whether key was there.
func Remove[V any](n *Node[V], key string) (*Node[V], bool) {
	if n == nil {
		return nil, false
	}
	c := *n
	switch {
	case key < n.Key:
		l, ok := Remove(n.left, key)
		if !ok {
			return n, false
		}
		c.left = l
	case key > n.Key:
		r, ok := Remove(n.right, key)
		if !ok {
			return n, false
		}
		c.right = r
	default:
		return join(n.left, n.right), true
	}
	return &c, true
}

// join returns a treap of the nodes of a and b, every key of a before every
// key of b, leaving both as they were.
func join[V any](a, b *Node[V]) *Node[V] {
	switch {
	case a == nil:
		return b
	case b == nil:
		return a
	case a.priority > b.priority:
		c := *a
		c.right = join(a.right, b)
		return &c
	default:
		c := *b
		c.left = join(a, b.left)
		return &c
	}
}

// Ascend calls fn with each node of n in key order, until fn returns false.
func Ascend[V any](n *Node[V], fn func(*Node[V]) bool) bool {
	for n != nil {
		if !Ascend(n.left, fn) || !fn(n) {
			return false
		}
		n = n.right
	}
	return true
}
