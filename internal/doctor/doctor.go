package doctor

import (
	"context"
	"sort"
	"strings"
	"time"

	"github.com/amityhq/amity/internal/api/cloudtrailapi"
	"github.com/amityhq/amity/internal/api/ec2api"
	"github.com/amityhq/amity/internal/api/imagebuilderapi"
	"github.com/amityhq/amity/internal/api/kmsapi"
	"github.com/amityhq/amity/internal/authz"
	"github.com/amityhq/amity/internal/awserr"
)

// Sources are what an explanation reads: the resources, through the
// Caller as the person asking (who sees only what their account may), the
// failures amity kept, and — to write a fix whole — the current key
// policies and trust policies.
type Sources struct {
	Caller      authz.Caller
	Failures    *Store
	KeyPolicies interface {
		KeyPolicy(ctx context.Context, arn string) (string, bool, error)
	}
	Trusts interface {
		RoleTrust(ctx context.Context, account, name string) (string, bool, error)
	}
	Now func() time.Time
}

// Doctor explains failures.
type Doctor struct {
	src   Sources
	ec2   ec2api.Client
	ib    imagebuilderapi.Client
	kms   kmsapi.Client
	trail cloudtrailapi.Client
}

// New returns a Doctor over src.
func New(src Sources) *Doctor {
	return &Doctor{src: src, ec2: ec2api.Client{Caller: src.Caller}, ib: imagebuilderapi.Client{Caller: src.Caller},
		kms: kmsapi.Client{Caller: src.Caller}, trail: cloudtrailapi.Client{Caller: src.Caller}}
}

// Kinds of what `amity doctor` explains.
const (
	KindImage    = "image"    // an Image Builder image ARN, or an AMI id
	KindInstance = "instance" // an instance id
	KindSnapshot = "snapshot" // a snapshot id
	KindEvent    = "event"    // a request id, or a CloudTrail event id
)

// Explain reports on one resource or request, as the caller sees it.
// The error is the caller's refusal to read the resource (an AWS error),
// or a failure of amity's.
func (d *Doctor) Explain(ctx context.Context, caller *authz.Request, kind, id string) (*Report, error) {
	switch kind {
	case KindInstance:
		return d.instance(ctx, caller, id)
	case KindSnapshot:
		return d.snapshot(ctx, caller, id)
	case KindImage:
		if strings.HasPrefix(id, "ami-") {
			return d.ami(ctx, caller, id)
		}
		return d.image(ctx, caller, id)
	case KindEvent:
		return d.event(ctx, caller, id)
	}
	return nil, awserr.Newf("ValidationException", 400, "amity doctor explains image, instance, snapshot or event, not %q", kind)
}

// Recent reports on the account's failures in the caller's Region since
// since, newest first: one report per resource (or request) that failed.
func (d *Doctor) Recent(ctx context.Context, caller *authz.Request, since time.Time) ([]*Report, error) {
	fs, err := d.src.Failures.Recent(ctx, caller.Principal.Account, caller.Region, since)
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	var out []*Report
	for i := len(fs) - 1; i >= 0; i-- {
		f := fs[i]
		kind, id := KindEvent, f.RequestID
		if s := subjectOf(f); s != nil {
			kind, id = s.kind, s.id
		} else if f.ParentID != "" {
			id = f.ParentID
		}
		if seen[kind+id] {
			continue
		}
		seen[kind+id] = true
		r, err := d.Explain(ctx, caller, kind, id)
		if err != nil {
			if _, ok := awserr.As(err); ok {
				continue // the caller may not read it: not theirs to see
			}
			return nil, err
		}
		if r.Failed {
			out = append(out, r)
		}
	}
	return out, nil
}

// subject is what a failure's Subject names, as Explain's kind and id.
type subject struct{ kind, id string }

func subjectOf(f *Failure) *subject {
	arn := f.Subject
	if arn == "" {
		return nil
	}
	rest := arn[strings.LastIndexByte(arn, ':')+1:]
	switch {
	case strings.HasPrefix(rest, "instance/"):
		return &subject{KindInstance, strings.TrimPrefix(rest, "instance/")}
	case strings.HasPrefix(rest, "snapshot/"):
		return &subject{KindSnapshot, strings.TrimPrefix(rest, "snapshot/")}
	case strings.HasPrefix(rest, "image/ami-"):
		return &subject{KindImage, strings.TrimPrefix(rest, "image/")}
	case strings.Contains(arn, ":imagebuilder:"):
		return &subject{KindImage, arn}
	}
	return nil
}

// lastAttempt keeps, of a resource's failures, those of its newest
// attempt: the calls that share the newest parent request.
func lastAttempt(fs []*Failure) []*Failure {
	if len(fs) == 0 {
		return nil
	}
	sort.SliceStable(fs, func(i, j int) bool { return fs[i].Time.Before(fs[j].Time) })
	parent := fs[len(fs)-1].ParentID
	var out []*Failure
	for _, f := range fs {
		if f.ParentID == parent {
			out = append(out, f)
		}
	}
	return out
}

func requestIDs(fs []*Failure) []string {
	var ids []string
	for _, f := range fs {
		ids = append(ids, f.RequestID)
	}
	return ids
}

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}
