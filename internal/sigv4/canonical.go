package sigv4

import (
	"bytes"
	"net/http"
	"slices"
	"strconv"
	"strings"
)

const upperHex = "0123456789ABCDEF"

// unreserved reports the RFC 3986 unreserved characters, the only ones SigV4
// leaves unencoded.
func unreserved(c byte) bool {
	return 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' ||
		c == '-' || c == '.' || c == '_' || c == '~'
}

// appendEncoded percent-encodes every byte of s but the unreserved ones (and
// '/', when keepSlash), with upper-case hex, as SigV4 requires.
func appendEncoded[T string | []byte](dst []byte, s T, keepSlash bool) []byte {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if unreserved(c) || c == '/' && keepSlash {
			dst = append(dst, c)
		} else {
			dst = append(dst, '%', upperHex[c>>4], upperHex[c&15])
		}
	}
	return dst
}

// appendDecoded decodes a query component ('+' is a space, %XX a byte); a
// '%' not followed by two hex digits is kept as it is.
func appendDecoded(dst []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '+':
			dst = append(dst, ' ')
		case c == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]):
			dst = append(dst, unhex(s[i+1])<<4|unhex(s[i+2]))
			i += 2
		default:
			dst = append(dst, c)
		}
	}
	return dst
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case c <= '9':
		return c - '0'
	case c <= 'F':
		return c - 'A' + 10
	default:
		return c - 'a' + 10
	}
}

// requestPath is the path exactly as it came on the wire. A server request
// has it in RequestURI; a request built in-process (tests) only in URL.
func requestPath(r *http.Request) string {
	if u := r.RequestURI; strings.HasPrefix(u, "/") {
		if i := strings.IndexByte(u, '?'); i >= 0 {
			u = u[:i]
		}
		return u
	}
	return r.URL.EscapedPath()
}

// appendCanonicalURI writes the canonical URI of a wire path: dot segments
// and repeated slashes removed as AWS documents ("Normalize URI paths
// according to RFC 3986. Remove redundant and relative path components.")
// and botocore does, then every byte but unreserved ones and '/' encoded.
// The wire path is already encoded once, so this is the "encode twice" that
// every service but S3 expects; aws-sdk-go-v2 signs the same way
// (httpbinding.EscapePath over URL.EscapedPath).
func appendCanonicalURI(dst []byte, path string) []byte {
	if path == "" {
		return append(dst, '/')
	}
	if hasDotOrEmptySegment(path) {
		path = normalizePath(path)
	}
	return appendEncoded(dst, path, true)
}

// hasDotOrEmptySegment reports whether normalizePath would change path.
func hasDotOrEmptySegment(path string) bool {
	for seg := range strings.SplitSeq(strings.TrimPrefix(path, "/"), "/") {
		if seg == "." || seg == ".." {
			return true
		}
	}
	return strings.Contains(path, "//")
}

// normalizePath removes empty, "." and ".." segments, keeping a leading and
// a trailing slash; ".." above the root is dropped.
func normalizePath(path string) string {
	var out []string
	for seg := range strings.SplitSeq(path, "/") {
		switch seg {
		case "", ".":
		case "..":
			if len(out) > 0 {
				out = out[:len(out)-1]
			}
		default:
			out = append(out, seg)
		}
	}
	n := "/" + strings.Join(out, "/")
	if len(out) > 0 && strings.HasSuffix(path, "/") {
		n += "/"
	}
	return n
}

// queryPair locates an encoded name and value in a scratch buffer.
type queryPair struct{ name, value [2]int }

