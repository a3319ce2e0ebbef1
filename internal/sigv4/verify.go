package sigv4

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"net/http"
)

// unsignedPayload is the payload hash of a request whose body is not signed.
const unsignedPayload = "UNSIGNED-PAYLOAD"

// scratch holds the buffers one verification needs, reused across requests.
type scratch struct {
	canonical []byte // canonical request
	toSign    []byte // string to sign
	mac       []byte // HMAC input
	enc       []byte // encoded query names and values
	decoded   []byte // one decoded query component
	pairs     []queryPair
}

// Verify checks the signature a carries (from Parse) against the request and
// the secret access key of a.AccessKeyID. body is the whole request body.
//
// The payload hash is SHA-256 of body. A signed X-Amz-Content-Sha256 header
// that claims another hash therefore fails, as it would at a service that
// hashes the body itself. UNSIGNED-PAYLOAD is accepted only in a presigned
// request, as S3's presigned URLs use it.
//
// The error is a *Failure of kind SignatureMismatch.
func (v *Verifier) Verify(r *http.Request, body []byte, a *Auth, secret string) error {
	s, _ := v.bufs.Get().(*scratch)
	if s == nil {
		s = new(scratch)
	}
	defer v.bufs.Put(s)

	c := append(s.canonical[:0], r.Method...)
	c = append(c, '\n')
	c = appendCanonicalURI(c, requestPath(r))
	c = append(c, '\n')
	c = appendCanonicalQuery(c, r.URL.RawQuery, a.Presigned, s)
	c = append(c, '\n')
	c = appendCanonicalHeaders(c, r, a.signedHeaders)
	c = append(c, '\n')
	c = append(c, a.signedHeaders...)
	c = append(c, '\n')
	payloadAt := len(c)

	bodySum := sha256.Sum256(body)
	var bodyHash [2 * sha256.Size]byte
	hex.Encode(bodyHash[:], bodySum[:])
	c = append(c, bodyHash[:]...)
	s.canonical = c
	key := v.keys.get(keyScope{secret, a.scopeDate(), a.Region, a.Service}, &s.mac)
	if matches(a, key, s) {
		return nil
	}
	mismatch := &Failure{Kind: SignatureMismatch, canonicalRequest: string(s.canonical), stringToSign: string(s.toSign)}
	if a.Presigned {
		s.canonical = append(c[:payloadAt], unsignedPayload...)
		if matches(a, key, s) {
			return nil
		}
	}
	return mismatch
}

// matches builds the string to sign from s.canonical and compares its
// signature with a's in constant time.
func matches(a *Auth, key [sha256.Size]byte, s *scratch) bool {
	sum := sha256.Sum256(s.canonical)
	var sumHex [2 * sha256.Size]byte
	hex.Encode(sumHex[:], sum[:])
	t := append(s.toSign[:0], algorithm+"\n"...)
	t = append(t, a.timestamp...)
	t = append(t, '\n')
	t = append(t, a.scope...)
	t = append(t, '\n')
	t = append(t, sumHex[:]...)
	s.toSign = t

	mac := hmacSHA256(key[:], t, &s.mac)
	var want [2 * sha256.Size]byte
	hex.Encode(want[:], mac[:])
	got := a.signature
	if len(got) != len(want) {
		return false
	}
	var diff byte
	for i := range want {
		diff |= want[i] ^ got[i]
	}
	return subtle.ConstantTimeByteEq(diff, 0) == 1
}
