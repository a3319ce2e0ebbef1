package identity

import (
	"time"

	"github.com/amityhq/amity/internal/awsdata"
)

// Account is an AWS account living in amity.
type Account struct {
	ID      string    `json:"id"`
	Created time.Time `json:"created"`
	// OptInRegions holds the opt-in Regions' status (RegionOptStatus of the
	// Account API); Regions absent from it are DISABLED. Regions that need no opt-in are always enabled.
	OptInRegions map[string]string `json:"optInRegions,omitempty"`
}

// Region opt-in statuses, as the Account API names them.
// amity completes a change of status at once, so it never reports ENABLING
// or DISABLING.
const (
	RegionEnabled          = "ENABLED"
	RegionDisabled         = "DISABLED"
	RegionEnabledByDefault = "ENABLED_BY_DEFAULT"
)

// RegionStatus returns the Account API's RegionOptStatus of region, and
// false when the aws partition has no such Region.
func (a *Account) RegionStatus(region string) (string, bool) {
	info, ok := awsdata.Region(region)
	switch {
	case !ok:
		return "", false
	case !info.OptIn:
		return RegionEnabledByDefault, true
	}
	if s, ok := a.OptInRegions[region]; ok {
		return s, true
	}
	return RegionDisabled, true
}

// RegionEnabled reports whether requests to region are served for the
// account.
func (a *Account) RegionEnabled(region string) bool {
	s, ok := a.RegionStatus(region)
	return ok && (s == RegionEnabled || s == RegionEnabledByDefault)
}
