package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"strconv"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/amityhq/amity/internal/app"
	"github.com/amityhq/amity/internal/service/cloudtrail"
)

// Defaults, each overridable by a flag or the environment.
const (
	defaultListen  = "127.0.0.1:4566" // LocalStack's port: AWS_ENDPOINT_URL setups keep working
	defaultDataDir = ".amity-data"
)

func envOr(name, fallback string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return fallback
}

// envDuration is the duration in the environment variable name, or
// fallback when it is unset or not a duration.
func envDuration(name string, fallback time.Duration) time.Duration {
	if d, err := time.ParseDuration(os.Getenv(name)); err == nil {
		return d
	}
	return fallback
}

// serveOptions are amity serve's flags. Those with an environment
// variable take it as their default; values are checked in run, so that
// a bad one is a usage error whichever way it came.
type serveOptions struct {
	listen, dataDir, bootstrap string
	strict, ephemeral          bool
	pace, logLevel, logFormat  string
	// How long CloudTrail keeps records, how often trails deliver.
	retention, delivery time.Duration
	// dataDirSet: --data-dir was given, which --ephemeral contradicts.
	dataDirSet bool
	// envErr is an environment variable that is no flag's value.
	envErr error
}

// logHandlers are the formats of the log (--log-format).
var logHandlers = map[string]func(io.Writer, *slog.HandlerOptions) slog.Handler{
	"text": func(w io.Writer, o *slog.HandlerOptions) slog.Handler { return slog.NewTextHandler(w, o) },
	"json": func(w io.Writer, o *slog.HandlerOptions) slog.Handler { return slog.NewJSONHandler(w, o) },
}

// newServeCommand is `amity serve`: the server, until SIGINT or SIGTERM.
func newServeCommand() *cobra.Command {
	var o serveOptions
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Run the server (default " + defaultListen + ")",
		Args:  noArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			o.dataDirSet = c.Flags().Changed("data-dir")
			return o.run(c.ErrOrStderr())
		},
	}
	ephemeral, err := strconv.ParseBool(envOr("AMITY_EPHEMERAL", "false"))
	if err != nil {
		o.envErr = usageError("AMITY_EPHEMERAL %q: want true or false", os.Getenv("AMITY_EPHEMERAL"))
	}
	f := cmd.Flags()
	f.StringVar(&o.listen, "listen", envOr("AMITY_LISTEN", defaultListen), "address to listen on (env AMITY_LISTEN)")
	f.StringVar(&o.dataDir, "data-dir", envOr("AMITY_DATA_DIR", defaultDataDir), "data directory (env AMITY_DATA_DIR)")
	f.BoolVar(&o.ephemeral, "ephemeral", ephemeral,
		"keep the state in memory (a temporary file nothing syncs), gone at exit, instead of the data directory (env AMITY_EPHEMERAL)")
	f.BoolVar(&o.strict, "strict", false, `refuse the convenience credentials ("test"/"test", 12-digit key ids)`)
	f.StringVar(&o.bootstrap, "bootstrap", "", "JSON file of accounts to create at start")
	f.StringVar(&o.pace, "pace", envOr("AMITY_PACE", app.PaceFast),
		"how long state changes take: fast (milliseconds) or realistic (roughly AWS's, for demos) (env AMITY_PACE)")
	f.StringVar(&o.logLevel, "log-level", envOr("AMITY_LOG_LEVEL", "info"),
		"least level logged: debug, info (a line per request), warn or error (env AMITY_LOG_LEVEL)")
	f.StringVar(&o.logFormat, "log-format", envOr("AMITY_LOG_FORMAT", "text"),
		"the log's format: text (key=value) or json, a line each (env AMITY_LOG_FORMAT)")
	f.DurationVar(&o.retention, "cloudtrail-retention", envDuration("AMITY_CLOUDTRAIL_RETENTION", cloudtrail.DefaultRetention),
		"how long CloudTrail keeps records (env AMITY_CLOUDTRAIL_RETENTION)")
	f.DurationVar(&o.delivery, "trail-delivery-interval", envDuration("AMITY_TRAIL_DELIVERY_INTERVAL", cloudtrail.DefaultDeliveryInterval),
		"how often logging trails write a log file (env AMITY_TRAIL_DELIVERY_INTERVAL)")
	return cmd
}

