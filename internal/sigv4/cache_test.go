package sigv4_test

import (
	"fmt"
	"sync"
	"testing"

	"github.com/amityhq/amity/internal/sigv4"
)

// More distinct signing scopes than the key cache holds, verified from
// several goroutines at once and repeatedly, so that entries are evicted and
// derived again while others read them.
func TestVerifyKeepsWorkingPastTheKeyCacheBound(t *testing.T) {
	const scopes = 300
	w := newWire(t)
	requests := make([]delivered, scopes)
	for i := range requests {
		s := kmsEncrypt()
		s.region = fmt.Sprintf("test-region-%d", i)
		req := w.request(t, s)
		sign(t, req, s, hashHex(s.body), signingTime)
		requests[i] = w.send(t, req)
	}
	v := sigv4.NewVerifier(clockAt(signingTime))
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			for round := range 3 {
				for i := range requests {
					d := requests[(i+g*71)%scopes]
					if err := verify(v, d, secret); err != nil {
						t.Errorf("goroutine %d round %d: %v", g, round, err)
						return
					}
				}
			}
		})
	}
	wg.Wait()
}
