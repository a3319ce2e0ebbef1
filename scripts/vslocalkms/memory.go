package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
)

// measureMemory, for n keys: in each round, each server starts fresh,
// is warmed up and measured with Encrypt under its one key (the empty
// server), then n keys are created, and Encrypt is measured again over
// keys picked at random among them. Resident memory is read after the
// empty server's Encrypt (the baseline), after the creations, and after
// the Encrypt over the keys (a server that loads keys on first use grows
// then). RSS is what the user pays, Go's GC headroom included.
func measureMemory(ctx context.Context, c *config, t *table, n int) error {
	section := fmt.Sprintf("%d keys, Encrypt over random keys vs an empty server (%d clients, %d calls)", n, c.clients, c.requests)
	perKey := t.row(section, "RSS per key after creating them (KiB)", true, atMost(1, "≤ 1 KiB"))
	perKeyUsed := t.row(section, "RSS per key after Encrypt over them (KiB)", true, atMost(1, "≤ 1 KiB"))
	emptyRate := t.row(section, "Encrypt throughput, empty (calls/s)", true, target{})
	fullRate := t.row(section, fmt.Sprintf("Encrypt throughput, %d keys (calls/s)", n), true, target{})
	rateRatio := t.row(section, "  throughput ÷ empty's", false, atLeast(0.9, "≥ 0.9 (at 100k)"))
	emptyP99 := t.row(section, "Encrypt p99, empty (ms)", true, target{})
	fullP99 := t.row(section, fmt.Sprintf("Encrypt p99, %d keys (ms)", n), true, target{})
	p99Ratio := t.row(section, "  p99 ÷ empty's", false, atMost(2, "≤ 2 (at 100k)"))
	for r := range c.rounds {
		for _, k := range kinds {
			m, err := memoryRound(ctx, c, k, n)
			if err != nil {
				return err
			}
			perKey.add(k, float64(m.rssKeys-m.rssEmpty)/float64(n))
			perKeyUsed.add(k, float64(m.rssUsed-m.rssEmpty)/float64(n))
			emptyRate.add(k, m.empty.perSecond())
			fullRate.add(k, m.full.perSecond())
			rateRatio.add(k, m.full.perSecond()/m.empty.perSecond())
			emptyP99.add(k, ms(m.empty.percentile(0.99)))
			fullP99.add(k, ms(m.full.percentile(0.99)))
			p99Ratio.add(k, float64(m.full.percentile(0.99))/float64(m.empty.percentile(0.99)))
			progress("%d keys, round %d/%d, %s: %.2f KiB a key (%.2f after use), %.0f → %.0f calls/s, p99 %.2f → %.2f ms, created at %.0f/s%s",
				n, r+1, c.rounds, k.name, float64(m.rssKeys-m.rssEmpty)/float64(n), float64(m.rssUsed-m.rssEmpty)/float64(n),
				m.empty.perSecond(), m.full.perSecond(), ms(m.empty.percentile(0.99)), ms(m.full.percentile(0.99)),
				m.create.perSecond(), failed(m.create))
		}
	}
	return nil
}

// memoryFigures is one server's round of measureMemory.
type memoryFigures struct {
	empty, create, full        batch
	rssEmpty, rssKeys, rssUsed int64 // KiB
}

func memoryRound(ctx context.Context, c *config, k *kind, n int) (m memoryFigures, err error) {
	s, err := start(ctx, k, c.freshDir(k), c.clients)
	if err != nil {
		return m, err
	}
	defer func() {
		if stopErr := s.stop(); err == nil {
			err = stopErr
		}
	}()
	key, err := oneKey(ctx, s, c.warmup)
	if err != nil {
		return m, err
	}
	m.empty = encrypt(ctx, s, c.requests, c.clients, func(int) string { return key })
	c.count(k, m.empty)
	if m.rssEmpty, err = s.rss(); err != nil {
		return m, err
	}
	ids, create := createKeys(ctx, s, n, c.clients)
	m.create = create
	c.count(k, create)
	if m.rssKeys, err = s.rss(); err != nil {
		return m, err
	}
	ids = slices.DeleteFunc(ids, func(id string) bool { return id == "" }) // failed creations
	if len(ids) == 0 {
		return m, fmt.Errorf("%s: no key created: %w", k.name, create.firstErr)
	}
	m.full = encrypt(ctx, s, c.requests, c.clients, func(int) string { return ids[rand.IntN(len(ids))] })
	c.count(k, m.full)
	if m.rssUsed, err = s.rss(); err != nil {
		return m, err
	}
	return m, ctx.Err()
}
