package cloudtrail

import (
	"fmt"
	"net"
	"strings"

	"github.com/amityhq/amity/internal/api/cloudtrailapi"
	"github.com/amityhq/amity/internal/lazyregexp"
)

// checkTrailName applies CloudTrail's naming rules [CloudTrail User
// Guide, "Naming requirements for trails"; the texts are moto's, written
// against AWS's answers].
func checkTrailName(name string) error {
	switch {
	case len(name) < 3:
		return cloudtrailapi.InvalidTrailNameException(fmt.Sprintf(
			"Trail name too short. Minimum allowed length: 3 characters. Specified name length: %d characters.", len(name)))
	case len(name) > 128:
		return cloudtrailapi.InvalidTrailNameException(fmt.Sprintf(
			"Trail name too long. Maximum allowed length: 128 characters. Specified name length: %d characters.", len(name)))
	case !isAlnum(name[0]):
		return cloudtrailapi.InvalidTrailNameException("Trail name must starts with a letter or number.")
	case !isAlnum(name[len(name)-1]):
		return cloudtrailapi.InvalidTrailNameException("Trail name must ends with a letter or number.")
	case !trailNameChars().MatchString(name):
		return cloudtrailapi.InvalidTrailNameException("Trail name or ARN can only contain uppercase letters, lowercase letters, " +
			"numbers, periods (.), hyphens (-), and underscores (_).")
	}
	return nil
}

// trailNameChars and bucketChars are compiled on first use, not at every
// start of amity.
var trailNameChars = lazyregexp.New(`^[.\-_0-9a-zA-Z]+$`)

func isAlnum(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}

// checkBucketName applies S3's bucket naming rules [S3 User Guide, "Bucket
// naming rules"]: a bucket is a folder of the data directory, so a name
// that is not one could escape it. UNVERIFIED: CloudTrail's text.
func checkBucketName(name string) error {
	ok := len(name) >= 3 && len(name) <= 63 && bucketChars().MatchString(name) &&
		!strings.Contains(name, "..") && net.ParseIP(name) == nil
	if !ok {
		return cloudtrailapi.InvalidS3BucketNameException("Bucket name is not valid: " + name)
	}
	return nil
}

var bucketChars = lazyregexp.New(`^[a-z0-9][a-z0-9.\-]*[a-z0-9]$`)

// checkPrefix refuses a key prefix longer than CloudTrail allows (200
// characters [CloudTrail API Reference, CreateTrail: S3KeyPrefix]) or that
// would leave its bucket's folder (".." segments, an absolute path).
// UNVERIFIED: CloudTrail's text.
func checkPrefix(prefix string) error {
	bad := len(prefix) > 200 || strings.HasPrefix(prefix, "/") || strings.Contains(prefix, "\\")
	for _, seg := range strings.Split(prefix, "/") {
		bad = bad || seg == ".." || seg == "."
	}
	if bad {
		return cloudtrailapi.InvalidS3PrefixException("The S3 key prefix is not valid: " + prefix)
	}
	return nil
}

// trailRef is what a request names a trail by: a name or an ARN.
type trailRef struct {
	account, region, name string // region and account set for an ARN
}

// parseTrailRef reads a trail's name or ARN.
func parseTrailRef(s string) (trailRef, error) {
	if !strings.HasPrefix(s, "arn:") {
		return trailRef{name: s}, checkTrailName(s)
	}
	parts := strings.SplitN(s, ":", 6)
	name, ok := strings.CutPrefix(parts[len(parts)-1], "trail/")
	if len(parts) != 6 || parts[1] != "aws" || parts[2] != "cloudtrail" || !ok {
		// UNVERIFIED text.
		return trailRef{}, cloudtrailapi.CloudTrailARNInvalidException("Invalid trail ARN: " + s)
	}
	return trailRef{account: parts[4], region: parts[3], name: name}, checkTrailName(name)
}

// find returns the trail ref names for account in region, or
// TrailNotFoundException naming it as given [moto: "Unknown trail: NAME
// for the user: ACCOUNT"].
func find(all []*trail, account, region string, ref trailRef, given string) (*trail, error) {
	for _, t := range all {
		if t.Account == account && t.Name == ref.name && t.visibleIn(region) &&
			(ref.region == "" || (ref.region == t.HomeRegion && ref.account == account)) {
			return t, nil
		}
	}
	return nil, cloudtrailapi.TrailNotFoundException("Unknown trail: " + given + " for the user: " + account)
}

// atHome refuses a change to a trail from a Region other than its home
// (a multi-Region trail's shadow). UNVERIFIED text.
func atHome(t *trail, region string) error {
	if t.HomeRegion != region {
		return cloudtrailapi.InvalidHomeRegionException(fmt.Sprintf(
			"This operation must be called from the trail's home region, %s.", t.HomeRegion))
	}
	return nil
}
