package storetest

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/amityhq/amity/internal/store"
)

func testReopen(t *testing.T, h *harness) {
	s := h.mustOpen()
	put(t, s, "t", "kept", "v1")
	put(t, s, "t", "deleted", "v")
	update(t, s, func(tx store.Tx) error { return tx.Delete("t", "deleted") })
	_ = s.Update(context.Background(), func(tx store.Tx) error {
		return errors.Join(tx.Put("t", "rolled back", nil), errors.New("roll back"))
	})
	closeWithin(t, s)

	s = h.mustOpen()
	wantValue(t, s, "t", "kept", "v1")
	wantMissing(t, s, "t", "deleted")
	wantMissing(t, s, "t", "rolled back")
	put(t, s, "t", "kept", "v2")
	closeWithin(t, s)

	s = h.mustOpen()
	wantValue(t, s, "t", "kept", "v2")
}

func testClose(t *testing.T, h *harness) {
	s := h.mustOpen()
	put(t, s, "t", "k", "v")

	inView, release := make(chan struct{}), make(chan struct{})
	viewed := make(chan error, 1)
	go func() {
		viewed <- s.View(context.Background(), func(tx store.Tx) error {
			close(inView)
			<-release
			_, err := tx.Get("t", "k")
			return err
		})
	}()
	<-inView
	closed := make(chan error, 1)
	go func() { closed <- s.Close() }()
	select {
	case err := <-closed:
		t.Fatalf("Close returned %v while a View was running", err)
	case <-time.After(50 * time.Millisecond):
	}
	close(release)
	if err := <-viewed; err != nil {
		t.Errorf("View running across Close: %v", err)
	}
	select {
	case err := <-closed:
		if err != nil {
			t.Fatalf("Close: %v", err)
		}
	case <-time.After(patience):
		t.Fatal("Close does not return after the last transaction ended")
	}

	called := false
	record := func(store.Tx) error { called = true; return nil }
	if err := s.View(context.Background(), record); !errors.Is(err, store.ErrClosed) || called {
		t.Errorf("View after Close: %v, fn called %v; want ErrClosed and no call", err, called)
	}
	if err := s.Update(context.Background(), record); !errors.Is(err, store.ErrClosed) || called {
		t.Errorf("Update after Close: %v, fn called %v; want ErrClosed and no call", err, called)
	}
	if err := s.Close(); err != nil {
		t.Errorf("second Close: %v, want nil", err)
	}
}
