package kms

import (
	"encoding/base64"
	"strconv"
	"time"
	"unicode/utf8"
)

// scanKeyRecord decodes the stored key records of the common shape —
// those CreateKey writes, and most changes after — without encoding/json's
// reflection, which took 4 of the 13 µs of a key's first use (with
// 100,000 keys and a cache of 2,048, most uses are first uses). ok is
// false for anything else — a field it does not read, a string with an
// escape, a null, a number that is not a plain integer, whitespace — and
// decodeKey then hands the record to encoding/json. What it does decode,
// it decodes as encoding/json does (FuzzScanKeyRecord holds it to that).
func scanKeyRecord(b []byte) (r *keyRecord, ok bool) {
	s := keyScanner{b: b}
	r = new(keyRecord)
	if !s.byte('{') {
		return nil, false
	}
	if s.byte('}') {
		return r, s.i == len(b)
	}
	for {
		// A field repeated is read again, the last kept, as encoding/json
		// does.
		name, ok := s.str()
		if !ok || !s.byte(':') {
			return nil, false
		}
		switch name {
		case "account":
			r.Account, ok = s.str()
		case "region":
			r.Region, ok = s.str()
		case "id":
			r.ID, ok = s.str()
		case "description":
			r.Description, ok = s.str()
		case "manager":
			r.Manager, ok = s.str()
		case "state":
			r.State, ok = s.str()
		case "policy":
			r.Policy, ok = s.str()
		case "spec":
			r.Spec, ok = s.str()
		case "usage":
			r.Usage, ok = s.str()
		case "origin":
			r.Origin, ok = s.str()
		case "created":
			ok = s.time(&r.Created)
		case "deletionDate":
			ok = s.time(&r.DeletionDate)
		case "pendingWindow":
			r.PendingWindow, ok = s.int32()
		case "material":
			r.Material, ok = s.blobs()
		default:
			return nil, false
		}
		switch {
		case !ok:
			return nil, false
		case s.byte(','):
		case s.byte('}'):
			return r, s.i == len(b)
		default:
			return nil, false
		}
	}
}

// keyScanner reads compact JSON from b at i.
type keyScanner struct {
	b []byte
	i int
}

// byte consumes c if it is next.
func (s *keyScanner) byte(c byte) bool {
	if s.i < len(s.b) && s.b[s.i] == c {
		s.i++
		return true
	}
	return false
}

// span consumes a string without escapes or control bytes, in valid
// UTF-8 (which encoding/json would have changed), and returns its bytes.
func (s *keyScanner) span() ([]byte, bool) {
	if !s.byte('"') {
		return nil, false
	}
	start := s.i
	for ; s.i < len(s.b); s.i++ {
		switch c := s.b[s.i]; {
		case c == '"':
			v := s.b[start:s.i]
			s.i++
			return v, utf8.Valid(v)
		case c == '\\' || c < 0x20:
			return nil, false
		}
	}
	return nil, false
}

func (s *keyScanner) str() (string, bool) {
	v, ok := s.span()
	return string(v), ok
}

// time reads a timestamp with time.Time's UnmarshalJSON, given the
// string quotes included, as encoding/json does.
func (s *keyScanner) time(t *time.Time) bool {
	start := s.i
	if _, ok := s.span(); !ok {
		return false
	}
	return t.UnmarshalJSON(s.b[start:s.i]) == nil
}

// int32 reads a plain integer: an optional minus and digits without a
// leading zero.
func (s *keyScanner) int32() (int32, bool) {
	start := s.i
	s.byte('-')
	digits := s.i
	for s.i < len(s.b) && '0' <= s.b[s.i] && s.b[s.i] <= '9' {
		s.i++
	}
	if s.i == digits || (s.b[digits] == '0' && s.i-digits > 1) ||
		(s.i < len(s.b) && (s.b[s.i] == '.' || s.b[s.i] == 'e' || s.b[s.i] == 'E')) {
		return 0, false
	}
	n, err := strconv.ParseInt(string(s.b[start:s.i]), 10, 32)
	return int32(n), err == nil
}

// blobs reads an array of base64 strings, decoded as encoding/json
// decodes a []byte.
func (s *keyScanner) blobs() ([][]byte, bool) {
	if !s.byte('[') {
		return nil, false
	}
	out := [][]byte{}
	if s.byte(']') {
		return out, true
	}
	for {
		v, ok := s.span()
		if !ok {
			return nil, false
		}
		b := make([]byte, base64.StdEncoding.DecodedLen(len(v)))
		n, err := base64.StdEncoding.Decode(b, v)
		if err != nil {
			return nil, false
		}
		out = append(out, b[:n])
		switch {
		case s.byte(','):
		case s.byte(']'):
			return out, true
		default:
			return nil, false
		}
	}
}
