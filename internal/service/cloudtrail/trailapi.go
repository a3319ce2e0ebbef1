package cloudtrail

import (
	"context"
	"fmt"

	"github.com/amityhq/amity/internal/api/cloudtrailapi"
	"github.com/amityhq/amity/internal/page"
)

// maxTrailsPerRegion is CloudTrail's quota [CloudTrail User Guide, "Quotas
// in AWS CloudTrail": 5 trails per Region].
const maxTrailsPerRegion = 5

// CreateTrail creates a trail in the Region of the request, not logging
// until StartLogging.
func (s *Service) CreateTrail(ctx context.Context, in *cloudtrailapi.CreateTrailInput) (*cloudtrailapi.CreateTrailOutput, error) {
	c := callerOf(ctx)
	if err := checkTrailName(*in.Name); err != nil {
		return nil, err
	}
	t := &trail{Account: c.account, HomeRegion: c.region, Name: *in.Name, IncludeGlobal: true}
	if err := s.allow(ctx, c, "cloudtrail:CreateTrail", t.ARN()); err != nil {
		return nil, err
	}
	if err := t.apply(settings(*in)); err != nil {
		return nil, err
	}
	var err error
	if t.Tags, err = addTags(nil, in.TagsList); err != nil {
		return nil, err
	}
	err = s.change(ctx, func(all []*trail) (*trail, *trail, error) {
		inRegion := 0
		for _, o := range all {
			if o.Account != t.Account {
				continue
			}
			if o.Name == t.Name && (o.HomeRegion == t.HomeRegion || o.MultiRegion || t.MultiRegion) {
				// UNVERIFIED text.
				return nil, nil, cloudtrailapi.TrailAlreadyExistsException(fmt.Sprintf("Trail %s already exists for customer: %s", t.Name, t.Account))
			}
			if o.visibleIn(t.HomeRegion) {
				inRegion++
			}
		}
		if inRegion >= maxTrailsPerRegion {
			// UNVERIFIED text.
			return nil, nil, cloudtrailapi.MaximumNumberOfTrailsExceededException(fmt.Sprintf(
				"User: %s already has %d trails in %s.", t.Account, maxTrailsPerRegion, t.HomeRegion))
		}
		return t, nil, nil
	})
	if err != nil {
		return nil, err
	}
	out := t.settingsOutput()
	return &out, nil
}

// UpdateTrail changes a trail's settings, from its home Region.
func (s *Service) UpdateTrail(ctx context.Context, in *cloudtrailapi.UpdateTrailInput) (*cloudtrailapi.UpdateTrailOutput, error) {
	var updated *trail
	err := s.changeTrail(ctx, *in.Name, "cloudtrail:UpdateTrail", func(t *trail) error {
		updated = t
		return t.apply(settings(cloudtrailapi.CreateTrailInput{S3BucketName: in.S3BucketName, S3KeyPrefix: in.S3KeyPrefix,
			SnsTopicName: in.SnsTopicName, IncludeGlobalServiceEvents: in.IncludeGlobalServiceEvents,
			IsMultiRegionTrail: in.IsMultiRegionTrail, EnableLogFileValidation: in.EnableLogFileValidation,
			CloudWatchLogsLogGroupArn: in.CloudWatchLogsLogGroupArn, CloudWatchLogsRoleArn: in.CloudWatchLogsRoleArn,
			KmsKeyId: in.KmsKeyId, IsOrganizationTrail: in.IsOrganizationTrail}))
	})
	if err != nil {
		return nil, err
	}
	out := cloudtrailapi.UpdateTrailOutput(updated.settingsOutput())
	return &out, nil
}

// DeleteTrail deletes a trail, from its home Region. Its log files stay.
func (s *Service) DeleteTrail(ctx context.Context, in *cloudtrailapi.DeleteTrailInput) (*cloudtrailapi.DeleteTrailOutput, error) {
	c := callerOf(ctx)
	return nil, s.change(ctx, func(all []*trail) (*trail, *trail, error) {
		t, err := s.homeTrail(ctx, c, all, *in.Name, "cloudtrail:DeleteTrail")
		return nil, t, err
	})
}

// GetTrail returns a trail visible in the Region of the request.
func (s *Service) GetTrail(ctx context.Context, in *cloudtrailapi.GetTrailInput) (*cloudtrailapi.GetTrailOutput, error) {
	c := callerOf(ctx)
	t, err := s.visibleTrail(ctx, c, *in.Name, "cloudtrail:GetTrail", nil)
	if err != nil {
		return nil, err
	}
	return &cloudtrailapi.GetTrailOutput{Trail: t.describe()}, nil
}

