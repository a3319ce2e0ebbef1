package app

import (
	"context"
	"errors"
	"net"
	"net/http"
	"sync/atomic"
	"time"

	"github.com/amityhq/amity/internal/h1"
)

// Stopped is what a stop did, for the line amity serve prints on its way
// out: when it was asked for, the requests it let finish, and what it
// wrote that was held in memory.
type Stopped struct {
	// Asked is when Serve's context ended; zero while serving.
	Asked time.Time
	// Requests were in flight then, and were let finish (up to
	// shutdownGrace).
	Requests int64
	// KeyUses are the access keys' and roles' last uses Close wrote.
	KeyUses int
}

// Stopped reports the stop, once Serve and Close have returned.
func (a *App) Stopped() Stopped { return a.stopped }

// Serve answers requests on ln, within the configured Limits, until ctx
// is done, then lets in-flight requests finish (up to shutdownGrace) and
// returns.
func (a *App) Serve(ctx context.Context, ln net.Listener) error {
	var inFlight atomic.Int64
	srv := h1.New(httpServer(counted(a.Handler, &inFlight), a.limits))
	done := make(chan error, 1)
	go func() { done <- srv.Serve(newLimitListener(ln, a.limits.MaxConnections)) }()
	flush := time.NewTicker(keyUseFlushInterval)
	defer flush.Stop()
	for waiting := true; waiting; {
		select {
		case err := <-done:
			return err
		case <-flush.C:
			if _, err := a.Identities.FlushUses(ctx); err != nil {
				a.log.Error("recording access keys' last use", "error", err)
			}
		case <-ctx.Done():
			waiting = false
		}
	}
	a.stopped.Asked, a.stopped.Requests = time.Now(), inFlight.Load()
	shutdown, cancel := context.WithTimeout(context.Background(), shutdownGrace)
	defer cancel()
	err := srv.Shutdown(shutdown)
	if serveErr := <-done; !errors.Is(serveErr, http.ErrServerClosed) && err == nil {
		err = serveErr
	}
	return err
}

// counted counts the requests h is answering in n.
func counted(h http.Handler, n *atomic.Int64) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		defer n.Add(-1)
		h.ServeHTTP(w, r)
	})
}

const shutdownGrace = 10 * time.Second

// keyUseFlushInterval is how often access keys' last use is written.
const keyUseFlushInterval = 10 * time.Second
