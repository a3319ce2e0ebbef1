package cloudtrail

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	"github.com/amityhq/amity/internal/api/cloudtrailapi"
	"github.com/amityhq/amity/internal/service/cloudtrail/record"
	"github.com/amityhq/amity/internal/store"
)

// trail is a trail as amity keeps it: table cloudtrail/trails, key
// ACCOUNT/HOME-REGION/NAME, JSON. A kept trail is never changed: a change
// writes a copy.
type trail struct {
	Account       string     `json:"account"`
	HomeRegion    string     `json:"homeRegion"`
	Name          string     `json:"name"`
	Bucket        string     `json:"bucket"`
	Prefix        string     `json:"prefix,omitempty"`
	IncludeGlobal bool       `json:"includeGlobalServiceEvents"`
	MultiRegion   bool       `json:"multiRegion"`
	Logging       bool       `json:"logging"`
	StartedAt     *time.Time `json:"startedAt,omitempty"`
	StoppedAt     *time.Time `json:"stoppedAt,omitempty"`
	DeliveredAt   *time.Time `json:"deliveredAt,omitempty"`
	// Selectors are the event selectors put; nil is the default one (all
	// management events).
	Selectors []selector `json:"selectors,omitempty"`
	Tags      []tag      `json:"tags,omitempty"`
}

type selector struct {
	ReadWriteType     string         `json:"readWriteType"`
	IncludeManagement bool           `json:"includeManagementEvents"`
	DataResources     []dataResource `json:"dataResources,omitempty"`
	ExcludeSources    []string       `json:"excludeManagementEventSources,omitempty"`
}

type dataResource struct {
	Type   string   `json:"type"`
	Values []string `json:"values,omitempty"`
}

type tag struct {
	Key   string `json:"key"`
	Value string `json:"value,omitempty"`
}

const trailsTable = "cloudtrail/trails"

func (t *trail) key() string { return t.Account + "/" + t.HomeRegion + "/" + t.Name }

// ARN is arn:aws:cloudtrail:HOME-REGION:ACCOUNT:trail/NAME.
func (t *trail) ARN() string {
	return "arn:aws:cloudtrail:" + t.HomeRegion + ":" + t.Account + ":trail/" + t.Name
}

// visibleIn reports whether the trail answers in region: its home, or
// every Region for a multi-Region trail (a "shadow trail" elsewhere).
func (t *trail) visibleIn(region string) bool { return t.HomeRegion == region || t.MultiRegion }

// globalSources are the services whose records are global service events,
// delivered only by trails that include them [CloudTrail User Guide,
// "Global service events": IAM among them; STS only at its global
// endpoint, which amity's signed Regions never name].
var globalSources = map[string]bool{"iam.amazonaws.com": true}

// logs reports whether the trail delivers rec.
func (t *trail) logs(rec *record.Record) bool {
	if !t.Logging || rec.Account != t.Account {
		return false
	}
	global := globalSources[rec.EventSource]
	switch {
	case global && !t.IncludeGlobal:
		return false
	case !global && !t.MultiRegion && rec.Region != t.HomeRegion:
		return false
	}
	for _, s := range t.selectors() {
		if s.IncludeManagement && !slices.Contains(s.ExcludeSources, rec.EventSource) &&
			(s.ReadWriteType == cloudtrailapi.ReadWriteTypeAll || (s.ReadWriteType == cloudtrailapi.ReadWriteTypeReadOnly) == rec.ReadOnly) {
			return true
		}
	}
	return false
}

// selectors are the trail's event selectors, the default one when none
// was put [CloudTrail API Reference, GetEventSelectors: "ReadWriteType":
// "All", "IncludeManagementEvents": true].
func (t *trail) selectors() []selector {
	if t.Selectors == nil {
		return []selector{{ReadWriteType: cloudtrailapi.ReadWriteTypeAll, IncludeManagement: true}}
	}
	return t.Selectors
}

// trailSet is every trail, replaced whole on each change, read without a
// lock by requests and by the writer.
type trailSet struct {
	p atomic.Pointer[[]*trail]
}

func (ts *trailSet) all() []*trail {
	if p := ts.p.Load(); p != nil {
		return *p
	}
	return nil
}

// logging returns the trails that are logging.
func (ts *trailSet) logging() []*trail {
	var out []*trail
	for _, t := range ts.all() {
		if t.Logging {
			out = append(out, t)
		}
	}
	return out
}

func (s *Service) loadTrails(ctx context.Context) error {
	var all []*trail
	err := s.store.View(ctx, func(tx store.Tx) error {
		all = nil
		return tx.Scan(trailsTable, "", "", func(_ string, v []byte) (bool, error) {
			t := new(trail)
			if err := json.Unmarshal(v, t); err != nil {
				return false, fmt.Errorf("cloudtrail: stored trail: %w", err)
			}
			all = append(all, t)
			return true, nil
		})
	})
	s.trails.p.Store(&all)
	return err
}

// change runs fn on the trails under the write lock; fn returns the trail
// to write (nil for none) and the one to delete (nil for none). The store
// is written, then the set replaced.
func (s *Service) change(ctx context.Context, fn func(all []*trail) (put, del *trail, err error)) error {
	s.trailWrites.Lock()
	defer s.trailWrites.Unlock()
	all := s.trails.all()
	put, del, err := fn(all)
	if err != nil {
		return err
	}
	err = s.store.Update(ctx, func(tx store.Tx) error {
		if del != nil {
			if err := tx.Delete(trailsTable, del.key()); err != nil {
				return err
			}
		}
		if put == nil {
			return nil
		}
		b, err := json.Marshal(put)
		if err != nil {
			return err
		}
		return tx.Put(trailsTable, put.key(), b)
	})
	if err != nil {
		return err
	}
	next := make([]*trail, 0, len(all)+1)
	for _, t := range all {
		if (del == nil || t.key() != del.key()) && (put == nil || t.key() != put.key()) {
			next = append(next, t)
		}
	}
	if put != nil {
		next = append(next, put)
	}
	slices.SortFunc(next, func(a, b *trail) int { return strings.Compare(a.key(), b.key()) })
	s.trails.p.Store(&next)
	return nil
}
