package cloudtrail

import (
	"context"

	"github.com/amityhq/amity/internal/api/cloudtrailapi"
	"github.com/amityhq/amity/internal/wire"
)

// maxSelectors is CloudTrail's limit of event selectors per trail
// [CloudTrail API Reference, PutEventSelectors: "You can configure up to
// five event selectors for each trail"].
const maxSelectors = 5

// GetEventSelectors returns a trail's event selectors, the default one
// when none was put.
func (s *Service) GetEventSelectors(ctx context.Context, in *cloudtrailapi.GetEventSelectorsInput) (*cloudtrailapi.GetEventSelectorsOutput, error) {
	c := callerOf(ctx)
	t, err := s.visibleTrail(ctx, c, *in.TrailName, "cloudtrail:GetEventSelectors", nil)
	if err != nil {
		return nil, err
	}
	return &cloudtrailapi.GetEventSelectorsOutput{TrailARN: new(t.ARN()), EventSelectors: selectorsOutput(t.selectors())}, nil
}

// PutEventSelectors replaces a trail's event selectors, from its home
// Region: which management events it delivers (read, write or all; none;
// all but some sources). Data events are never recorded by amity, so data
// resources select nothing.
func (s *Service) PutEventSelectors(ctx context.Context, in *cloudtrailapi.PutEventSelectorsInput) (*cloudtrailapi.PutEventSelectorsOutput, error) {
	if len(in.AdvancedEventSelectors) > 0 {
		return nil, wire.Unsupported("advanced event selectors")
	}
	if len(in.EventSelectors) == 0 || len(in.EventSelectors) > maxSelectors {
		// UNVERIFIED text.
		return nil, cloudtrailapi.InvalidEventSelectorsException("You must specify at least one and no more than 5 event selectors.")
	}
	var put []selector
	for _, es := range in.EventSelectors {
		sel := selector{ReadWriteType: cloudtrailapi.ReadWriteTypeAll, IncludeManagement: true, ExcludeSources: es.ExcludeManagementEventSources}
		if es.ReadWriteType != nil {
			sel.ReadWriteType = *es.ReadWriteType
		}
		if es.IncludeManagementEvents != nil {
			sel.IncludeManagement = *es.IncludeManagementEvents
		}
		for _, dr := range es.DataResources {
			sel.DataResources = append(sel.DataResources, dataResource{Type: deref(dr.Type), Values: dr.Values})
		}
		put = append(put, sel)
	}
	var arn string
	err := s.changeTrail(ctx, *in.TrailName, "cloudtrail:PutEventSelectors", func(t *trail) error {
		t.Selectors, arn = put, t.ARN()
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &cloudtrailapi.PutEventSelectorsOutput{TrailARN: new(arn), EventSelectors: selectorsOutput(put)}, nil
}

func selectorsOutput(sels []selector) []cloudtrailapi.EventSelector {
	out := make([]cloudtrailapi.EventSelector, 0, len(sels))
	for _, sel := range sels {
		es := cloudtrailapi.EventSelector{ReadWriteType: new(sel.ReadWriteType), IncludeManagementEvents: new(sel.IncludeManagement),
			DataResources: []cloudtrailapi.DataResource{}, ExcludeManagementEventSources: append([]string{}, sel.ExcludeSources...)}
		for _, dr := range sel.DataResources {
			es.DataResources = append(es.DataResources, cloudtrailapi.DataResource{Type: new(dr.Type), Values: dr.Values})
		}
		out = append(out, es)
	}
	return out
}

func deref(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}
