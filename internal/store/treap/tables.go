package treap

import "maps"

// Tables are named treaps, one version of them: a table's name → its
// root. A version others may read is never changed; a Draft writes a
// copy.
type Tables[V any] map[string]*Node[V]

// Draft is a version of Tables being written, from a base version: its
// first Set copies the base's map, so the base stays as it was.
type Draft[V any] struct {
	Tables Tables[V]
	own    bool
}

// DraftOf begins a draft from base.
func DraftOf[V any](base Tables[V]) Draft[V] { return Draft[V]{Tables: base} }

// Set makes root the table's treap; a nil root removes the table.
func (d *Draft[V]) Set(table string, root *Node[V]) {
	if !d.own {
		d.Tables = maps.Clone(d.Tables)
		if d.Tables == nil {
			d.Tables = Tables[V]{}
		}
		d.own = true
	}
	if root == nil {
		delete(d.Tables, table)
		return
	}
	d.Tables[table] = root
}

// Changed reports whether the draft was written: whether Tables is a new
// version.
func (d *Draft[V]) Changed() bool { return d.own }
