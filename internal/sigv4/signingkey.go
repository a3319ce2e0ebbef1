package sigv4

import (
	"crypto/sha256"
	"sync"
)

// signingKeyCacheSize bounds the cache: one entry per (secret, day, region,
// service) in use, which for an emulator is a handful.
const signingKeyCacheSize = 256

// keyScope is what a derived signing key depends on.
type keyScope struct{ secret, date, region, service string }

// signingKeys caches derived signing keys. When full, an arbitrary entry
// makes room: entries are cheap to derive again, and a day's worth of
// callers fits many times over.
type signingKeys struct {
	mu  sync.RWMutex
	max int
	m   map[keyScope][sha256.Size]byte
}

// newSigningKeys does not size the map for max: a handful of entries is
// the common case, and a map made for 256 is 56 KB every start touches.
func newSigningKeys(max int) *signingKeys {
	return &signingKeys{max: max, m: make(map[keyScope][sha256.Size]byte)}
}

// get returns the signing key for s, deriving and caching it on a miss.
func (c *signingKeys) get(s keyScope, buf *[]byte) [sha256.Size]byte {
	c.mu.RLock()
	k, ok := c.m[s]
	c.mu.RUnlock()
	if ok {
		return k
	}
	k = deriveSigningKey(s, buf)
	// Copies, so the cache does not keep request headers alive.
	s = keyScope{string([]byte(s.secret)), string([]byte(s.date)), string([]byte(s.region)), string([]byte(s.service))}
	c.mu.Lock()
	if len(c.m) >= c.max {
		for old := range c.m {
			delete(c.m, old)
			break
		}
	}
	c.m[s] = k
	c.mu.Unlock()
	return k
}

// deriveSigningKey is SigV4's HMAC chain:
// HMAC(HMAC(HMAC(HMAC("AWS4"+secret, date), region), service), "aws4_request").
func deriveSigningKey(s keyScope, buf *[]byte) [sha256.Size]byte {
	k := hmacSHA256([]byte("AWS4"+s.secret), []byte(s.date), buf)
	k = hmacSHA256(k[:], []byte(s.region), buf)
	k = hmacSHA256(k[:], []byte(s.service), buf)
	return hmacSHA256(k[:], []byte(terminator), buf)
}

// hmacSHA256 is HMAC-SHA256 (RFC 2104) computed with sha256.Sum256 over a
// reused buffer, so that it allocates nothing once the buffer has grown;
// crypto/hmac allocates its hash states on every use.
func hmacSHA256(key, msg []byte, buf *[]byte) [sha256.Size]byte {
	const blockSize = 64
	var k [blockSize]byte
	if len(key) > blockSize {
		sum := sha256.Sum256(key)
		copy(k[:], sum[:])
	} else {
		copy(k[:], key)
	}
	inner := (*buf)[:0]
	for _, b := range k {
		inner = append(inner, b^0x36)
	}
	inner = append(inner, msg...)
	*buf = inner
	innerSum := sha256.Sum256(inner)
	var outer [blockSize + sha256.Size]byte
	for i, b := range k {
		outer[i] = b ^ 0x5c
	}
	copy(outer[blockSize:], innerSum[:])
	return sha256.Sum256(outer[:])
}
