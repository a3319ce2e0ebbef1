package main

import (
	"context"
	"time"
)

// measureColdStart starts each server over a fresh data directory, times
// its first successful answer (amity's GET /_amity/health, local-kms's
// ListKeys), and reads its resident memory once it has idled a second —
// what a CI job pays before its first call, and what an idle emulator
// holds.
func measureColdStart(ctx context.Context, c *config, t *table) error {
	const section = "Cold start, fresh data directory"
	ready := t.row(section, "process start to first answer (ms)", true, atMost(10, "≤ 10 ms"))
	idle := t.row(section, "idle RSS 1 s after (MiB)", true, atMost(10, "≤ 10 MiB"))
	for r := range c.rounds {
		for _, k := range kinds {
			s, err := start(ctx, k, c.freshDir(k), 1)
			if err != nil {
				return err
			}
			time.Sleep(time.Second)
			rss, err := s.rss()
			if stopErr := s.stop(); err == nil {
				err = stopErr
			}
			if err != nil {
				return err
			}
			ready.add(k, ms(s.ready))
			idle.add(k, float64(rss)/1024)
			progress("cold start, round %d/%d, %s: %.1f ms, %.1f MiB idle", r+1, c.rounds, k.name, ms(s.ready), float64(rss)/1024)
		}
	}
	return nil
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
