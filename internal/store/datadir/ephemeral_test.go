package datadir_test

import (
	"context"
	"os"
	"testing"

	"github.com/amityhq/amity/internal/store"
	"github.com/amityhq/amity/internal/store/datadir"
)

// TestOpenEphemeral: ephemeral state works as a data directory's does,
// leaves nothing on disk even while open, and takes the master key from
// the environment when it is there (the admin token of amity accounts
// create), else a random one.
func TestOpenEphemeral(t *testing.T) {
	parent := t.TempDir()
	empty := func(when string) {
		t.Helper()
		if entries, err := os.ReadDir(parent); err != nil || len(entries) > 0 {
			t.Errorf("%s: %v %v", when, entries, err)
		}
	}
	d, err := datadir.OpenEphemeral(parent, noEnv)
	if err != nil {
		t.Fatal(err)
	}
	empty("while open")
	ctx := context.Background()
	sealed := d.Sealer.Seal([]byte("secret"), []byte("ad"))
	if err := d.Store.Update(ctx, func(tx store.Tx) error { return tx.Put("t", "k", sealed) }); err != nil {
		t.Fatal(err)
	}
	err = d.Store.View(ctx, func(tx store.Tx) error {
		v, err := tx.Get("t", "k")
		if err != nil {
			return err
		}
		_, err = d.Sealer.Open(v, []byte("ad"))
		return err
	})
	if err != nil || !d.Ephemeral() {
		t.Errorf("read back: %v; ephemeral %v", err, d.Ephemeral())
	}
	if err := d.Close(); err != nil {
		t.Fatal(err)
	}
	empty("after Close")

	other, err := datadir.OpenEphemeral(parent, noEnv)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	if other.AdminToken == d.AdminToken {
		t.Error("two ephemeral opens share a random master key")
	}
	fromEnv, err := datadir.OpenEphemeral(parent, withKey(7))
	if err != nil {
		t.Fatal(err)
	}
	defer fromEnv.Close()
	if token, err := datadir.AdminToken(t.TempDir(), withKey(7)); err != nil || token != fromEnv.AdminToken {
		t.Errorf("the environment's key: %v", err)
	}
}
