package imagebuilder

import (
	"context"
	"sync"

	"github.com/amityhq/amity/internal/authz"
	"github.com/amityhq/amity/internal/wire"
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
// pipeline execution).
func (s *Service) startBuild(ctx context.Context, req *authz.Request, im *imageRecord) error {
	return wire.Unsupported("image builds")
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
