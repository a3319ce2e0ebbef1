package main

import (
	"context"
	"fmt"
	"slices"
)

// measureThroughput runs both servers and the net/http floor side by
// side and, in alternating rounds, measures Encrypt under one key from
// c.clients clients, then CreateKey from c.createClients: server CPU per
// call from /proc, the rate and the p99 latency the clients saw.
//
// CreateKey's durability differs: amity acknowledges a key once it is on
// disk (a log record and an fdatasync, concurrent commits grouped); local-kms
// writes to goleveldb without Sync, so an acknowledged key is in the
// operating system's cache, safe from kill -9 but not from a power loss.
// The floor's CreateKey syncs a record as amity does (floor.go): its
// throughput is the ceiling for a server whose acknowledged keys are on
// disk, and floor ÷ local-kms says whether ≥ 1× local-kms is within
// reach on this machine at all.
func measureThroughput(ctx context.Context, c *config, t *table) error {
	measured := append(slices.Clip(kinds), floorKind)
	servers := make([]*server, 0, len(measured))
	defer func() {
		for _, s := range servers {
			_ = s.stop()
		}
	}()
	keys := map[*server]string{}
	for _, k := range measured {
		s, err := start(ctx, k, c.freshDir(k), max(c.clients, c.createClients))
		if err != nil {
			return err
		}
		servers = append(servers, s)
		if keys[s], err = oneKey(ctx, s, c.warmup); err != nil {
			return err
		}
	}

	section := fmt.Sprintf("Encrypt under one key, %d clients, %d calls a round", c.clients, c.requests)
	encCPU := t.row(section, "server CPU per call (µs)", true, ratioAtMost(0.5, "≤ 0.5× local-kms"))
	encRate := t.row(section, "throughput (calls/s)", true, target{})
	encP99 := t.row(section, "p99 latency (ms)", true, target{})
	for r := range c.rounds {
		for _, s := range servers {
			var b batch
			cpu, err := cpuOf(s, func() {
				b = encrypt(ctx, s, c.requests, c.clients, func(int) string { return keys[s] })
			})
			if err != nil {
				return err
			}
			c.count(s.kind, b)
			encCPU.add(s.kind, cpu/float64(b.requests)*1e6)
			encRate.add(s.kind, b.perSecond())
			encP99.add(s.kind, ms(b.percentile(0.99)))
			progress("Encrypt, round %d/%d, %s: %.1f µs CPU a call, %.0f calls/s, p99 %.2f ms%s",
				r+1, c.rounds, s.kind.name, cpu/float64(b.requests)*1e6, b.perSecond(), ms(b.percentile(0.99)), failed(b))
		}
	}

	section = fmt.Sprintf("CreateKey, %d clients, %d calls a round (amity and the floor fsync, local-kms does not)", c.createClients, c.createKeys)
	ckCPU := t.row(section, "server CPU per call (µs)", true, target{})
	ckRate := t.row(section, "throughput (calls/s)", true, ratioAtLeast(1, "≥ 1× local-kms"))
	ckP99 := t.row(section, "p99 latency (ms)", true, target{})
	for r := range c.rounds {
		for _, s := range servers {
			var b batch
			cpu, err := cpuOf(s, func() { _, b = createKeys(ctx, s, c.createKeys, c.createClients) })
			if err != nil {
				return err
			}
			c.count(s.kind, b)
			ckCPU.add(s.kind, cpu/float64(b.requests)*1e6)
			ckRate.add(s.kind, b.perSecond())
			ckP99.add(s.kind, ms(b.percentile(0.99)))
			progress("CreateKey, round %d/%d, %s: %.0f µs CPU a call, %.0f calls/s, p99 %.2f ms%s",
				r+1, c.rounds, s.kind.name, cpu/float64(b.requests)*1e6, b.perSecond(), ms(b.percentile(0.99)), failed(b))
		}
	}
	return ctx.Err()
}
