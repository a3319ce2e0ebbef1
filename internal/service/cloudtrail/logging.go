package cloudtrail

import (
	"context"

	"github.com/amityhq/amity/internal/api/cloudtrailapi"
	"github.com/amityhq/amity/internal/service/cloudtrail/record"
)

// StartLogging makes a trail deliver the records that follow.
func (s *Service) StartLogging(ctx context.Context, in *cloudtrailapi.StartLoggingInput) (*cloudtrailapi.StartLoggingOutput, error) {
	return nil, s.changeTrail(ctx, *in.Name, "cloudtrail:StartLogging", func(t *trail) error {
		now := s.now().UTC()
		t.Logging, t.StartedAt = true, &now
		return nil
	})
}

// StopLogging stops a trail's delivery; what it holds is still delivered.
func (s *Service) StopLogging(ctx context.Context, in *cloudtrailapi.StopLoggingInput) (*cloudtrailapi.StopLoggingOutput, error) {
	return nil, s.changeTrail(ctx, *in.Name, "cloudtrail:StopLogging", func(t *trail) error {
		now := s.now().UTC()
		t.Logging, t.StoppedAt = false, &now
		return nil
	})
}

// GetTrailStatus reports whether a trail logs, since when, and its last
// delivery. A trail not found is named by its ARN in the Region of the
// request [moto: "This particular method returns the ARN as part of the
// error message"].
func (s *Service) GetTrailStatus(ctx context.Context, in *cloudtrailapi.GetTrailStatusInput) (*cloudtrailapi.GetTrailStatusOutput, error) {
	c := callerOf(ctx)
	t, err := s.visibleTrail(ctx, c, *in.Name, "cloudtrail:GetTrailStatus", func(ref trailRef) string {
		return (&trail{Account: c.account, HomeRegion: c.region, Name: ref.name}).ARN()
	})
	if err != nil {
		return nil, err
	}
	out := &cloudtrailapi.GetTrailStatusOutput{IsLogging: new(t.Logging), StartLoggingTime: t.StartedAt, StopLoggingTime: t.StoppedAt}
	if t.StartedAt != nil {
		out.TimeLoggingStarted = new(t.StartedAt.Format(record.TimeLayout))
	}
	if t.StoppedAt != nil {
		out.TimeLoggingStopped = new(t.StoppedAt.Format(record.TimeLayout))
	}
	if t.DeliveredAt != nil {
		out.LatestDeliveryTime = t.DeliveredAt
		out.LatestDeliveryAttemptTime = new(t.DeliveredAt.Format(record.TimeLayout))
		out.LatestDeliveryAttemptSucceeded = out.LatestDeliveryAttemptTime
	}
	return out, nil
}
