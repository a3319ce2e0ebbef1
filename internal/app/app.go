// Package app assembles amity: the store in the data directory, the
// registry of accounts and credentials, the services, and the HTTP server
// that fronts them. cmd/amity only parses flags and calls it.
package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"github.com/amityhq/amity/internal/authz"
	"github.com/amityhq/amity/internal/doctor"
	"github.com/amityhq/amity/internal/identity"
	"github.com/amityhq/amity/internal/server"
	"github.com/amityhq/amity/internal/service/account"
	"github.com/amityhq/amity/internal/service/cloudtrail"
	"github.com/amityhq/amity/internal/service/ec2"
	"github.com/amityhq/amity/internal/service/iam"
	"github.com/amityhq/amity/internal/service/imagebuilder"
	"github.com/amityhq/amity/internal/service/kms"
	"github.com/amityhq/amity/internal/service/sts"
	"github.com/amityhq/amity/internal/store"
	"github.com/amityhq/amity/internal/store/datadir"
)

// Version is amity's version, reported by /_amity/health.
const Version = "0.1.0-dev"

// Config says where amity keeps its state and how it behaves.
type Config struct {
	// DataDir holds the database and the master key; created 0700.
	DataDir string
	// Ephemeral keeps the state where nothing outlives the process
	// (datadir.OpenEphemeral), instead of in DataDir.
	Ephemeral bool
	// Getenv reads AMITY_MASTER_KEY (os.Getenv by default).
	Getenv func(string) string
	// Strict turns off the LocalStack-style convenience credentials.
	Strict bool
	Log    *slog.Logger
	Now    func() time.Time // default time.Now
	// Auditor records every request, over HTTP or between services,
	// besides CloudTrail; by default a log line.
	Auditor server.Auditor
	// NoCloudTrail turns CloudTrail's recording off (its API stays): for
	// benchmarks that measure what recording costs.
	NoCloudTrail bool
	// CloudTrailRetention is how long records are kept (default 90 days);
	// TrailDeliveryInterval how often logging trails write a log file
	// (default 5 minutes).
	CloudTrailRetention, TrailDeliveryInterval time.Duration
	// TraceAllows keeps the policy engine's full trace of allowed
	// requests in their audit events too (denials always keep theirs).
	TraceAllows bool
	// GuardTransactions makes a call between services inside a store
	// transaction fail loudly (store.Guard): for tests.
	GuardTransactions bool
	// Pace is how long asynchronous state changes take: PaceFast (the
	// default, milliseconds) or PaceRealistic (roughly AWS's, for demos).
	Pace string
	// Limits bound what clients can hold of the HTTP server.
	Limits Limits
}

// auditors are amity doctor's recorder, CloudTrail (unless turned off)
// and the configured auditor, or the log line.
func auditors(cfg Config, failures *doctor.Recorder, trail *cloudtrail.Service) server.Auditor {
	as := server.Auditors{failures}
	if !cfg.NoCloudTrail {
		as = append(as, trail)
	}
	if cfg.Auditor != nil {
		return append(as, cfg.Auditor)
	}
	return append(as, server.LogAuditor(cfg.Log))
}

// The paces amity serve offers (--pace).
const (
	PaceFast      = "fast"
	PaceRealistic = "realistic"
)

func imageBuilderPace(pace string) imagebuilder.Pace {
	if pace == PaceRealistic {
		return imagebuilder.RealisticPace
	}
	return imagebuilder.DefaultPace
}

func ec2Pace(pace string) ec2.Pace {
	if pace == PaceRealistic {
		return ec2.RealisticPace
	}
	return ec2.DefaultPace
}

// lateCaller is the Caller services are given before the server that
// implements it exists.
type lateCaller struct{ authz.Caller }

// App is a running amity.
type App struct {
	Dir        *datadir.Dir
	Identities *identity.Registry
	// Authorizer decides every request of every service.
	Authorizer *authz.Authorizer
	IAM        *iam.Service
	STS        *sts.Service
	KMS        *kms.Service
	Account    *account.Service
	EC2        *ec2.Service
	// ImageBuilder runs builds in the background: Close stops them.
	ImageBuilder *imagebuilder.Service
	// Failures keeps what failed, and Doctor explains it.
	Failures *doctor.Recorder
	Doctor   *doctor.Doctor
	// CloudTrail records every call and serves LookupEvents and trails,
	// which deliver their log files under TrailsDir, a folder per bucket.
	CloudTrail *cloudtrail.Service
	TrailsDir  string
	// Server is the request pipeline: Handler for HTTP, Call for services
	// calling services.
	Server  *server.Server
	Handler http.Handler
	log     *slog.Logger
	limits  Limits
	stopped Stopped
}

