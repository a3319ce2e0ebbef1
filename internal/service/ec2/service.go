package ec2

import (
	"context"
	"crypto/rand"
	"io"
	"log/slog"
	"sync"
	"time"

	"github.com/amityhq/amity/internal/api/ec2api"
	"github.com/amityhq/amity/internal/api/kmsapi"
	"github.com/amityhq/amity/internal/authz"
	"github.com/amityhq/amity/internal/identity"
	"github.com/amityhq/amity/internal/service/iam"
	"github.com/amityhq/amity/internal/store"
)

// Options configure a Service.
type Options struct {
	// Store keeps EC2's records (tables ec2.*), which this Service alone
	// writes.
	Store store.Store
	// Identities tells which accounts exist and which Regions each has
	// enabled (DescribeRegions, launch permissions).
	Identities *identity.Registry
	// Authorizer decides every request.
	Authorizer *authz.Authorizer
	// Caller is how EC2 calls KMS: on the caller's behalf, as the
	// instances' identity-only sessions, and as its own service principal.
	Caller authz.Caller
	// Profiles tells what an instance profile is (IAM).
	Profiles InstanceProfiles
	// Sealer seals encoded authorization failure messages, which only
	// STS's DecodeAuthorizationMessage opens.
	Sealer identity.Sealer
	// Pace sets how long state changes take (pending → running, ...).
	Pace Pace
	Log  *slog.Logger
	Now  func() time.Time // default time.Now
	Rand io.Reader        // default crypto/rand
}

// Pace is how long EC2's asynchronous state changes take. The zero Pace
// is amity's default: a millisecond, so that tests and CI flows see
// AWS's states in AWS's order without waiting — the answer that starts a
// change shows its first state, a waiter's next call the settled one.
//
// EC2 decides the outcome of a state change when it is asked for — the
// KMS calls of a launch, a copy's re-encryption — and records the state
// the resource shows until the change settles and the one it settles in
// (transition): nothing runs in the background, and nothing is lost when
// amity restarts half-way.
type Pace struct {
	Launch   time.Duration // pending → running (or the launch failure)
	Stop     time.Duration // stopping → stopped
	Snapshot time.Duration // pending → completed (snapshots, copies)
	Image    time.Duration // pending → available (images, copies)
	Volume   time.Duration // creating → available, deleting → deleted
}

// DefaultPace is the zero Pace's meaning. Each change lasts a millisecond,
// Image Builder's poll interval (imagebuilder.DefaultPace), so that a
// build, which waits on its instance and AMI and then on each of its
// copies in turn, polls each about twice.
var DefaultPace = Pace{Launch: time.Millisecond, Stop: time.Millisecond,
	Snapshot: time.Millisecond, Image: time.Millisecond, Volume: time.Millisecond}

// RealisticPace is roughly what AWS takes, for demos (amity serve
// --pace realistic).
var RealisticPace = Pace{Launch: 15 * time.Second, Stop: 20 * time.Second,
	Snapshot: 30 * time.Second, Image: 60 * time.Second, Volume: 5 * time.Second}

// InstanceProfiles is what EC2 reads of IAM to launch an instance with a
// profile; IAM implements it.
type InstanceProfiles interface {
	InstanceProfile(ctx context.Context, account, name string) (*iam.LaunchProfile, bool, error)
}

// Service is EC2 (with EBS) for every account and Region: it implements
// ec2api.API.
type Service struct {
	store    store.Store
	ids      *identity.Registry
	authz    *authz.Authorizer
	kms      kmsapi.Client
	profiles InstanceProfiles
	sealer   identity.Sealer
	pace     Pace
	log      *slog.Logger
	now      func() time.Time
	rand     io.Reader

	// writes serializes read-modify-write cycles that span a call to KMS
	// (which may not run inside a store transaction).
	writes sync.Mutex
}

var _ ec2api.API = (*Service)(nil)

// New returns the EC2 service described by opts.
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
	return &Service{store: opts.Store, ids: opts.Identities, authz: opts.Authorizer,
		kms: kmsapi.Client{Caller: opts.Caller}, profiles: opts.Profiles, sealer: opts.Sealer, pace: opts.Pace,
		log: opts.Log, now: opts.Now, rand: opts.Rand}
}
