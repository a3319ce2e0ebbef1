package imagebuilder

import (
	"maps"
	"strings"
)

// arnName is a resource name as its ARN spells it: lower case, spaces as
// hyphens. AWS lowers the case [a CDK recipe named
// "…-WindowsImageBuilder-ContainerRecipe-c577a80b" has the ARN
// ".../image/…-windowsimagebuilder-containerrecipe-c577a80b/1.0.4/1",
// CloudSnorkel/cdk-github-runners#313, 2023], so names that differ only
// in case are one resource; the ARN pattern admits no space, and that
// spaces become hyphens is UNVERIFIED.
func arnName(name string) string {
	return strings.ToLower(strings.ReplaceAll(name, " ", "-"))
}

// dateFormat is how Image Builder writes dateCreated and dateUpdated
// (ISO 8601 with milliseconds, UTC).
const dateFormat = "2006-01-02T15:04:05.000Z"

// timestamp is the service's current time as Image Builder writes it.
func (s *Service) timestamp() string { return s.now().UTC().Format(dateFormat) }

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}

// tagsOf is a copy of tags that answers carry: nil when there are none,
// as Image Builder leaves the member out (UNVERIFIED: it may answer {}).
func tagsOf(tags map[string]string) map[string]string {
	if len(tags) == 0 {
		return nil
	}
	return maps.Clone(tags)
}
