package jsonio

// memberNames detects a member name repeated in one object. JSON leaves
// repeated names undefined (RFC 8259 section 4: names SHOULD be unique, and
// parsers differ on which value wins), so a request that repeats one is
// refused as unreadable rather than read with one of its values dropped.
// How Coral answers it is UNVERIFIED; amity answers a bare
// SerializationException, as for any body it cannot read.
//
// Small objects, the usual request, are checked by scanning the names
// seen, held without allocating; larger ones through a set, so that the
// cost stays linear in the number of members.
type memberNames struct {
	few  [smallObject][]byte
	many map[string]struct{}
	n    int
}

const smallObject = 32

// repeated records name and reports whether the object had it already.
// copied is true when name is the decoder's scratch buffer (the name had
// escapes) rather than a view of the input, and so must be copied to be
// kept.
func (m *memberNames) repeated(name []byte, copied bool) bool {
	if m.many != nil {
		if _, ok := m.many[string(name)]; ok {
			return true
		}
		m.many[string(name)] = struct{}{}
		return false
	}
	for _, seen := range m.few[:m.n] {
		if string(seen) == string(name) {
			return true
		}
	}
	if m.n == smallObject {
		m.many = make(map[string]struct{}, 2*smallObject)
		for _, seen := range m.few {
			m.many[string(seen)] = struct{}{}
		}
		m.many[string(name)] = struct{}{}
		return false
	}
	if copied {
		name = append([]byte(nil), name...)
	}
	m.few[m.n] = name
	m.n++
	return false
}
