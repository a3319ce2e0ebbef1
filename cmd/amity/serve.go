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
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	listen := fs.String("listen", envOr("AMITY_LISTEN", defaultListen), "address to listen on (env AMITY_LISTEN)")
	dataDir := fs.String("data-dir", envOr("AMITY_DATA_DIR", defaultDataDir), "data directory (env AMITY_DATA_DIR)")
	strict := fs.Bool("strict", false, `refuse the convenience credentials ("test"/"test", 12-digit key ids)`)
	bootstrap := fs.String("bootstrap", "", "JSON file of accounts to create at start")
	retention := fs.Duration("cloudtrail-retention", envDuration("AMITY_CLOUDTRAIL_RETENTION", cloudtrail.DefaultRetention),
		"how long CloudTrail keeps records (env AMITY_CLOUDTRAIL_RETENTION)")
	delivery := fs.Duration("trail-delivery-interval", envDuration("AMITY_TRAIL_DELIVERY_INTERVAL", cloudtrail.DefaultDeliveryInterval),
		"how often logging trails write a log file (env AMITY_TRAIL_DELIVERY_INTERVAL)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	log := slog.New(slog.NewTextHandler(os.Stderr, nil))
	a, err := app.Open(app.Config{DataDir: *dataDir, Strict: *strict, Log: log,
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
	return a.Serve(ctx, ln)
}

func printVersion() error {
	fmt.Println("amity", app.Version)
	return nil
}