func (o *serveOptions) run(stderr io.Writer) error {
	if o.envErr != nil {
		return o.envErr
	}
	if o.ephemeral && o.dataDirSet {
		return usageError("--ephemeral keeps no data directory: give --data-dir or --ephemeral, not both")
	}
	var level slog.Level
	if err := level.UnmarshalText([]byte(o.logLevel)); err != nil {
		return usageError("--log-level %q: want debug, info, warn or error", o.logLevel)
	}
	newHandler, ok := logHandlers[o.logFormat]
	if !ok {
		return usageError("--log-format %q: want text or json", o.logFormat)
	}
	if o.pace != app.PaceFast && o.pace != app.PaceRealistic {
		return usageError("--pace %q: want %s or %s", o.pace, app.PaceFast, app.PaceRealistic)
	}
	// The port first: taken, it fails before anything is made on disk.
	ln, err := net.Listen("tcp", o.listen)
	if err != nil {
		return fmt.Errorf("%w (is another amity or LocalStack running? --listen takes another address)", err)
	}
	defer ln.Close() // Serve closes it; this is for the failures before
	out := newLogWriter(stderr, logFlushInterval)
	log := slog.New(newHandler(out, &slog.HandlerOptions{Level: level}))
	a, err := app.Open(app.Config{DataDir: o.dataDir, Ephemeral: o.ephemeral, Strict: o.strict, Log: log, Pace: o.pace,
		CloudTrailRetention: o.retention, TrailDeliveryInterval: o.delivery})
	if err != nil {
		return errors.Join(err, out.Close())
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	err = o.serve(ctx, a, ln, log, stderr)
	err = errors.Join(err, a.Close(), out.Close())
	if stopped := a.Stopped(); !stopped.Asked.IsZero() {
		fmt.Fprintln(stderr, shutdownLine(context.Cause(ctx), stopped, o.ephemeral))
	}
	return err
}

// serve applies the bootstrap file and serves until ctx ends.
func (o *serveOptions) serve(ctx context.Context, a *app.App, ln net.Listener, log *slog.Logger, stderr io.Writer) error {
	if o.bootstrap != "" {
		if err := a.ApplyBootstrap(ctx, o.bootstrap); err != nil {
			return err
		}
	}
	state := slog.String("data_dir", o.dataDir)
	if o.ephemeral {
		state = slog.Group("", slog.Bool("ephemeral", true), slog.String("trails_dir", a.TrailsDir))
	}
	log.Info("amity serving", slog.String("listen", ln.Addr().String()), state, slog.Bool("strict", o.strict))
	fmt.Fprintf(stderr, "amity %s listening on http://%s\n", app.Version, ln.Addr())
	if !o.strict && !loopback(ln.Addr()) {
		fmt.Fprintf(stderr, "amity: WARNING: listening beyond loopback (%s) without --strict: anyone who can reach it "+
			"is the root of every account (access key \"test\" or any 12-digit id, secret \"test\")\n", ln.Addr())
	}
	// LocalStack's readiness line: Testcontainers' LocalStack modules
	// (Java, Python) wait for it in the log.
	fmt.Fprintln(stderr, "Ready.")
	return a.Serve(ctx, ln)
}

// loopback reports whether a listener's address is reachable from this
// machine only (not so for 0.0.0.0 or ::, which are every address).
func loopback(addr net.Addr) bool {
	tcp, ok := addr.(*net.TCPAddr)
	return ok && tcp.IP.IsLoopback()
}
