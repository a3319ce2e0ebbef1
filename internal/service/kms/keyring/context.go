package keyring

import (
	"encoding/binary"
	"slices"
	"sync"
)

// aadBuffers hold the authenticated data of a blob (its header and
// encryption context) while it is sealed or opened: on every Encrypt and
// Decrypt, and no longer than that.
var aadBuffers = sync.Pool{New: func() any { b := make([]byte, 0, 256); return &b }}

// getAAD returns a pooled buffer holding header and the canonical form of
// ec; give it back with putAAD once the AEAD is done with it.
func getAAD(header []byte, ec map[string]string) *[]byte {
	b := aadBuffers.Get().(*[]byte)
	*b = appendContext(append((*b)[:0], header...), ec)
	return b
}

func putAAD(b *[]byte) {
	if cap(*b) > 4096 { // a rare huge context: let it go rather than keep it
		return
	}
	aadBuffers.Put(b)
}

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
