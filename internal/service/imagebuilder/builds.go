package imagebuilder

import (
	"context"
	"sync"

	"github.com/amityhq/amity/internal/api/imagebuilderapi"
	"github.com/amityhq/amity/internal/authz"
	"github.com/amityhq/amity/internal/store"
)

// builds are the builds running in this process, so that one can be
// cancelled and all stopped at Close.
type builds struct {
	mu      sync.Mutex
	running map[string]context.CancelFunc // by image ARN
	wg      sync.WaitGroup
}

// startBuild runs the build of an image already stored PENDING, in the
// background: req is the request that asked for it (CreateImage, or a
// pipeline execution). The service-linked role is created first, on the
// caller's behalf, when the account has none yet: refused, the request
// fails.
func (s *Service) startBuild(ctx context.Context, req *authz.Request, im *imageRecord) error {
	if err := s.ensureServiceRole(ctx, req); err != nil {
		return err
	}
	arn := deref(im.Arn)
	// The build's calls are recorded as made while serving the request
	// that started it.
	bctx, cancel := context.WithCancel(authz.WithRequest(context.Background(), &authz.Request{ID: req.ID}))
	s.jobs.mu.Lock()
	if s.jobs.running == nil {
		s.jobs.running = map[string]context.CancelFunc{}
	}
	s.jobs.running[arn] = cancel
	s.jobs.wg.Add(1)
	s.jobs.mu.Unlock()
	go func() {
		defer s.jobs.wg.Done()
		defer func() {
			s.jobs.mu.Lock()
			delete(s.jobs.running, arn)
			s.jobs.mu.Unlock()
			cancel()
		}()
		s.run(bctx, arn)
	}()
	return nil
}

// Recover ends the builds a previous run of amity left unfinished: they
// fail with a reason that says so, never stuck in a phase.
func (s *Service) Recover(ctx context.Context) error {
	return s.store.Update(ctx, func(tx store.Tx) error {
		return scan(tx, imagesTable, "", func(arn string, im *imageRecord) (bool, error) {
			if im.done() {
				return true, nil
			}
			im.State = &imagebuilderapi.ImageState{Status: new(statusFailed), Reason: new(interruptedReason(status(im)))}
			return true, put(tx, imagesTable, arn, im)
		})
	})
}

// cancelBuild stops the running build of image arn, if any; it reports
// whether one ran.
func (s *Service) cancelBuild(arn string) bool {
	s.jobs.mu.Lock()
	defer s.jobs.mu.Unlock()
	cancel, ok := s.jobs.running[arn]
	if ok {
		cancel()
	}
	return ok
}

// Close stops the running builds and waits for them.
func (s *Service) Close() {
	s.jobs.mu.Lock()
	for _, cancel := range s.jobs.running {
		cancel()
	}
	s.jobs.mu.Unlock()
	s.jobs.wg.Wait()
}
