package main

import (
	"fmt"
	"io"
	"slices"
	"text/tabwriter"
)

// table collects every figure, a value per round for each server, and
// prints them with min/median/max: rounds alternate between the servers,
// so noise on a shared machine spreads over both, and the spread shows
// how much of it there was.
type table struct {
	rows []*row
}

// row is one figure.
type row struct {
	section string
	name    string
	values  map[*kind][]float64
	// cross: amity's median divided by local-kms's means something (it
	// does not for figures that are already a ratio within one server).
	cross  bool
	target target
}

// target is issue 17's goal for a figure, judged on the medians.
type target struct {
	text string
	met  func(amity, localKMS float64) bool // nil: no target
	// ofRatio: met judges amity's median over local-kms's.
	ofRatio bool
}

// row adds a figure to the table, in the order it is printed.
func (t *table) row(section, name string, cross bool, tg target) *row {
	r := &row{section: section, name: name, values: map[*kind][]float64{}, cross: cross, target: tg}
	t.rows = append(t.rows, r)
	return r
}

func (r *row) add(k *kind, v float64) { r.values[k] = append(r.values[k], v) }

// atMost and atLeast are targets on amity's own figure; ratioAtMost and
// ratioAtLeast on amity's figure over local-kms's.
func atMost(limit float64, text string) target {
	return target{text: text, met: func(a, _ float64) bool { return a <= limit }}
}

func atLeast(limit float64, text string) target {
	return target{text: text, met: func(a, _ float64) bool { return a >= limit }}
}

func ratioAtMost(limit float64, text string) target {
	return target{text: text, met: func(a, l float64) bool { return a <= limit*l }, ofRatio: true}
}

func ratioAtLeast(limit float64, text string) target {
	return target{text: text, met: func(a, l float64) bool { return a >= limit*l }, ofRatio: true}
}

// print writes the table, a section heading before each section's rows.
func (t *table) print(w io.Writer) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "figure\tamity min / median / max\tlocal-kms min / median / max\tnet/http floor min / median / max\tamity ÷ local-kms\tfloor ÷ local-kms\tissue 17 target\tmet")
	section := ""
	for _, r := range t.rows {
		if len(r.values) == 0 {
			continue // a measurement not run
		}
		if r.section != section {
			section = r.section
			fmt.Fprintf(tw, "%s\t\t\t\t\t\t\t\n", section)
		}
		a, l, f := r.values[amity], r.values[localKMSKind], r.values[floorKind]
		met := ""
		if r.target.met != nil && len(a) > 0 {
			lm := 0.0
			if len(l) > 0 {
				lm = median(l)
			}
			met = r.target.verdict(median(a), lm)
		}
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", r.name, spread(a), spread(l), spread(f),
			r.ratio(a, l), r.ratio(f, l), r.target.text, met)
	}
	tw.Flush()
}

// verdict is "yes", or "NO" with the figure judged to three decimals:
// a median just short of the target prints as the target in its column
// (0.895 as 0.90). A target on the ratio has none without local-kms's
// figure (its rounds all failed).
func (tg target) verdict(amity, localKMS float64) string {
	switch {
	case tg.ofRatio && localKMS == 0:
		return "-"
	case tg.met(amity, localKMS):
		return "yes"
	case tg.ofRatio:
		return fmt.Sprintf("NO (%.3f×)", amity/localKMS)
	default:
		return fmt.Sprintf("NO (%.3f)", amity)
	}
}

// ratio is "x×", the median of v over that of of, when the row
// compares across servers and both were measured.
func (r *row) ratio(v, of []float64) string {
	if !r.cross || len(v) == 0 || len(of) == 0 || median(of) == 0 {
		return ""
	}
	return fmt.Sprintf("%.2f×", median(v)/median(of))
}

// spread is "min / median / max".
func spread(v []float64) string {
	if len(v) == 0 {
		return "-"
	}
	s := slices.Sorted(slices.Values(v))
	return num(s[0]) + " / " + num(median(v)) + " / " + num(s[len(s)-1])
}

func median(v []float64) float64 {
	s := slices.Sorted(slices.Values(v))
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

// num prints three significant digits or so, without exponents.
func num(v float64) string {
	switch {
	case v >= 100 || v <= -100:
		return fmt.Sprintf("%.0f", v)
	case v >= 10 || v <= -10:
		return fmt.Sprintf("%.1f", v)
	default:
		return fmt.Sprintf("%.2f", v)
	}
}
