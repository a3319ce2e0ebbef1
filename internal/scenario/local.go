package scenario

import (
	"context"
	"errors"
	"net"
	"os"

	"github.com/amityhq/amity/internal/app"
)

// Local is an amity in this process for scenarios run with no endpoint:
// a temporary data directory, a loopback port, the fast pace.
//
// The data directory is in memory (/dev/shm) where the system has one:
// nothing of it outlives the run, and there the fsync that ends every
// write — most of a scenario's time on a disk — costs nothing.
type Local struct {
	URL    string
	app    *app.App
	dir    string
	stop   context.CancelFunc
	served chan error
}

// memoryDir is Linux's memory-backed file system for shared memory.
const memoryDir = "/dev/shm"

// StartLocal starts an amity in this process; Close ends it and removes
// its data.
func StartLocal() (*Local, error) {
	dir, err := os.MkdirTemp(memoryDir, "amity-scenario-")
	if err != nil {
		if dir, err = os.MkdirTemp("", "amity-scenario-"); err != nil {
			return nil, err
		}
	}
	// The environment's AMITY_MASTER_KEY is not this amity's: it keeps
	// a key of its own in its temporary directory.
	a, err := app.Open(app.Config{DataDir: dir, Pace: app.PaceFast, Getenv: func(string) string { return "" }})
	if err != nil {
		return nil, errors.Join(err, os.RemoveAll(dir))
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, errors.Join(err, a.Close(), os.RemoveAll(dir))
	}
	ctx, stop := context.WithCancel(context.Background())
	l := &Local{URL: "http://" + ln.Addr().String(), app: a, dir: dir, stop: stop, served: make(chan error, 1)}
	go func() { l.served <- a.Serve(ctx, ln) }()
	return l, nil
}

// Close stops the server and removes its data directory.
func (l *Local) Close() error {
	l.stop()
	return errors.Join(<-l.served, l.app.Close(), os.RemoveAll(l.dir))
}
