package scenario

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"

	"github.com/amityhq/amity/internal/lazyregexp"
)

// reference is a variable's use: ${name}. This file's expressions are
// compiled when a scenario first needs them, not at every start of amity
// (amity serve never does).
var reference = lazyregexp.New(`\$\{([A-Za-z0-9_.-]+)\}`)

// expand replaces the variables used in v's strings with their values. A
// string that is one reference becomes the value itself — a saved list
// stays a list —, a reference inside a longer string its text.
func expand(v any, vars map[string]any) (any, error) {
	switch v := v.(type) {
	case string:
		if m := reference().FindStringSubmatch(v); m != nil && m[0] == v {
			return lookupVariable(vars, m[1])
		}
		var err error
		out := reference().ReplaceAllStringFunc(v, func(ref string) string {
			val, e := lookupVariable(vars, ref[2:len(ref)-1])
			if e != nil {
				err = e
			}
			return text(val)
		})
		return out, err
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, x := range v {
			e, err := expand(x, vars)
			if err != nil {
				return nil, err
			}
			out[k] = e
		}
		return out, nil
	case []any:
		out := make([]any, len(v))
		for i, x := range v {
			e, err := expand(x, vars)
			if err != nil {
				return nil, err
			}
			out[i] = e
		}
		return out, nil
	}
	return v, nil
}

// expandAll expands each of values as text.
func expandAll(values Values, vars map[string]any) (Values, error) {
	out := make(Values, len(values))
	for i, v := range values {
		e, err := expand(v, vars)
		if err != nil {
			return nil, err
		}
		out[i] = text(e)
	}
	return out, nil
}

func lookupVariable(vars map[string]any, name string) (any, error) {
	v, ok := vars[name]
	if !ok {
		return nil, fmt.Errorf("${%s}: no such variable (an account's name, %s, or a value an earlier step saves)", name, regionVariable)
	}
	return v, nil
}

// text is a value as it reads inside a string: strings as they are,
// anything else as JSON.
func text(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case json.Number:
		return v.String()
	case bool:
		return strconv.FormatBool(v)
	case nil:
		return ""
	}
	b, _ := json.Marshal(v)
	return string(b)
}

// pathElement is a member name or a list index of a path.
type pathElement struct {
	member string
	index  int // when member is ""
}

var pathSegment = lazyregexp.New(`^([A-Za-z0-9_]*)((?:\[[0-9]+\])*)$`)
var pathIndex = lazyregexp.New(`\[([0-9]+)\]`)

// parsePath reads a path into an output: members by name, separated by
// dots, and list elements by index: "Reservations[0].Instances[0].State.Name".
func parsePath(p string) ([]pathElement, error) {
	var out []pathElement
	for i, seg := range bytes.Split([]byte(p), []byte(".")) {
		m := pathSegment().FindSubmatch(seg)
		if m == nil || (len(m[1]) == 0 && (i > 0 || len(m[2]) == 0)) {
			return nil, fmt.Errorf("path %q: members separated by dots, each with [N] indexes", p)
		}
		if len(m[1]) > 0 {
			out = append(out, pathElement{member: string(m[1])})
		}
		for _, ix := range pathIndex().FindAllSubmatch(m[2], -1) {
			n, err := strconv.Atoi(string(ix[1]))
			if err != nil {
				return nil, fmt.Errorf("path %q: %w", p, err)
			}
			out = append(out, pathElement{index: n})
		}
	}
	return out, nil
}

// lookup finds the value at path in an output (as outputValue returns it).
func lookup(v any, path string) (any, error) {
	elems, err := parsePath(path)
	if err != nil {
		return nil, err
	}
	for _, e := range elems {
		switch {
		case e.member != "":
			m, _ := v.(map[string]any)
			if v = m[e.member]; v == nil {
				return nil, fmt.Errorf("%s: the output has no %s", path, e.member)
			}
		default:
			l, _ := v.([]any)
			if e.index >= len(l) {
				return nil, fmt.Errorf("%s: the output has %d elements where the path takes element %d", path, len(l), e.index)
			}
			v = l[e.index]
		}
	}
	return v, nil
}

// outputValue is an SDK output as plain values: maps by member name,
// lists, strings, json.Number and bools.
func outputValue(out any) (any, error) {
	raw, err := json.Marshal(out)
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	return v, dec.Decode(&v)
}
