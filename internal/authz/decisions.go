package authz

import (
	"slices"
	"strings"
	"sync"

	"github.com/amityhq/amity/internal/policy"
)

// Record is one authorization as a request keeps it: who asked for what,
// the decision, and — for a denial, or any decision when the Authorizer
// traces allows — the engine's trace and the service's condition keys.
// It holds no secret: policies, names and the request's keys only.
type Record struct {
	Principal       string // the caller's ARN
	Action          string
	Resource        string
	ResourceAccount string
	policy.Decision
	Trace      *policy.Trace
	Conditions map[string][]string
}

// Decisions are the authorizations of one request, in the order they
// were decided, and the resources it touched: what its audit event
// carries. Safe for concurrent use; a nil *Decisions keeps nothing.
type Decisions struct {
	mu        sync.Mutex
	records   []Record
	resources []Resource
	// Most requests decide once and touch one resource: room for that
	// inside the struct spares the allocations.
	firstRecord   [1]Record
	firstResource [1]Resource
}

// Resource is a resource a request touched and the account owning it.
type Resource struct {
	ARN     string
	Account string
}

func (d *Decisions) add(r Record) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.records == nil {
		d.records = d.firstRecord[:0]
	}
	d.records = append(d.records, r)
	if r.Resource != "*" && r.Resource != "" {
		d.touchLocked(r.Resource, r.ResourceAccount)
	}
}

// Touch records that the request acted on the resource arn of account,
// beside those its authorizations named.
func (d *Decisions) Touch(arn, account string) {
	if d == nil {
		return
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	d.touchLocked(arn, account)
}

// touchLocked is Touch with d.mu held: a decision and its resource are
// kept under one lock.
func (d *Decisions) touchLocked(arn, account string) {
	r := Resource{ARN: arn, Account: account}
	if d.resources == nil {
		d.resources = d.firstResource[:0]
	}
	if !slices.Contains(d.resources, r) {
		d.resources = append(d.resources, r)
	}
}

// CrossAccount reports whether the request touched a resource of an
// account other than account.
func (d *Decisions) CrossAccount(account string) bool {
	if d == nil {
		return false
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	for _, r := range d.resources {
		if r.Account != "" && r.Account != account {
			return true
		}
	}
	return false
}

// Records returns the decisions so far.
func (d *Decisions) Records() []Record {
	if d == nil {
		return nil
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	return slices.Clone(d.records)
}

// Resources returns the resources touched so far.
func (d *Decisions) Resources() []Resource {
	if d == nil {
		return nil
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	return slices.Clone(d.resources)
}

// Denial returns the last denied decision, if any: the one a refused
// request was refused by.
func (d *Decisions) Denial() (Record, bool) {
	if d == nil {
		return Record{}, false
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	for i := len(d.records) - 1; i >= 0; i-- {
		if !d.records[i].Allowed() {
			return d.records[i], true
		}
	}
	return Record{}, false
}

// ConditionsOf copies a check's condition keys into a map a Record can
// keep: nil when there are none. Names and values are copied, since a
// service may reuse the memory of its keys once the check is decided.
func ConditionsOf(keys ServiceKeys) map[string][]string {
	if keys == nil {
		return nil
	}
	var out map[string][]string
	keys.Each(func(k string, v []string) {
		if out == nil {
			out = make(map[string][]string)
		}
		vs := make([]string, len(v))
		for i := range v {
			vs[i] = strings.Clone(v[i])
		}
		out[strings.Clone(k)] = vs
	})
	return out
}
