// Package account is the AWS Account Management API's Region opt-in part:
// EnableRegion, DisableRegion, GetRegionOptStatus and ListRegions. An
// opt-in Region (af-south-1, ap-east-1, ...) serves an account's requests
// only once the account has enabled it; amity completes a change at once,
// where AWS takes minutes (ENABLING, DISABLING).
package account

import (
	"context"
	"fmt"
	"slices"
	"strconv"

	"github.com/amityhq/amity/internal/api/accountapi"
	"github.com/amityhq/amity/internal/authz"
	"github.com/amityhq/amity/internal/awsdata"
	"github.com/amityhq/amity/internal/identity"
	"github.com/amityhq/amity/internal/policy"
)

// Service is the Account API for all accounts.
type Service struct {
	ids   *identity.Registry
	authz *authz.Authorizer
}

// New returns the Account API over the registry.
func New(ids *identity.Registry, az *authz.Authorizer) *Service {
	return &Service{ids: ids, authz: az}
}

// authorize checks action on the caller's account, which is the only
// account amity lets a caller manage (AWS lets an organization's management
// account manage its members).
func (s *Service) authorize(ctx context.Context, action string, accountID *string) (*identity.Account, error) {
	req := authz.FromContext(ctx)
	own := req.Principal.Account
	check := &authz.Check{Action: action, Resource: "arn:aws:account::" + own + ":account", ResourceAccount: own}
	if accountID != nil && *accountID != own {
		check.Resource = "arn:aws:account::" + own + ":account/o-*/" + *accountID
		// Nothing in amity grants access to another account's settings.
		denied := policy.Decision{Effect: policy.ImplicitDeny, By: policy.IdentityBasedPolicy}
		return nil, accountapi.AccessDeniedException(authz.DeniedMessage(req.Principal.ARN, check, denied, true))
	}
	d, err := s.authz.Authorize(ctx, req, check)
	if err != nil {
		return nil, err
	}
	if !d.Allowed() {
		return nil, accountapi.AccessDeniedException(authz.DeniedMessage(req.Principal.ARN, check, d, true))
	}
	return s.ids.Account(ctx, own)
}

// optInRegion checks that name is an opt-in Region. (UNVERIFIED texts: no
// capture of AWS's answer was found.)
func optInRegion(name string) error {
	r, ok := awsdata.Region(name)
	switch {
	case !ok:
		return accountapi.ValidationException(fmt.Sprintf("Invalid region name: %s", name))
	case !r.OptIn:
		return accountapi.ValidationException(fmt.Sprintf("%s is enabled by default and cannot be enabled or disabled.", name))
	}
	return nil
}

// EnableRegion enables an opt-in Region for the caller's account.
func (s *Service) EnableRegion(ctx context.Context, in *accountapi.EnableRegionInput) (*accountapi.EnableRegionOutput, error) {
	return nil, s.setStatus(ctx, "account:EnableRegion", in.AccountId, *in.RegionName, identity.RegionEnabled)
}

// DisableRegion disables an opt-in Region for the caller's account.
func (s *Service) DisableRegion(ctx context.Context, in *accountapi.DisableRegionInput) (*accountapi.DisableRegionOutput, error) {
	return nil, s.setStatus(ctx, "account:DisableRegion", in.AccountId, *in.RegionName, identity.RegionDisabled)
}

func (s *Service) setStatus(ctx context.Context, action string, accountID *string, region, status string) error {
	acct, err := s.authorize(ctx, action, accountID)
	if err != nil {
		return err
	}
	if err := optInRegion(region); err != nil {
		return err
	}
	return s.ids.SetRegionStatus(ctx, acct.ID, region, status)
}

// GetRegionOptStatus reports a Region's status for the caller's account.
func (s *Service) GetRegionOptStatus(ctx context.Context, in *accountapi.GetRegionOptStatusInput) (*accountapi.GetRegionOptStatusOutput, error) {
	acct, err := s.authorize(ctx, "account:GetRegionOptStatus", in.AccountId)
	if err != nil {
		return nil, err
	}
	status, ok := acct.RegionStatus(*in.RegionName)
	if !ok {
		return nil, accountapi.ValidationException(fmt.Sprintf("Invalid region name: %s", *in.RegionName))
	}
	return &accountapi.GetRegionOptStatusOutput{RegionName: in.RegionName, RegionOptStatus: &status}, nil
}

// defaultListRegions is how many Regions a page holds by default.
const defaultListRegions = 20

// ListRegions lists the Regions with their status for the caller's
// account, filtered by status, a page at a time (NextToken is the index of
// the next Region).
func (s *Service) ListRegions(ctx context.Context, in *accountapi.ListRegionsInput) (*accountapi.ListRegionsOutput, error) {
	acct, err := s.authorize(ctx, "account:ListRegions", in.AccountId)
	if err != nil {
		return nil, err
	}
	var all []accountapi.Region
	for _, r := range awsdata.Regions() {
		status, _ := acct.RegionStatus(r.Name)
		if len(in.RegionOptStatusContains) > 0 && !slices.Contains(in.RegionOptStatusContains, status) {
			continue
		}
		all = append(all, accountapi.Region{RegionName: &r.Name, RegionOptStatus: &status})
	}
	start := 0
	if in.NextToken != nil {
		if start, err = strconv.Atoi(*in.NextToken); err != nil || start < 0 || start > len(all) {
			return nil, accountapi.ValidationException("The NextToken is not valid.")
		}
	}
	size := defaultListRegions
	if in.MaxResults != nil {
		size = int(*in.MaxResults)
	}
	end := min(start+size, len(all))
	out := &accountapi.ListRegionsOutput{Regions: all[start:end]}
	if end < len(all) {
		next := strconv.Itoa(end)
		out.NextToken = &next
	}
	return out, nil
}
