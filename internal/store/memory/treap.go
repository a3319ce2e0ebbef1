package memory

import "math/rand/v2"

// node is a node of a persistent treap: a binary search tree by key whose
// nodes are also a heap by a random priority, which keeps it balanced
// with high probability. Nodes are never changed once reachable from a
// committed root; a write copies the path to the node it changes.
type node struct {
	key         string
	value       []byte
	priority    uint64
	left, right *node
}

// find returns the node of key, or nil.
func find(n *node, key string) *node {
	for n != nil {
		switch {
		case key < n.key:
			n = n.left
		case key > n.key:
			n = n.right
		default:
			return n
		}
	}
	return nil
}

// seekFrom returns the node of the smallest key at or after key, or nil.
func seekFrom(n *node, key string) *node {
	var best *node
	for n != nil {
		if n.key >= key {
			best, n = n, n.left
		} else {
			n = n.right
		}
	}
	return best
}

// seekAfter returns the node of the smallest key strictly after key, or nil.
func seekAfter(n *node, key string) *node {
	var best *node
	for n != nil {
		if n.key > key {
			best, n = n, n.left
		} else {
			n = n.right
		}
	}
	return best
}

// insert returns the root of n with key holding value, leaving n as it was.
func insert(n *node, key string, value []byte) *node {
	if n == nil {
		return &node{key: key, value: value, priority: rand.Uint64()}
	}
	c := *n
	switch {
	case key < n.key:
		c.left = insert(n.left, key, value)
		if c.left.priority > c.priority {
			return rotateRight(&c)
		}
	case key > n.key:
		c.right = insert(n.right, key, value)
		if c.right.priority > c.priority {
			return rotateLeft(&c)
		}
	default:
		c.value = value
	}
	return &c
}

// rotateRight lifts c's left child above c. Both are new copies of this
// write, so changing them changes no committed version.
func rotateRight(c *node) *node {
	l := c.left
	c.left, l.right = l.right, c
	return l
}

// rotateLeft lifts c's right child above c, as rotateRight.
func rotateLeft(c *node) *node {
	r := c.right
	c.right, r.left = r.left, c
	return r
}

// remove returns the root of n without key, leaving n as it was, and
// whether key was there.
func remove(n *node, key string) (*node, bool) {
	if n == nil {
		return nil, false
	}
	c := *n
	switch {
	case key < n.key:
		l, ok := remove(n.left, key)
		if !ok {
			return n, false
		}
		c.left = l
	case key > n.key:
		r, ok := remove(n.right, key)
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
func join(a, b *node) *node {
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
