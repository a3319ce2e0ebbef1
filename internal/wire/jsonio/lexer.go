package jsonio

import (
	"unicode/utf16"
	"unicode/utf8"
)

// stringBytes reads a string token. Without escapes it returns a view of
// the input; with them, the unescaped text in scratch (when reuse is true,
// valid until the next call) or in a new slice.
func (d *Decoder) stringBytes(reuse bool) []byte {
	d.pos++ // opening quote
	start := d.pos
	for d.pos < len(d.data) {
		switch c := d.data[d.pos]; {
		case c == '"':
			s := d.data[start:d.pos]
			d.pos++
			return s
		case c == '\\':
			var buf []byte
			if reuse {
				buf = d.scratch[:0]
			}
			buf = d.unescape(append(buf, d.data[start:d.pos]...))
			if reuse {
				d.scratch = buf
			}
			return buf
		case c < 0x20:
			d.syntaxError()
			return nil
		default:
			d.pos++
		}
	}
	d.syntaxError()
	return nil
}

// unescape continues a string that has escapes, appending to buf.
func (d *Decoder) unescape(buf []byte) []byte {
	for d.pos < len(d.data) {
		c := d.data[d.pos]
		switch {
		case c == '"':
			d.pos++
			return buf
		case c < 0x20:
			d.syntaxError()
			return nil
		case c != '\\':
			buf = append(buf, c)
			d.pos++
			continue
		}
		if d.pos+1 >= len(d.data) {
			break
		}
		e := d.data[d.pos+1]
		d.pos += 2
		switch e {
		case '"', '\\', '/':
			buf = append(buf, e)
		case 'b':
			buf = append(buf, '\b')
		case 'f':
			buf = append(buf, '\f')
		case 'n':
			buf = append(buf, '\n')
		case 'r':
			buf = append(buf, '\r')
		case 't':
			buf = append(buf, '\t')
		case 'u':
			r, ok := d.hex4()
			if !ok {
				d.syntaxError()
				return nil
			}
			if utf16.IsSurrogate(r) {
				r = d.lowSurrogate(r)
			}
			buf = utf8.AppendRune(buf, r)
		default:
			d.syntaxError()
			return nil
		}
	}
	d.syntaxError()
	return nil
}

// lowSurrogate completes a surrogate pair; a lone half becomes U+FFFD.
func (d *Decoder) lowSurrogate(high rune) rune {
	if d.pos+1 < len(d.data) && d.data[d.pos] == '\\' && d.data[d.pos+1] == 'u' {
		save := d.pos
		d.pos += 2
		if low, ok := d.hex4(); ok {
			if r := utf16.DecodeRune(high, low); r != utf8.RuneError {
				return r
			}
		}
		d.pos = save
	}
	return utf8.RuneError
}

func (d *Decoder) hex4() (rune, bool) {
	if len(d.data)-d.pos < 4 {
		return 0, false
	}
	var r rune
	for _, c := range d.data[d.pos : d.pos+4] {
		switch {
		case '0' <= c && c <= '9':
			c -= '0'
		case 'a' <= c && c <= 'f':
			c -= 'a' - 10
		case 'A' <= c && c <= 'F':
			c -= 'A' - 10
		default:
			return 0, false
		}
		r = r<<4 | rune(c)
	}
	d.pos += 4
	return r, true
}

// number reads a number token (JSON grammar) and returns its text.
func (d *Decoder) number() []byte {
	start := d.pos
	if d.pos < len(d.data) && d.data[d.pos] == '-' {
		d.pos++
	}
	digits := func() int {
		n := 0
		for d.pos < len(d.data) && '0' <= d.data[d.pos] && d.data[d.pos] <= '9' {
			d.pos++
			n++
		}
		return n
	}
	intStart := d.pos
	if n := digits(); n == 0 || (n > 1 && d.data[intStart] == '0') {
		d.syntaxError()
		return nil
	}
	if d.pos < len(d.data) && d.data[d.pos] == '.' {
		d.pos++
		if digits() == 0 {
			d.syntaxError()
			return nil
		}
	}
	if d.pos < len(d.data) && (d.data[d.pos] == 'e' || d.data[d.pos] == 'E') {
		d.pos++
		if d.pos < len(d.data) && (d.data[d.pos] == '+' || d.data[d.pos] == '-') {
			d.pos++
		}
		if digits() == 0 {
			d.syntaxError()
			return nil
		}
	}
	return d.data[start:d.pos]
}
