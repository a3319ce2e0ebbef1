// Package awsdata holds documents AWS publishes (managed policies, default
// key policies, Regions, Image Builder's AWS-owned resources) as embedded
// data, with typed accessors.
//
// The files under data/ are copied, never retyped, from the collected
// reference set; data/SOURCES.md records where each came from. Parsing
// happens once, on first use. The embedded files are part of the binary and
// covered by this package's tests, so a parse failure is a build defect and
// panics rather than returning an error every caller would have to ignore.
package awsdata

import (
	"embed"
	"encoding/json"
	"strings"
)

//go:embed data
var files embed.FS

// mustRead returns an embedded file's content; name is relative to data/.
func mustRead(name string) []byte {
	b, err := files.ReadFile("data/" + name)
	if err != nil {
		panic("awsdata: embedded file missing: " + err.Error())
	}
	return b
}

// mustUnmarshal decodes an embedded JSON file into v.
func mustUnmarshal(name string, v any) {
	if err := json.Unmarshal(mustRead(name), v); err != nil {
		panic("awsdata: embedded file " + name + " is not valid JSON: " + err.Error())
	}
}

// regionPlaceholder is how the data files write the Region in ARNs and
// policies that depend on it.
const regionPlaceholder = "REGION"

// accountPlaceholder is how the data files write the account id.
const accountPlaceholder = "ACCOUNT_ID"

// withRegion replaces the Region placeholder in s.
func withRegion(s, region string) string {
	return strings.ReplaceAll(s, regionPlaceholder, region)
}
