package h1

import (
	"bytes"
	"net/http"
	"net/textproto"
	"net/url"
	"strconv"
	"strings"
)

// head is a request head parsed by parseHead.
type head struct {
	method string
	target string   // the request-target, as sent
	url    *url.URL // target parsed as net/http parses it
	host   string
	header http.Header // without Host, as net/http gives it to handlers
	length int64       // Content-Length, 0 when absent
}

// methods are the methods served here: AWS's protocols use no other. HEAD
// (whose answer has no body) and the rest go to net/http.
var methods = map[string]bool{"GET": true, "POST": true, "PUT": true, "DELETE": true, "PATCH": true}

// passedOn are the headers that make a request other than the common one:
// framing other than Content-Length, a 100-continue handshake, connection
// management, an upgrade, HTTP/1.0's cache pragma (which net/http
// rewrites). A request with any of them goes to net/http.
var passedOn = map[string]bool{"Transfer-Encoding": true, "Expect": true, "Connection": true, "Upgrade": true,
	"Te": true, "Trailer": true, "Pragma": true, "Keep-Alive": true, "Proxy-Connection": true}

// maxLengthDigits bounds a Content-Length served here: 18 digits cannot
// overflow an int64.
const maxLengthDigits = 18

// parseHead parses the request head s, which ends with its empty line
// (headEnd found it). ok is false for anything but the common request —
// HTTP/1.1, a method AWS's protocols use, an origin-form target, CRLF line
// ends, well-formed headers with one Host and at most one Content-Length —
// and such a request goes to net/http, which answers it as it always has.
// So this parser only ever accepts what net/http would accept, the same
// way (FuzzHead holds it to that); what it refuses costs a handoff, never
// a different answer.
func parseHead(s string) (h head, ok bool) {
	line, s, _ := strings.Cut(s, "\r\n")
	method, rest, ok1 := strings.Cut(line, " ")
	target, proto, ok2 := strings.Cut(rest, " ")
	if !ok1 || !ok2 || proto != "HTTP/1.1" || len(target) == 0 || target[0] != '/' {
		return head{}, false
	}
	if !methods[method] {
		return head{}, false
	}
	h.method = method
	for i := 0; i < len(target); i++ {
		if c := target[i]; c <= ' ' || c >= 0x7f {
			return head{}, false
		}
	}
	h.target = target
	var err error
	if h.url, err = url.ParseRequestURI(target); err != nil {
		return head{}, false
	}
	// The values' slices share one array: a header is rarely repeated.
	values := make([]string, strings.Count(s, "\n"))
	h.header = make(http.Header, len(values))
	var hosts, lengths int
	for i := 0; ; i++ {
		line, s, _ = strings.Cut(s, "\r\n")
		if len(line) == 0 {
			break
		}
		name, value, found := strings.Cut(line, ":")
		if !found || !validName(name) || !validValue(value) {
			return head{}, false
		}
		key := textproto.CanonicalMIMEHeaderKey(name) // name itself when canonical
		v := strings.Trim(value, " \t")
		switch {
		case passedOn[key]:
			return head{}, false
		case key == "Host":
			if hosts++; !validHost(v) {
				return head{}, false
			}
			h.host = v
			continue // net/http keeps it in Request.Host only
		case key == "Content-Length":
			if lengths++; len(v) == 0 || len(v) > maxLengthDigits || !allDigits(v) {
				return head{}, false
			}
			h.length, _ = strconv.ParseInt(v, 10, 64)
		}
		if vs, seen := h.header[key]; seen {
			h.header[key] = append(vs, v)
			continue
		}
		values[i] = v
		h.header[key] = values[i : i+1 : i+1]
	}
	if hosts != 1 || lengths > 1 {
		return head{}, false
	}
	return h, true
}

// headEnd is the length of the request head at the start of b, through
// its empty line; 0 while b holds no whole head. bareLF is true once b
// shows a line not ended by CRLF (a bare LF, which net/http also takes
// as a line end): such a head goes to net/http, however it ends.
func headEnd(b []byte) (n int, bareLF bool) {
	for start := 0; ; {
		i := bytes.IndexByte(b[start:], '\n')
		if i < 0 {
			return 0, false
		}
		end := start + i
		if end == start || b[end-1] != '\r' {
			return 0, true
		}
		if end == start+1 { // the empty line
			return end + 1, false
		}
		start = end + 1
	}
}

// validName: a header name is a token [RFC 9110, 5.1], as net/http
// checks.
func validName(name string) bool {
	if len(name) == 0 {
		return false
	}
	for i := 0; i < len(name); i++ {
		if !tokenByte[name[i]] {
			return false
		}
	}
	return true
}

// validValue: no control byte but a tab, no DEL [RFC 9110, 5.5], as
// net/http checks.
func validValue(v string) bool {
	for i := 0; i < len(v); i++ {
		if c := v[i]; (c < ' ' && c != '\t') || c == 0x7f {
			return false
		}
	}
	return true
}

// validHost is stricter than net/http: a name or address and a port, the
// Hosts SDKs send.
func validHost(h string) bool {
	if h == "" {
		return false
	}
	for i := 0; i < len(h); i++ {
		c := h[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '.' || c == '-' || c == ':' || c == '[' || c == ']') {
			return false
		}
	}
	return true
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// tokenByte are the bytes of a token [RFC 9110, 5.6.2].
var tokenByte = func() (t [256]bool) {
	for c := '0'; c <= '9'; c++ {
		t[c] = true
	}
	for c := 'a'; c <= 'z'; c++ {
		t[c], t[c-'a'+'A'] = true, true
	}
	for _, c := range "!#$%&'*+-.^_`|~" {
		t[c] = true
	}
	return t
}()
