package policy

import (
	"encoding/json"
	"io"
	"strings"
	"unicode/utf8"
)

// Position is a place in a policy document: a line and a column, both
// counted from 1, the column in characters.
type Position struct {
	Line   int
	Column int
}

// statementSpans locates the statements of a valid document: for each,
// the positions just after its opening brace and just after its closing
// brace — what IAM's policy simulator reports as a matched statement's
// StartPosition and EndPosition (for the one-line document
// {"Version":"2012-10-17","Statement":{...}} it reports line 1, column 38
// to line 1, column 167 of 167 characters [the AWS CLI's
// simulate-custom-policy example]). A statement that is not an object
// gets no span; the document is refused then anyway.
func statementSpans(doc string) [][2]Position {
	dec := json.NewDecoder(strings.NewReader(doc))
	if _, err := dec.Token(); err != nil { // the document's {
		return nil
	}
	var spans [][2]Position
	for dec.More() {
		key, err := dec.Token()
		if err != nil {
			return nil
		}
		if key != "Statement" {
			if skipValue(dec) != nil {
				return nil
			}
			continue
		}
		spans = spans[:0] // a repeated key: the last counts, as when parsing
		tok, err := dec.Token()
		if err != nil {
			return nil
		}
		switch tok {
		case json.Delim('{'):
			span, err := objectSpan(dec, doc)
			if err != nil {
				return nil
			}
			spans = append(spans, span)
		case json.Delim('['):
			for dec.More() {
				tok, err := dec.Token()
				if err != nil {
					return nil
				}
				if tok != json.Delim('{') {
					return nil
				}
				span, err := objectSpan(dec, doc)
				if err != nil {
					return nil
				}
				spans = append(spans, span)
			}
			if _, err := dec.Token(); err != nil { // ]
				return nil
			}
		}
	}
	return spans
}

// objectSpan reads the rest of an object whose { dec has just read.
func objectSpan(dec *json.Decoder, doc string) ([2]Position, error) {
	start := position(doc, dec.InputOffset())
	if err := skipRest(dec); err != nil {
		return [2]Position{}, err
	}
	return [2]Position{start, position(doc, dec.InputOffset())}, nil
}

// skipValue reads one value.
func skipValue(dec *json.Decoder) error {
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	if d, ok := tok.(json.Delim); ok && (d == '{' || d == '[') {
		return skipRest(dec)
	}
	return nil
}

// skipRest reads to the end of the object or array just opened.
func skipRest(dec *json.Decoder) error {
	for depth := 1; depth > 0; {
		tok, err := dec.Token()
		if err == io.EOF {
			return io.ErrUnexpectedEOF
		}
		if err != nil {
			return err
		}
		switch tok {
		case json.Delim('{'), json.Delim('['):
			depth++
		case json.Delim('}'), json.Delim(']'):
			depth--
		}
	}
	return nil
}

// position converts a byte offset of doc.
func position(doc string, offset int64) Position {
	before := doc[:offset]
	lineStart := strings.LastIndexByte(before, '\n') + 1
	return Position{Line: strings.Count(before, "\n") + 1, Column: utf8.RuneCountInString(before[lineStart:]) + 1}
}
