package main

import "testing"

func TestVerdictShowsHowFarAFigureMissed(t *testing.T) {
	for _, c := range []struct {
		tg              target
		amity, localKMS float64
		want            string
	}{
		{atLeast(0.9, ""), 0.895, 0, "NO (0.895)"},
		{atLeast(0.9, ""), 0.9, 0, "yes"},
		{atMost(1, ""), 3.16, 1.3, "NO (3.160)"},
		{ratioAtMost(0.5, ""), 56, 67, "NO (0.836×)"},
		{ratioAtLeast(1, ""), 9400, 9375, "yes"},
		{ratioAtLeast(1, ""), 3787, 0, "-"}, // local-kms's rounds all failed
	} {
		if got := c.tg.verdict(c.amity, c.localKMS); got != c.want {
			t.Errorf("verdict(%v, %v) = %q, want %q", c.amity, c.localKMS, got, c.want)
		}
	}
}
