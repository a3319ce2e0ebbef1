package app_test

import (
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/amityhq/amity/internal/app"
)

// BenchmarkOpenFresh is amity serve's start inside the process: Open over
// a data directory that does not exist yet (durable, as amity serve runs
// by default: the directory, the master key file and the database
// created and synced) until GET /_amity/health answers, then Close. The
// process around it (package inits, the runtime) is what
// scripts/vslocalkms -measure coldstart adds.
func BenchmarkOpenFresh(b *testing.B) {
	parent := b.TempDir()
	noKey := func(string) string { return "" }
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		a, err := app.Open(app.Config{DataDir: filepath.Join(parent, strconv.Itoa(i)), Getenv: noKey})
		if err != nil {
			b.Fatal(err)
		}
		w := httptest.NewRecorder()
		a.Handler.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/_amity/health", nil))
		if w.Code != http.StatusOK {
			b.Fatalf("health: %d %s", w.Code, w.Body)
		}
		if err := a.Close(); err != nil {
			b.Fatal(err)
		}
	}
}