// DescribeTrails returns the trails named, or every trail of the Region,
// with the multi-Region trails of other Regions unless told not to.
func (s *Service) DescribeTrails(ctx context.Context, in *cloudtrailapi.DescribeTrailsInput) (*cloudtrailapi.DescribeTrailsOutput, error) {
	c := callerOf(ctx)
	if err := s.allow(ctx, c, "cloudtrail:DescribeTrails", "*"); err != nil {
		return nil, err
	}
	shadows := in.IncludeShadowTrails == nil || *in.IncludeShadowTrails
	named := map[string]bool{}
	for _, n := range in.TrailNameList {
		ref, err := parseTrailRef(n)
		if err != nil {
			return nil, err
		}
		named[ref.name] = true
	}
	out := &cloudtrailapi.DescribeTrailsOutput{TrailList: []cloudtrailapi.Trail{}}
	for _, t := range s.trails.all() {
		if t.Account != c.account || !(t.HomeRegion == c.region || (shadows && t.MultiRegion)) ||
			(len(named) > 0 && !named[t.Name]) {
			continue
		}
		out.TrailList = append(out.TrailList, *t.describe())
	}
	return out, nil
}

// ListTrails lists the account's trails of every Region, a page at a time.
func (s *Service) ListTrails(ctx context.Context, in *cloudtrailapi.ListTrailsInput) (*cloudtrailapi.ListTrailsOutput, error) {
	c := callerOf(ctx)
	if err := s.allow(ctx, c, "cloudtrail:ListTrails", "*"); err != nil {
		return nil, err
	}
	var mine []*trail
	for _, t := range s.trails.all() {
		if t.Account == c.account {
			mine = append(mine, t)
		}
	}
	after := ""
	if in.NextToken != nil {
		var ok bool
		if after, ok = page.Position(*in.NextToken); !ok {
			return nil, cloudtrailapi.InvalidTokenException("Invalid token") // UNVERIFIED text
		}
	}
	items, next := page.Cut(mine, after, listTrailsPage, (*trail).key)
	out := &cloudtrailapi.ListTrailsOutput{Trails: []cloudtrailapi.TrailInfo{}}
	for _, t := range items {
		out.Trails = append(out.Trails, cloudtrailapi.TrailInfo{TrailARN: new(t.ARN()), Name: new(t.Name), HomeRegion: new(t.HomeRegion)})
	}
	if next != "" {
		out.NextToken = new(page.Marker(next))
	}
	return out, nil
}

const listTrailsPage = 50

// visibleTrail finds the trail name names in the caller's Region and
// authorizes action on it. A trail not found is named as given, or as
// shown says when it is set.
func (s *Service) visibleTrail(ctx context.Context, c *caller, name, action string, shown func(trailRef) string) (*trail, error) {
	ref, err := parseTrailRef(name)
	if err != nil {
		return nil, err
	}
	given := name
	if shown != nil && ref.region == "" {
		given = shown(ref)
	}
	t, err := find(s.trails.all(), c.account, c.region, ref, given)
	if err != nil {
		return nil, err
	}
	return t, s.allow(ctx, c, action, t.ARN())
}

// homeTrail is visibleTrail for a change, which only the trail's home
// Region makes.
func (s *Service) homeTrail(ctx context.Context, c *caller, all []*trail, name, action string) (*trail, error) {
	ref, err := parseTrailRef(name)
	if err != nil {
		return nil, err
	}
	t, err := find(all, c.account, c.region, ref, name)
	if err != nil {
		return nil, err
	}
	if err := s.allow(ctx, c, action, t.ARN()); err != nil {
		return nil, err
	}
	return t, atHome(t, c.region)
}

// changeTrail applies fn to a copy of the trail name names, found and
// authorized from its home Region, and writes it.
func (s *Service) changeTrail(ctx context.Context, name, action string, fn func(*trail) error) error {
	c := callerOf(ctx)
	return s.change(ctx, func(all []*trail) (*trail, *trail, error) {
		t, err := s.homeTrail(ctx, c, all, name, action)
		if err != nil {
			return nil, nil, err
		}
		cp := *t
		return &cp, nil, fn(&cp)
	})
}
