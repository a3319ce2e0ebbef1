package keyring

import (
	"encoding/binary"
	"slices"
)

// appendContext appends the canonical form of an encryption context to b:
// its pairs sorted by key, each key and value preceded by its length as a
// uvarint. The form is unambiguous and independent of map order, and an
// empty context and a missing one are the same (as KMS treats them).
func appendContext(b []byte, ec map[string]string) []byte {
	switch len(ec) {
	case 0:
		return b
	case 1:
		for k, v := range ec {
			return appendPair(b, k, v)
		}
	}
	keys := make([]string, 0, len(ec))
	for k := range ec {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		b = appendPair(b, k, ec[k])
	}
	return b
}

func appendPair(b []byte, k, v string) []byte {
	b = binary.AppendUvarint(b, uint64(len(k)))
	b = append(b, k...)
	b = binary.AppendUvarint(b, uint64(len(v)))
	return append(b, v...)
}
