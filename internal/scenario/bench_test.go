package scenario_test

import (
	"testing"

	"github.com/amityhq/amity/internal/amitytest/sdkhttp"
	"github.com/amityhq/amity/internal/scenario"
)

// BenchmarkShippedScenarios runs every shipped scenario twice — failing
// (with doctor's explanation) and fixed — one after the other in one
// process, on one in-process amity as `amity scenario run` starts it.
// Target: under 2 s for all of them. Outside CI:
//
//	go test -run xxx -bench . ./internal/scenario
func BenchmarkShippedScenarios(b *testing.B) {
	files, err := scenario.Shipped()
	if err != nil {
		b.Fatal(err)
	}
	local, err := scenario.StartLocal()
	if err != nil {
		b.Fatal(err)
	}
	defer local.Close()
	client := sdkhttp.Client()
	for b.Loop() {
		for _, f := range files {
			for _, fixed := range []bool{false, true} {
				opts := scenario.Options{Endpoint: local.URL, Fixed: fixed, FreshAccounts: true, HTTPClient: client}
				if _, err := scenario.Execute(b.Context(), f, opts); err != nil {
					b.Fatalf("%s (fixed %v): %v", f.Name, fixed, err)
				}
			}
		}
	}
}
