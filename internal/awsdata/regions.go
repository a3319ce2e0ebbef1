package awsdata

import (
	"slices"
	"strings"
	"sync"
)

// RegionInfo is a Region of the commercial aws partition. (The name Region
// is taken by the lookup function.)
type RegionInfo struct {
	Name        string // e.g. "af-south-1".
	Description string // e.g. "Africa (Cape Town)".
	// OptIn is true for Regions launched after 2019-03-20: disabled in a new
	// account until enabled (DescribeRegions OptInStatus "not-opted-in").
	// Others are always enabled ("opt-in-not-required").
	OptIn bool
}

// regionsFile is the layout of data/regions.json (fields amity uses).
type regionsFile struct {
	Regions []struct {
		Name          string `json:"name"`
		Description   string `json:"description"`
		OptInRequired bool   `json:"optInRequired"`
	} `json:"regions"`
}

// regions parses data/regions.json once, sorted by name.
var regions = sync.OnceValue(func() []RegionInfo {
	var f regionsFile
	mustUnmarshal("regions.json", &f)
	out := make([]RegionInfo, len(f.Regions))
	for i, r := range f.Regions {
		out[i] = RegionInfo{Name: r.Name, Description: r.Description, OptIn: r.OptInRequired}
	}
	slices.SortFunc(out, func(a, b RegionInfo) int { return strings.Compare(a.Name, b.Name) })
	return out
})

// Regions returns the Regions of the aws partition, sorted by name. The
// slice is the caller's own.
func Regions() []RegionInfo {
	return slices.Clone(regions())
}

// Region returns the Region with the given name, and false when the aws
// partition has no such Region.
func Region(name string) (RegionInfo, bool) {
	all := regions()
	i, found := slices.BinarySearchFunc(all, name, func(r RegionInfo, n string) int { return strings.Compare(r.Name, n) })
	if !found {
		return RegionInfo{}, false
	}
	return all[i], true
}
