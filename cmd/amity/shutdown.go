package main

import (
	"fmt"
	"time"

	"github.com/amityhq/amity/internal/app"
)

// shutdownLine is the last line amity serve prints: why it stopped (the
// signal), how long the stop took, and what it finished and wrote on the
// way out.
func shutdownLine(cause error, s app.Stopped, ephemeral bool) string {
	closed := "data directory closed"
	if ephemeral {
		closed = "ephemeral state discarded"
	}
	return fmt.Sprintf("amity stopped (%v) in %v: %s in flight finished, the last use of %s written, log flushed, %s",
		cause, time.Since(s.Asked).Round(time.Millisecond), plural(s.Requests, "request"), plural(int64(s.KeyUses), "access key"), closed)
}

// plural is "1 request", "2 requests".
func plural(n int64, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
