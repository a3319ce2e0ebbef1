package scenario

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Input is an operation's input as a file writes it: plain values (maps,
// lists, strings, numbers, bools) by AWS's member names.
type Input map[string]any

// UnmarshalYAML keeps what YAML would read as a timestamp as the text it
// is: a policy's "Version: 2012-10-17" stays that string.
func (in *Input) UnmarshalYAML(n *yaml.Node) error {
	v, err := plain(n)
	if err != nil {
		return err
	}
	m, ok := v.(map[string]any)
	if !ok && v != nil {
		return fmt.Errorf("line %d: input is a map of the operation's members", n.Line)
	}
	*in = m
	return nil
}

// plain is a YAML node as plain values.
func plain(n *yaml.Node) (any, error) {
	switch n.Kind {
	case yaml.AliasNode:
		return plain(n.Alias)
	case yaml.ScalarNode:
		if n.ShortTag() == "!!timestamp" {
			return n.Value, nil
		}
		var v any
		return v, n.Decode(&v)
	case yaml.SequenceNode:
		out := make([]any, len(n.Content))
		for i, c := range n.Content {
			v, err := plain(c)
			if err != nil {
				return nil, err
			}
			out[i] = v
		}
		return out, nil
	case yaml.MappingNode:
		out := make(map[string]any, len(n.Content)/2)
		for i := 0; i+1 < len(n.Content); i += 2 {
			v, err := plain(n.Content[i+1])
			if err != nil {
				return nil, err
			}
			out[n.Content[i].Value] = v
		}
		return out, nil
	}
	return nil, fmt.Errorf("line %d: unexpected YAML", n.Line)
}

// conform shapes a plain value to the SDK type t that will hold it, so
// that encoding/json can decode it: members renamed to the Go field
// (matched as written, else ignoring case), a map or list given for a
// string member — a policy document — written as JSON, a number or bool
// for a string member written as text. A member t lacks is an error,
// named by its path (at).
func conform(t reflect.Type, v any, at string) (any, error) {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.String:
		switch v.(type) {
		case map[string]any, []any:
			b, err := json.Marshal(v)
			return string(b), err
		case string, nil:
			return v, nil
		}
		return text(v), nil
	case reflect.Slice:
		l, ok := v.([]any)
		if !ok || t.Elem().Kind() == reflect.Uint8 { // []byte: base64 text
			return v, nil
		}
		out := make([]any, len(l))
		for i, x := range l {
			c, err := conform(t.Elem(), x, fmt.Sprintf("%s[%d]", at, i))
			if err != nil {
				return nil, err
			}
			out[i] = c
		}
		return out, nil
	case reflect.Map:
		m, ok := v.(map[string]any)
		if !ok {
			return v, nil
		}
		out := make(map[string]any, len(m))
		for k, x := range m {
			c, err := conform(t.Elem(), x, at+"."+k)
			if err != nil {
				return nil, err
			}
			out[k] = c
		}
		return out, nil
	case reflect.Struct:
		m, ok := v.(map[string]any)
		if !ok {
			return v, nil
		}
		out := make(map[string]any, len(m))
		for k, x := range m {
			f, ok := member(t, k)
			if !ok {
				return nil, fmt.Errorf("%s: %s has no member %s", strings.TrimPrefix(at+"."+k, "."), t.Name(), k)
			}
			c, err := conform(f.Type, x, at+"."+f.Name)
			if err != nil {
				return nil, err
			}
			out[f.Name] = c
		}
		return out, nil
	case reflect.Interface:
		if v != nil {
			return nil, fmt.Errorf("%s: a member of type %s can't be given in a scenario", strings.TrimPrefix(at, "."), t)
		}
	}
	return v, nil
}

// member finds a struct's exported field by its member name.
func member(t reflect.Type, name string) (reflect.StructField, bool) {
	if f, ok := t.FieldByName(name); ok && f.IsExported() {
		return f, true
	}
	return t.FieldByNameFunc(func(n string) bool { return strings.EqualFold(n, name) && n[0] >= 'A' && n[0] <= 'Z' })
}

// decode fills dst, a pointer to an SDK input, from a plain value.
func decode(v any, dst any) error {
	c, err := conform(reflect.TypeOf(dst), v, "")
	if err != nil {
		return err
	}
	raw, err := json.Marshal(c)
	if err != nil {
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	return dec.Decode(dst)
}
