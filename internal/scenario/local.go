package scenario

import (
	"context"
	"errors"
	"net"

	"github.com/amityhq/amity/internal/app"
)

// Local is an amity in this process for scenarios run with no endpoint:
// ephemeral state (nothing synced, nothing left after Close — most of a
// scenario's time on a disk would be fsync), a loopback port, the fast
// pace.
type Local struct {
	URL    string
	app    *app.App
	stop   context.CancelFunc
	served chan error
}

// StartLocal starts an amity in this process; Close ends it.
func StartLocal() (*Local, error) {
	// The environment's AMITY_MASTER_KEY is not this amity's: it makes a
	// key of its own.
	a, err := app.Open(app.Config{Ephemeral: true, Pace: app.PaceFast, Getenv: func(string) string { return "" }})
	if err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, errors.Join(err, a.Close())
	}
	ctx, stop := context.WithCancel(context.Background())
	l := &Local{URL: "http://" + ln.Addr().String(), app: a, stop: stop, served: make(chan error, 1)}
	go func() { l.served <- a.Serve(ctx, ln) }()
	return l, nil
}

// Close stops the server and drops its state.
func (l *Local) Close() error {
	l.stop()
	return errors.Join(<-l.served, l.app.Close())
}
