package eventstore

import (
	"crypto/rand"
	mrand "math/rand/v2"
	"testing"

	"github.com/amityhq/amity/internal/awsid"
)

// Ids name their place and back; ids made elsewhere name nothing (but
// one in 2^18: the random ones here are seeded, to be the same ones).
func TestEventIDs(t *testing.T) {
	seeded := mrand.NewChaCha8([32]byte{1})
	seen := map[string]bool{}
	for i := range 1000 {
		var b [segmentKeyLen]byte
		_, _ = rand.Read(b[:])
		seg, pos := string(b[:]), i%maxSegment
		id := eventID(seg, pos)
		if seen[id] || !isUUID4(id) {
			t.Fatalf("id %s: repeated or not a v4 UUID", id)
		}
		seen[id] = true
		if s, p, ok := location(id); !ok || s != seg || p != pos {
			t.Fatalf("%s: location %x %d %v, want %x %d", id, s, p, ok, seg, pos)
		}
		other, _ := awsid.UUID(seeded)
		if _, _, ok := location(other); ok {
			t.Fatalf("a random UUID names a record")
		}
	}
	for _, bad := range []string{"", "not-an-id", "00000000-0000-1000-8000-000000000000", "zzzzzzzz-0000-4000-8000-000000000000"} {
		if _, _, ok := location(bad); ok {
			t.Errorf("%q names a record", bad)
		}
	}
}

func isUUID4(s string) bool {
	return len(s) == 36 && s[8] == '-' && s[13] == '-' && s[14] == '4' && s[18] == '-' && s[23] == '-' &&
		(s[19] == '8' || s[19] == '9' || s[19] == 'a' || s[19] == 'b')
}
