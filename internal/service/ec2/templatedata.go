package ec2

import (
	"bytes"
	"encoding/json"

	"github.com/amityhq/amity/internal/api/ec2api"
)

// A launch template version keeps its LaunchTemplateData as given: the
// request shape's JSON without its absent members. The response shape
// has the same member names all the way down (a test holds this), so the
// kept JSON reads back as what DescribeLaunchTemplateVersions answers.

// keptData is a request's LaunchTemplateData as a version keeps it.
func keptData(d *ec2api.RequestLaunchTemplateData) json.RawMessage {
	if d == nil {
		return json.RawMessage("{}")
	}
	return prune(mustJSON(d))
}

// prune removes null members, recursively.
func prune(raw json.RawMessage) json.RawMessage {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber() // keep numbers as written
	var v any
	if err := dec.Decode(&v); err != nil {
		panic("ec2: launch template data does not decode: " + err.Error())
	}
	return mustJSON(pruned(v))
}

func pruned(v any) any {
	switch t := v.(type) {
	case map[string]any:
		for k, m := range t {
			if m == nil {
				delete(t, k)
			} else {
				t[k] = pruned(m)
			}
		}
	case []any:
		for i, m := range t {
			t[i] = pruned(m)
		}
	}
	return v
}

// overlay is a new version's data made from a source version's: the
// members the request gives replace the source's, member by member at the
// top level, as CreateLaunchTemplateVersion's SourceVersion does [EC2 API
// reference: "the new version inherits the same launch parameters as the
// source version, except for parameters that you specify in
// LaunchTemplateData"].
func overlay(source, given json.RawMessage) json.RawMessage {
	var base, add map[string]json.RawMessage
	if err := json.Unmarshal(source, &base); err != nil {
		panic("ec2: kept launch template data does not decode: " + err.Error())
	}
	if err := json.Unmarshal(given, &add); err != nil {
		panic("ec2: launch template data does not decode: " + err.Error())
	}
	for k, v := range add {
		base[k] = v
	}
	return mustJSON(base)
}

// responseData is kept data as answers carry it.
func responseData(raw json.RawMessage) *ec2api.ResponseLaunchTemplateData {
	out := new(ec2api.ResponseLaunchTemplateData)
	if err := json.Unmarshal(raw, out); err != nil {
		panic("ec2: kept launch template data does not decode: " + err.Error())
	}
	return out
}
