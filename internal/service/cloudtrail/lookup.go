package cloudtrail

import (
	"context"
	"encoding/binary"
	"errors"
	"hash/fnv"
	"strconv"
	"time"

	"github.com/amityhq/amity/internal/api/cloudtrailapi"
	"github.com/amityhq/amity/internal/page"
	"github.com/amityhq/amity/internal/service/cloudtrail/eventstore"
)

// LookupEvents returns the caller's account's records in the Region of
// the request, newest first: all of them, or those with one attribute's
// value, between StartTime (default: the retention period ago) and
// EndTime (default: now), a page of MaxResults (default and most, 50) at
// a time. Calls answered before this one are all visible.
//
// UNVERIFIED: the texts of the Invalid*Exception answers; no capture of
// them was found.
func (s *Service) LookupEvents(ctx context.Context, in *cloudtrailapi.LookupEventsInput) (*cloudtrailapi.LookupEventsOutput, error) {
	c := callerOf(ctx)
	if err := s.allow(ctx, c, "cloudtrail:LookupEvents", "*"); err != nil {
		return nil, err
	}
	q, err := s.lookupQuery(c, in)
	if err != nil {
		return nil, err
	}
	out := &cloudtrailapi.LookupEventsOutput{Events: []cloudtrailapi.Event{}}
	if in.EventCategory != nil {
		return out, nil // Insights events: amity's trails have no Insights
	}
	if err := s.queue.wait(ctx, s.queue.mark()); err != nil {
		return nil, err
	}
	events, next, err := s.events.Lookup(ctx, q)
	if errors.Is(err, eventstore.ErrPosition) {
		return nil, invalidToken()
	}
	if err != nil {
		return nil, err
	}
	for _, ev := range events {
		out.Events = append(out.Events, lookupEvent(&ev))
	}
	if next != "" {
		out.NextToken = new(page.Marker(tokenPrefix(in) + next))
	}
	return out, nil
}

// lookupQuery checks in and returns its query.
func (s *Service) lookupQuery(c *caller, in *cloudtrailapi.LookupEventsInput) (eventstore.Query, error) {
	now := s.now()
	q := eventstore.Query{Partition: eventstore.Partition{Account: c.account, Region: c.region},
		Start: now.Add(-s.opts.Retention), End: now, Limit: maxLookupResults}
	switch {
	case len(in.LookupAttributes) > 1:
		return q, cloudtrailapi.InvalidLookupAttributesException("You can specify only one lookup attribute.")
	case len(in.LookupAttributes) == 1:
		a := in.LookupAttributes[0]
		attr, known := eventstore.Attributes[deref(a.AttributeKey)]
		value := deref(a.AttributeValue)
		if !known {
			return q, cloudtrailapi.InvalidLookupAttributesException("Invalid attribute key: " + deref(a.AttributeKey))
		}
		if value == "" || len(value) > maxAttributeValue {
			return q, cloudtrailapi.InvalidLookupAttributesException("The attribute value must be between 1 and 2000 characters long.")
		}
		q.Attribute, q.Value = attr, value
	}
	if in.MaxResults != nil {
		if *in.MaxResults < 1 || *in.MaxResults > maxLookupResults {
			return q, cloudtrailapi.InvalidMaxResultsException("MaxResults must be between 1 and 50.")
		}
		q.Limit = int(*in.MaxResults)
	}
	if in.StartTime != nil {
		q.Start = *in.StartTime
	}
	if in.EndTime != nil {
		q.End = *in.EndTime
	}
	if q.Start.After(q.End) {
		return q, cloudtrailapi.InvalidTimeRangeException("Start time must be before end time.")
	}
	if in.EventCategory != nil && *in.EventCategory != cloudtrailapi.EventCategoryInsight {
		return q, cloudtrailapi.InvalidEventCategoryException("Invalid event category: " + *in.EventCategory)
	}
	if in.NextToken != nil {
		pos, ok := page.Position(*in.NextToken)
		prefix := tokenPrefix(in)
		if !ok || len(pos) <= len(prefix) || pos[:len(prefix)] != prefix {
			return q, invalidToken()
		}
		q.After = pos[len(prefix):]
	}
	return q, nil
}

func invalidToken() error { return cloudtrailapi.InvalidNextTokenException("Invalid NextToken.") }

// Bounds of LookupEvents [CloudTrail API Reference, LookupEvents].
const (
	maxLookupResults  = 50
	maxAttributeValue = 2000
)

// tokenPrefix ties a NextToken to the parameters of the lookup that made
// it, which the next page must repeat ("This token must be passed in with
// the same parameters that were specified in the original call" [CloudTrail
// API Reference, LookupEvents]): 8 bytes of their hash.
func tokenPrefix(in *cloudtrailapi.LookupEventsInput) string {
	h := fnv.New64a()
	for _, a := range in.LookupAttributes {
		h.Write([]byte(deref(a.AttributeKey) + "\x00" + deref(a.AttributeValue) + "\x00"))
	}
	for _, t := range []*time.Time{in.StartTime, in.EndTime} {
		if t != nil {
			h.Write([]byte(strconv.FormatInt(t.UnixNano(), 10)))
		}
		h.Write([]byte{0})
	}
	var b [8]byte
	binary.BigEndian.PutUint64(b[:], h.Sum64())
	return string(b[:])
}

// lookupEvent is a record as LookupEvents answers it: its time in whole
// seconds, as the record's eventTime.
func lookupEvent(ev *eventstore.Event) cloudtrailapi.Event {
	out := cloudtrailapi.Event{EventId: new(ev.EventID), EventName: new(ev.EventName),
		ReadOnly: new(strconv.FormatBool(ev.ReadOnly)), EventTime: new(ev.Time.Truncate(time.Second)), EventSource: new(ev.EventSource),
		Resources: []cloudtrailapi.Resource{}, CloudTrailEvent: new(string(ev.JSON))}
	if ev.AccessKeyID != "" {
		out.AccessKeyId = new(ev.AccessKeyID)
	}
	if ev.Username != "" {
		out.Username = new(ev.Username)
	}
	for _, r := range ev.Resources {
		res := cloudtrailapi.Resource{ResourceName: new(r.Name)}
		if r.Type != "" {
			res.ResourceType = new(r.Type)
		}
		out.Resources = append(out.Resources, res)
	}
	return out
}