// Open opens (creating on first start) the data directory and assembles the
// services.
func Open(cfg Config) (*App, error) {
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Getenv == nil {
		cfg.Getenv = os.Getenv
	}
	dir, err := openDir(cfg)
	if err != nil {
		return nil, err
	}
	var guard *store.Guarded
	if cfg.GuardTransactions {
		guard = store.Guard(dir.Store)
		dir.Store = guard
	}
	ids := identity.New(dir.Store, dir.Sealer, identity.Options{Convenience: !cfg.Strict, Now: cfg.Now})
	a := &App{Dir: dir, Identities: ids, log: cfg.Log, limits: cfg.Limits.withDefaults()}
	policies := iam.NewPolicies(dir.Store)
	a.Authorizer = authz.New(policies, authz.Options{TraceAllows: cfg.TraceAllows})
	a.IAM = iam.New(dir.Store, ids, policies, a.Authorizer)
	a.STS = sts.New(ids, a.IAM, a.Authorizer, dir.Sealer)
	a.KMS = kms.New(kms.Options{Store: dir.Store, Sealer: dir.Sealer, Authorizer: a.Authorizer, Principals: a.IAM, Now: cfg.Now})
	a.Account = account.New(ids, a.Authorizer)
	// Services that call services get the server as their Caller once it
	// exists: it needs their routes first.
	caller := &lateCaller{}
	a.EC2 = ec2.New(ec2.Options{Store: dir.Store, Identities: ids, Authorizer: a.Authorizer, Caller: caller, Profiles: a.IAM,
		Sealer: dir.Sealer, Pace: ec2Pace(cfg.Pace), Log: cfg.Log, Now: cfg.Now})
	a.ImageBuilder = imagebuilder.New(imagebuilder.Options{Store: dir.Store, Identities: ids, Authorizer: a.Authorizer,
		Caller: caller, Roles: a.IAM, Profiles: a.IAM, Pace: imageBuilderPace(cfg.Pace), Log: cfg.Log, Now: cfg.Now})
	a.Failures, err = doctor.NewRecorder(dir.Store, doctor.DefaultRetention, cfg.Now, cfg.Log)
	if err != nil {
		return nil, errors.Join(err, dir.Close())
	}
	a.Doctor = doctor.New(doctor.Sources{Caller: caller, Failures: &a.Failures.Store, KeyPolicies: a.KMS, Trusts: a.IAM, Now: cfg.Now})
	a.TrailsDir = filepath.Join(dir.Path, trailsFolder)
	a.CloudTrail, err = cloudtrail.New(cloudtrail.Options{Store: dir.Store, Authorizer: a.Authorizer,
		Dir: a.TrailsDir, Retention: cfg.CloudTrailRetention,
		DeliveryInterval: cfg.TrailDeliveryInterval, Now: cfg.Now, Log: cfg.Log})
	if err != nil {
		a.Failures.Close()
		return nil, errors.Join(err, dir.Close())
	}
	routes, err := a.routes()
	if err != nil {
		a.Failures.Close()
		return nil, errors.Join(err, a.CloudTrail.Close(), dir.Close())
	}
	opts := server.Options{
		Identities: ids,
		Routes:     routes,
		Log:        cfg.Log,
		Now:        cfg.Now,
		Admin:      a.adminHandler(routes, dir.Ephemeral()),
		Auditor:    auditors(cfg, a.Failures, a.CloudTrail),
	}
	if guard != nil {
		opts.Transactions = guard
	}
	a.Server = server.New(opts)
	caller.Caller = a.Server
	if err := a.ImageBuilder.Recover(context.Background()); err != nil {
		return nil, errors.Join(err, a.CloudTrail.Close(), dir.Close())
	}
	a.Handler = a.Server
	return a, nil
}

// openDir opens the data directory, or the ephemeral state.
func openDir(cfg Config) (*datadir.Dir, error) {
	if cfg.Ephemeral {
		dir, err := datadir.OpenEphemeral(os.TempDir(), cfg.Getenv)
		if err != nil {
			return nil, fmt.Errorf("ephemeral state: %w", err)
		}
		return dir, nil
	}
	dir, err := datadir.Open(cfg.DataDir, cfg.Getenv)
	if err != nil {
		return nil, fmt.Errorf("data directory %s: %w", cfg.DataDir, err)
	}
	return dir, nil
}

// trailsFolder is where, in the data directory, trails deliver their log
// files: one folder per bucket name.
const trailsFolder = "trails"

// Close stops the builds and records what is pending — failures,
// CloudTrail's records and log files, access keys' last use — and
// releases the data directory.
func (a *App) Close() error {
	a.ImageBuilder.Close()
	a.Failures.Close()
	trailErr := a.CloudTrail.Close()
	uses, err := a.Identities.FlushUses(context.Background())
	a.stopped.KeyUses = uses
	return errors.Join(trailErr, err, a.Dir.Close())
}
