package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"syscall"
	"time"

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

func serve(args []string) error {
	level := slog.LevelInfo
	if v := os.Getenv("AMITY_LOG_LEVEL"); v != "" {
		if err := level.UnmarshalText([]byte(v)); err != nil {
			return fmt.Errorf("AMITY_LOG_LEVEL: %w", err)
		}
	}
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	listen := fs.String("listen", envOr("AMITY_LISTEN", defaultListen), "address to listen on (env AMITY_LISTEN)")
	dataDir := fs.String("data-dir", envOr("AMITY_DATA_DIR", defaultDataDir), "data directory (env AMITY_DATA_DIR)")
	strict := fs.Bool("strict", false, `refuse the convenience credentials ("test"/"test", 12-digit key ids)`)
	bootstrap := fs.String("bootstrap", "", "JSON file of accounts to create at start")
	pace := fs.String("pace", envOr("AMITY_PACE", app.PaceFast), "how long state changes take: fast (milliseconds) or realistic (roughly AWS's, for demos) (env AMITY_PACE)")
	fs.TextVar(&level, "log-level", level, "least level logged: debug, info (a line per request), warn or error (env AMITY_LOG_LEVEL)")
	retention := fs.Duration("cloudtrail-retention", envDuration("AMITY_CLOUDTRAIL_RETENTION", cloudtrail.DefaultRetention),
		"how long CloudTrail keeps records (env AMITY_CLOUDTRAIL_RETENTION)")
	delivery := fs.Duration("trail-delivery-interval", envDuration("AMITY_TRAIL_DELIVERY_INTERVAL", cloudtrail.DefaultDeliveryInterval),
		"how often logging trails write a log file (env AMITY_TRAIL_DELIVERY_INTERVAL)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *pace != app.PaceFast && *pace != app.PaceRealistic {
		return fmt.Errorf("--pace %q: want %s or %s", *pace, app.PaceFast, app.PaceRealistic)
	}
	out := newLogWriter(os.Stderr, logFlushInterval)
	defer out.Close()
	log := slog.New(slog.NewTextHandler(out, &slog.HandlerOptions{Level: level}))
	a, err := app.Open(app.Config{DataDir: *dataDir, Strict: *strict, Log: log, Pace: *pace,
		CloudTrailRetention: *retention, TrailDeliveryInterval: *delivery})
	if err != nil {
		return err
	}
	defer a.Close()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if *bootstrap != "" {
		if err := a.ApplyBootstrap(ctx, *bootstrap); err != nil {
			return err
		}
	}
	ln, err := net.Listen("tcp", *listen)
	if err != nil {
		return err
	}
	log.Info("amity serving", "listen", ln.Addr().String(), "data_dir", *dataDir, "strict", *strict)
	fmt.Fprintf(os.Stderr, "amity %s listening on http://%s\n", app.Version, ln.Addr())
	if !*strict && !loopback(ln.Addr()) {
		fmt.Fprintf(os.Stderr, "amity: WARNING: listening beyond loopback (%s) without --strict: anyone who can reach it "+
			"is the root of every account (access key \"test\" or any 12-digit id, secret \"test\")\n", ln.Addr())
	}
	return a.Serve(ctx, ln)
}

// loopback reports whether a listener's address is reachable from this
// machine only (not so for 0.0.0.0 or ::, which are every address).
func loopback(addr net.Addr) bool {
	tcp, ok := addr.(*net.TCPAddr)
	return ok && tcp.IP.IsLoopback()
}

func printVersion() error {
	fmt.Println("amity", app.Version)
	return nil
}