// appendCanonicalQuery writes the canonical query string: each name and
// value decoded then encoded the SigV4 way, pairs sorted by encoded name
// then encoded value ("the sorting occurs after encoding"), X-Amz-Signature
// left out of a presigned request.
func appendCanonicalQuery(dst []byte, rawQuery string, presigned bool, s *scratch) []byte {
	if rawQuery == "" {
		return dst
	}
	enc, pairs := s.enc[:0], s.pairs[:0]
	for part := range strings.SplitSeq(rawQuery, "&") {
		if part == "" {
			continue
		}
		k, v, _ := strings.Cut(part, "=")
		start := len(enc)
		s.decoded = appendDecoded(s.decoded[:0], k)
		enc = appendEncoded(enc, s.decoded, false)
		name := [2]int{start, len(enc)}
		if presigned && string(enc[start:]) == "X-Amz-Signature" {
			enc = enc[:start]
			continue
		}
		s.decoded = appendDecoded(s.decoded[:0], v)
		enc = appendEncoded(enc, s.decoded, false)
		pairs = append(pairs, queryPair{name, [2]int{name[1], len(enc)}})
	}
	slices.SortFunc(pairs, func(a, b queryPair) int {
		if c := bytes.Compare(enc[a.name[0]:a.name[1]], enc[b.name[0]:b.name[1]]); c != 0 {
			return c
		}
		return bytes.Compare(enc[a.value[0]:a.value[1]], enc[b.value[0]:b.value[1]])
	})
	for i, p := range pairs {
		if i > 0 {
			dst = append(dst, '&')
		}
		dst = append(dst, enc[p.name[0]:p.name[1]]...)
		dst = append(dst, '=')
		dst = append(dst, enc[p.value[0]:p.value[1]]...)
	}
	s.enc, s.pairs = enc, pairs
	return dst
}

// appendCanonicalHeaders writes "name:value\n" for each signed header, in the
// order SignedHeaders gives: the name in lower case, the values trimmed, runs
// of spaces folded to one, several values joined by commas.
func appendCanonicalHeaders(dst []byte, r *http.Request, signedHeaders string) []byte {
	for name := range strings.SplitSeq(signedHeaders, ";") {
		dst = appendLower(dst, name)
		dst = append(dst, ':')
		switch {
		case strings.EqualFold(name, "host"):
			host := r.Host
			if host == "" {
				host = r.URL.Host
			}
			dst = appendFolded(dst, host)
		default:
			dst = appendHeaderValues(dst, r, name)
		}
		dst = append(dst, '\n')
	}
	return dst
}

// appendHeaderValues writes the values of one header. A server request's
// header map has canonical keys, found directly; a request built in-process
// may have others, found by a scan. Content-Length of a request built
// in-process is in r.ContentLength, not in the header map.
func appendHeaderValues(dst []byte, r *http.Request, name string) []byte {
	var buf [64]byte
	if key, ok := canonicalKey(buf[:0], name); ok {
		if values, ok := r.Header[string(key)]; ok {
			return appendJoined(dst, values)
		}
	}
	found := false
	for key, values := range r.Header {
		if strings.EqualFold(key, name) {
			if found {
				dst = append(dst, ',')
			}
			dst = appendJoined(dst, values)
			found = true
		}
	}
	if !found && strings.EqualFold(name, "content-length") && r.ContentLength > 0 {
		dst = strconv.AppendInt(dst, r.ContentLength, 10)
	}
	return dst
}

// canonicalKey writes name in net/http's canonical header form (upper case
// after the start and each '-', lower case elsewhere) into dst, which must
// have room; false when it has not.
func canonicalKey(dst []byte, name string) ([]byte, bool) {
	if len(name) > cap(dst) {
		return dst, false
	}
	upper := true
	for i := 0; i < len(name); i++ {
		c := name[i]
		if upper && 'a' <= c && c <= 'z' {
			c -= 'a' - 'A'
		} else if !upper && 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		dst = append(dst, c)
		upper = c == '-'
	}
	return dst, true
}

// appendJoined writes a header's values folded and joined by commas.
func appendJoined(dst []byte, values []string) []byte {
	for i, v := range values {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = appendFolded(dst, v)
	}
	return dst
}

func appendLower(dst []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		dst = append(dst, c)
	}
	return dst
}

// appendFolded writes v without leading and trailing spaces and with each
// run of spaces as one space.
func appendFolded(dst []byte, v string) []byte {
	v = strings.Trim(v, " ")
	for i := 0; i < len(v); i++ {
		if v[i] == ' ' && i > 0 && v[i-1] == ' ' {
			continue
		}
		dst = append(dst, v[i])
	}
	return dst
}
