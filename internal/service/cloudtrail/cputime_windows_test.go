package cloudtrail_test

import (
	"testing"
	"time"
)

// cpuTime: Windows has no getrusage; the benchmark that needs it skips.
func cpuTime(b *testing.B) time.Duration {
	b.Skip("no getrusage on Windows")
	return 0
}
