// Package imagebuilder is amity's EC2 Image Builder: components, image
// recipes, infrastructure and distribution configurations, pipelines, and
// images built and distributed across accounts and Regions — as the
// service does it, through EC2, KMS, IAM and STS, as its service-linked
// role and the cross-account distribution role, every call authorized and
// recorded like a customer's (authz.Caller). So the distribution failures
// of the seed articles (S1–S4) happen here with AWS's reasons, in
// milliseconds instead of a forty-minute pipeline.
package imagebuilder

import (
	"context"
	"crypto/rand"
	"io"
	"log/slog"
	"time"

	"github.com/amityhq/amity/internal/api/ec2api"
	"github.com/amityhq/amity/internal/api/iamapi"
	"github.com/amityhq/amity/internal/api/imagebuilderapi"
	"github.com/amityhq/amity/internal/api/stsapi"
	"github.com/amityhq/amity/internal/authz"
	"github.com/amityhq/amity/internal/identity"
	"github.com/amityhq/amity/internal/service/iam"
	"github.com/amityhq/amity/internal/store"
)

// Options configure a Service.
type Options struct {
	// Store keeps Image Builder's records (tables imagebuilder.*), which
	// this Service alone writes.
	Store store.Store
	// Identities tells which accounts exist and which Regions they have
	// enabled.
	Identities *identity.Registry
	// Authorizer decides every request.
	Authorizer *authz.Authorizer
	// Caller is how Image Builder calls EC2, IAM and STS.
	Caller authz.Caller
	// Roles tells whether the service-linked role exists (IAM).
	Roles Roles
	// Profiles tells what an instance profile is (IAM), for the
	// infrastructure configurations that name one.
	Profiles InstanceProfiles
	// Pace sets how long a build's phases take.
	Pace Pace
	Log  *slog.Logger
	Now  func() time.Time // default time.Now
	Rand io.Reader        // default crypto/rand
}

// Pace is how long each phase of a build waits for EC2: the zero Pace is
// amity's default, milliseconds.
type Pace struct {
	Phase time.Duration // the least time a phase shows in GetImage
	Poll  time.Duration // how often a phase looks at the EC2 resource it waits for
}

// DefaultPace and RealisticPace are amity serve's --pace fast and
// realistic.
var (
	DefaultPace   = Pace{Phase: time.Millisecond, Poll: time.Millisecond}
	RealisticPace = Pace{Phase: 20 * time.Second, Poll: time.Second}
)

// InstanceProfiles is what Image Builder reads of IAM to check an
// infrastructure configuration's instance profile; IAM implements it.
type InstanceProfiles interface {
	InstanceProfile(ctx context.Context, account, name string) (*iam.LaunchProfile, bool, error)
}

// Service is Image Builder for every account and Region: it implements
// imagebuilderapi.API.
type Service struct {
	store  store.Store
	ids    *identity.Registry
	authz  *authz.Authorizer
	caller authz.Caller
	roles  Roles
	ec2    ec2api.Client
	iam    iamapi.Client
	sts    stsapi.Client
	// profiles reads instance profiles.
	profiles InstanceProfiles
	pace     Pace
	log      *slog.Logger
	now      func() time.Time
	rand     io.Reader
	jobs     builds
}

var _ imagebuilderapi.API = (*Service)(nil)

// New returns the Image Builder service described by opts.
func New(opts Options) *Service {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Rand == nil {
		opts.Rand = rand.Reader
	}
	if opts.Log == nil {
		opts.Log = slog.New(slog.DiscardHandler)
	}
	if opts.Pace == (Pace{}) {
		opts.Pace = DefaultPace
	}
	return &Service{store: opts.Store, ids: opts.Identities, authz: opts.Authorizer, caller: opts.Caller, roles: opts.Roles,
		ec2: ec2api.Client{Caller: opts.Caller}, iam: iamapi.Client{Caller: opts.Caller}, sts: stsapi.Client{Caller: opts.Caller},
		profiles: opts.Profiles, pace: opts.Pace, log: opts.Log, now: opts.Now, rand: opts.Rand}
}
