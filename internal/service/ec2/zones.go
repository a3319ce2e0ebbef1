package ec2

import (
	"strings"
)

// zoneLetters are the Availability Zones amity gives every Region.
var zoneLetters = []string{"a", "b", "c"}

// zones returns a Region's Availability Zones.
func zones(region string) []string {
	out := make([]string, len(zoneLetters))
	for i, l := range zoneLetters {
		out[i] = region + l
	}
	return out
}

// validZone reports whether zone is one of region's.
func validZone(region, zone string) bool {
	return strings.HasPrefix(zone, region) && len(zone) == len(region)+1 &&
		strings.Contains(strings.Join(zoneLetters, ""), zone[len(region):])
}

// zoneID is an Availability Zone's id as AWS writes it: the Region's
// short code and the zone's number (us-east-1a → use1-az1).
func zoneID(zone string) string {
	if len(zone) < 2 {
		return ""
	}
	region, letter := zone[:len(zone)-1], zone[len(zone)-1:]
	n := strings.Index(strings.Join(zoneLetters, ""), letter) + 1
	return regionCode(region) + "-az" + string(rune('0'+n))
}

// regionCode shortens a Region's name as zone ids do: us-east-1 → use1,
// ap-southeast-2 → apse2, eu-central-1 → euc1.
func regionCode(region string) string {
	parts := strings.Split(region, "-")
	if len(parts) < 3 {
		return region
	}
	dir := parts[1]
	short := map[string]string{"east": "e", "west": "w", "north": "n", "south": "s", "central": "c",
		"northeast": "ne", "northwest": "nw", "southeast": "se", "southwest": "sw"}[dir]
	if short == "" {
		short = dir[:1]
	}
	return parts[0] + short + parts[len(parts)-1]
}
