package awsdata_test

import (
	"encoding/json"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/amityhq/amity/internal/awsdata"
)

func TestRegionsMatchFile(t *testing.T) {
	raw, err := os.ReadFile("data/regions.json")
	if err != nil {
		t.Fatal(err)
	}
	var f struct{ Regions []json.RawMessage }
	if err := json.Unmarshal(raw, &f); err != nil {
		t.Fatal(err)
	}
	regions := awsdata.Regions()
	if len(regions) != len(f.Regions) {
		t.Errorf("Regions() has %d, file has %d", len(regions), len(f.Regions))
	}
	if !slices.IsSortedFunc(regions, func(a, b awsdata.RegionInfo) int { return strings.Compare(a.Name, b.Name) }) {
		t.Error("Regions() is not sorted by name")
	}
	for _, r := range regions {
		if r.Name == "" || r.Description == "" {
			t.Errorf("incomplete Region %+v", r)
		}
	}
}

func TestRegionLookup(t *testing.T) {
	tests := []struct {
		name        string
		found       bool
		optIn       bool
		description string
	}{
		{"af-south-1", true, true, "Africa (Cape Town)"},
		{"ap-east-1", true, true, "Asia Pacific (Hong Kong)"},
		{"us-east-1", true, false, "US East (N. Virginia)"},
		{"ap-northeast-3", true, false, "Asia Pacific (Osaka)"},
		{"us-gov-west-1", false, false, ""},
		{"", false, false, ""},
	}
	for _, tt := range tests {
		r, ok := awsdata.Region(tt.name)
		if ok != tt.found || r.OptIn != tt.optIn || r.Description != tt.description {
			t.Errorf("Region(%q) = %+v, %v; want opt-in %v, %q, %v", tt.name, r, ok, tt.optIn, tt.description, tt.found)
		}
	}
}
