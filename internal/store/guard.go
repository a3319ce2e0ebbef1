package store

import (
	"bytes"
	"context"
	"runtime"
	"strconv"
	"sync"
)

// Guarded is a Store that knows which goroutines are inside one of its
// transactions, so that code which must never run inside one — a call
// from one service to another, whose callee writes the store too — can
// refuse to (Held). Finding the goroutine costs a stack read per
// transaction: a guard for tests and debugging, not for production.
type Guarded struct {
	Store
	mu   sync.Mutex
	held map[uint64]int // goroutine id → open transactions
}

// Guard returns st guarded.
func Guard(st Store) *Guarded {
	return &Guarded{Store: st, held: map[uint64]int{}}
}

// View implements Store.
func (g *Guarded) View(ctx context.Context, fn func(Tx) error) error {
	defer g.enter()()
	return g.Store.View(ctx, fn)
}

// Update implements Store.
func (g *Guarded) Update(ctx context.Context, fn func(Tx) error) error {
	defer g.enter()()
	return g.Store.Update(ctx, fn)
}

// Held reports whether the calling goroutine is inside a transaction.
func (g *Guarded) Held() bool {
	id := goroutineID()
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.held[id] > 0
}

// enter notes a transaction of the calling goroutine and returns the
// function that notes its end.
func (g *Guarded) enter() func() {
	id := goroutineID()
	g.mu.Lock()
	g.held[id]++
	g.mu.Unlock()
	return func() {
		g.mu.Lock()
		if g.held[id]--; g.held[id] == 0 {
			delete(g.held, id)
		}
		g.mu.Unlock()
	}
}

// goroutineID reads the calling goroutine's id from the first line of its
// stack ("goroutine 42 [running]:"): Go offers no other way, which is why
// this is a guard for tests.
func goroutineID() uint64 {
	var buf [64]byte
	b := buf[:runtime.Stack(buf[:], false)]
	b = bytes.TrimPrefix(b, []byte("goroutine "))
	if i := bytes.IndexByte(b, ' '); i > 0 {
		b = b[:i]
	}
	id, _ := strconv.ParseUint(string(b), 10, 64)
	return id
}
