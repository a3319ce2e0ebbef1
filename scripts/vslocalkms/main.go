// Command vslocalkms measures amity's KMS against local-kms
// (github.com/nsmithuk/local-kms, the fastest emulated KMS) on the same
// machine in the same run, and prints the figures issue 17 sets targets
// for: server CPU per Encrypt, CreateKey throughput, memory per key,
// Encrypt over many keys, cold start and idle memory. It is not a test (go
// test never runs it, nor does CI); run it from the repository root, on
// Linux (it reads /proc):
//
//	go run ./scripts/vslocalkms                          # 5 rounds, 10,000 keys
//	go run ./scripts/vslocalkms -keys 10000,100000       # also at 100,000 keys
//	go run ./scripts/vslocalkms -local-kms ~/bin/local-kms -measure encrypt
//
// It builds ./cmd/amity (or runs -amity BINARY) and local-kms (or runs
// -local-kms BINARY: by default go install's latest version, kept in
// -cache), and runs both as child processes on free loopback ports over
// fresh data directories, amity with --log-level warn. Every measurement
// alternates rounds, an amity round then a local-kms round, -rounds
// times, so that a shared machine's noise weighs on both alike; the table
// gives each figure's min / median / max over the rounds and the ratio of
// the medians. Progress goes to stderr, the table to stdout.
//
// Encrypt and CreateKey are also measured on a third server, the net/http
// floor (floor.go): net/http answering fixed bytes, the CPU per call any
// Go server pays before doing anything, its CreateKey waiting for a
// synced log record as amity's does.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// kinds are the servers compared, in the order of each round; the
// throughput measurement runs the floor after them.
var kinds = []*kind{amity, localKMSKind}

// config is the command line, and what the measurements share.
type config struct {
	rounds, clients, requests int
	createKeys, createClients int
	warmup                    int
	keys                      []int
	measure                   map[string]bool

	work string // a temporary directory for data directories
	dirs int

	failures map[*kind]int
	firstErr map[*kind]error
}

func main() {
	c := &config{createClients: 4, failures: map[*kind]int{}, firstErr: map[*kind]error{}}
	flag.IntVar(&c.rounds, "rounds", 5, "rounds of each measurement, for each server")
	flag.IntVar(&c.clients, "clients", 8, "concurrent SDK clients for Encrypt and for creating -keys")
	flag.IntVar(&c.requests, "requests", 20000, "Encrypt calls a round")
	flag.IntVar(&c.createKeys, "createkeys", 5000, "CreateKey calls a round (from 4 clients)")
	flag.IntVar(&c.warmup, "warmup", 2000, "Encrypt calls on each new server before it is measured")
	keys := flag.String("keys", "10000", "comma-separated key counts to measure memory at, e.g. 10000,100000")
	measure := flag.String("measure", "coldstart,encrypt,memory", "measurements to run: coldstart, encrypt (Encrypt and CreateKey), memory")
	amityBinary := flag.String("amity", "", "amity binary to run (default: go build ./cmd/amity)")
	localKMSBinary := flag.String("local-kms", "", "local-kms binary to run (default: go install "+localKMSModule+"@latest into -cache)")
	cache := flag.String("cache", defaultCache(), "where the built local-kms is kept between runs")
	floorAddr := flag.String("serve-floor", "", "serve the net/http floor on this address (how this program runs it)")
	floorDir := flag.String("floor-dir", "", "the net/http floor's data directory, with -serve-floor")
	flag.Parse()
	if *floorAddr != "" {
		fmt.Fprintln(os.Stderr, serveFloor(*floorAddr, *floorDir))
		os.Exit(1)
	}
	if err := c.parseLists(*keys, *measure); err != nil || flag.NArg() > 0 || c.rounds < 1 || c.clients < 1 || c.requests < 1 {
		fmt.Fprintln(os.Stderr, "vslocalkms: bad arguments", err)
		flag.Usage()
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, c, *amityBinary, *localKMSBinary, *cache); err != nil {
		fmt.Fprintln(os.Stderr, "vslocalkms:", err)
		os.Exit(1)
	}
}

func (c *config) parseLists(keys, measure string) error {
	for _, f := range strings.Split(keys, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 1 {
			return fmt.Errorf("-keys: %q is not a count", f)
		}
		c.keys = append(c.keys, n)
	}
	c.measure = map[string]bool{}
	for _, m := range strings.Split(measure, ",") {
		switch m = strings.TrimSpace(m); m {
		case "coldstart", "encrypt", "memory":
			c.measure[m] = true
		default:
			return fmt.Errorf("-measure: unknown %q", m)
		}
	}
	return nil
}

func defaultCache() string {
	dir, err := os.UserCacheDir()
	if err != nil {
		dir = os.TempDir()
	}
	return filepath.Join(dir, "amity", "vslocalkms")
}

func run(ctx context.Context, c *config, amityBinary, localKMSBinary, cache string) error {
	var err error
	if c.work, err = os.MkdirTemp("", "amity-vslocalkms-"); err != nil {
		return err
	}
	defer os.RemoveAll(c.work)
	amityVersion := amityBinary
	if amityBinary == "" {
		if amityBinary, err = buildAmity(ctx, c.work); err != nil {
			return err
		}
		amityVersion = treeVersion(ctx)
	}
	if localKMSBinary == "" {
		if localKMSBinary, err = localKMS(ctx, cache); err != nil {
			return err
		}
	}
	amity.binary, localKMSKind.binary = amityBinary, localKMSBinary
	if floorKind.binary, err = os.Executable(); err != nil {
		return err
	}
	version := moduleVersion(ctx, localKMSBinary)

	t := &table{}
	begin := time.Now()
	if c.measure["coldstart"] {
		if err := measureColdStart(ctx, c, t); err != nil {
			return err
		}
	}
	if c.measure["encrypt"] {
		if err := measureThroughput(ctx, c, t); err != nil {
			return err
		}
	}
	if c.measure["memory"] {
		for _, n := range c.keys {
			if err := measureMemory(ctx, c, t, n); err != nil {
				return err
			}
		}
	}

	fmt.Printf("amity (%s) vs local-kms (%s): %d alternating rounds, %d CPUs, %s, %s, %s\n\n",
		amityVersion, version, c.rounds, runtime.NumCPU(), runtime.Version(), time.Now().Format(time.DateOnly),
		time.Since(begin).Round(time.Second))
	t.print(os.Stdout)
	for _, k := range kinds {
		if n := c.failures[k]; n > 0 {
			fmt.Printf("\n%s: %d calls failed, the first: %v\n", k.name, n, c.firstErr[k])
		}
	}
	return nil
}

// freshDir names a data directory that does not exist yet.
func (c *config) freshDir(k *kind) string {
	c.dirs++
	return filepath.Join(c.work, fmt.Sprintf("%s-%d", k.name, c.dirs))
}

// count keeps a batch's failures for the report's end: figures over calls
// that failed would mislead.
func (c *config) count(k *kind, b batch) {
	c.failures[k] += b.failures
	if c.firstErr[k] == nil {
		c.firstErr[k] = b.firstErr
	}
}

// failed is a progress line's note of a batch's failures.
func failed(b batch) string {
	if b.failures == 0 {
		return ""
	}
	return fmt.Sprintf(" — %d FAILED: %v", b.failures, b.firstErr)
}

func progress(format string, args ...any) {
	fmt.Fprintf(os.Stderr, time.Now().Format("15:04:05")+" "+format+"\n", args...)
}
