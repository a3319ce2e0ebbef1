// Package cloudtrail is CloudTrail for every account and Region: each call
// amity answers — a customer's, or one service's call to another — is
// recorded as AWS records it (the Service is the server's Auditor);
// LookupEvents searches the records of the last 90 days; trails deliver
// them as AWS's gzipped log files into a folder per bucket.
//
// Recording stays off the request path: Record copies what the call left
// and queues it; a writer goroutine builds the records, writes them to the
// store in batches and hands them to the logging trails. Close writes and
// delivers everything queued.
package cloudtrail

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"time"

	"github.com/amityhq/amity/internal/api/cloudtrailapi"
	"github.com/amityhq/amity/internal/authz"
	"github.com/amityhq/amity/internal/service/cloudtrail/eventstore"
	"github.com/amityhq/amity/internal/service/cloudtrail/record"
	"github.com/amityhq/amity/internal/store"
)

// Defaults of Options.
const (
	// DefaultRetention is how long records are kept: the 90 days of event
	// history LookupEvents covers [CloudTrail API Reference, LookupEvents].
	DefaultRetention = 90 * 24 * time.Hour
	// DefaultDeliveryInterval is how often trails deliver a log file, as
	// AWS does "about every 5 minutes" [CloudTrail User Guide, "How
	// CloudTrail works"].
	DefaultDeliveryInterval = 5 * time.Minute
	// purgeInterval is how often records past the retention are deleted.
	purgeInterval = time.Hour
	// gathering is how long the writer lets calls gather before writing
	// them, unless a batch fills or someone waits (LookupEvents, Flush,
	// Close): every write is a commit with an fsync, and the fewer the
	// cheaper. A crash loses at most this much of the calls answered;
	// AWS itself takes minutes to record a call.
	gathering = 200 * time.Millisecond
)

// Options configure a Service.
type Options struct {
	// Store keeps the records and trails (tables cloudtrail/...).
	Store      store.Store
	Authorizer *authz.Authorizer
	// Dir receives the trails' log files: Dir/BUCKET/[PREFIX/]AWSLogs/...
	Dir              string
	Retention        time.Duration    // default DefaultRetention
	DeliveryInterval time.Duration    // default DefaultDeliveryInterval
	Now              func() time.Time // default time.Now
	Log              *slog.Logger
}

// Service is CloudTrail: it implements cloudtrailapi.API and
// server.Auditor.
type Service struct {
	opts   Options
	authz  *authz.Authorizer
	events *eventstore.Store
	store  store.Store
	now    func() time.Time
	log    *slog.Logger

	queue    queue
	builder  record.Builder // the writer's
	trails   trailSet       // the trails, read by the writer on every batch
	delivery delivery
	// trailWrites serializes changes to trails, so that the writer's
	// snapshot (trails) follows the store.
	trailWrites sync.Mutex

	stop     chan struct{}
	finished chan struct{}
	closing  sync.Once
}

var _ cloudtrailapi.API = (*Service)(nil)

// New returns CloudTrail over opts.Store and starts its writer; Close
// stops it.
func New(opts Options) (*Service, error) {
	if opts.Retention <= 0 {
		opts.Retention = DefaultRetention
	}
	if opts.DeliveryInterval <= 0 {
		opts.DeliveryInterval = DefaultDeliveryInterval
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Log == nil {
		opts.Log = slog.New(slog.DiscardHandler)
	}
	s := &Service{opts: opts, authz: opts.Authorizer, events: eventstore.New(opts.Store), store: opts.Store,
		now: opts.Now, log: opts.Log, stop: make(chan struct{}), finished: make(chan struct{})}
	s.queue.init()
	s.delivery.dir = opts.Dir
	if err := s.loadTrails(context.Background()); err != nil {
		return nil, err
	}
	s.purge(context.Background()) // what expired while amity was stopped
	go s.run()
	return s, nil
}

// Flush returns once every call recorded before it is in the store and
// in the log files of the trails that log it.
func (s *Service) Flush(ctx context.Context) error {
	if err := s.queue.wait(ctx, s.queue.mark()); err != nil {
		return err
	}
	return s.deliver(ctx)
}

// Close writes and delivers what is queued and stops the writer. Calls
// recorded afterwards are dropped.
func (s *Service) Close() error {
	s.closing.Do(func() {
		s.queue.close()
		close(s.stop)
		<-s.finished
	})
	return s.deliver(context.Background())
}

// run is the writer: it writes each batch of queued calls, delivers log
// files every DeliveryInterval and deletes records past the retention.
func (s *Service) run() {
	defer close(s.finished)
	ctx := context.Background()
	delivery := time.NewTicker(s.opts.DeliveryInterval)
	defer delivery.Stop()
	purge := time.NewTicker(purgeInterval)
	defer purge.Stop()
	for {
		select {
		case <-s.queue.ready:
			s.gather()
			s.write(ctx, s.queue.take())
		case <-delivery.C:
			if err := s.deliver(ctx); err != nil {
				s.log.Error("cloudtrail: delivering log files", "error", err)
			}
		case <-purge.C:
			s.purge(ctx)
		case <-s.stop:
			s.write(ctx, s.queue.take())
			return
		}
	}
}

// gather waits for more calls to write at once.
func (s *Service) gather() {
	t := time.NewTimer(gathering)
	defer t.Stop()
	select {
	case <-t.C:
	case <-s.queue.hurry:
	case <-s.stop:
	}
}

func (s *Service) purge(ctx context.Context) {
	n, err := s.events.Purge(ctx, s.now().Add(-s.opts.Retention))
	if err != nil && !errors.Is(err, store.ErrClosed) {
		s.log.Error("cloudtrail: deleting old records", "error", err)
	} else if n > 0 {
		s.log.Info("cloudtrail: deleted records past the retention", "records", n)
	}
}
