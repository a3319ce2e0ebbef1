package app

import (
	"encoding/json"
	"net/http"
	"strings"

	"github.com/amityhq/amity/internal/server"
)

// LocalStack's own endpoints, for the tools and scripts that wait on
// LocalStack (Testcontainers' LocalStack module polls /_localstack/health;
// CI scripts grep its text or ask /_localstack/init/ready), so that they
// work unchanged with amity.
func localstackEndpoints(mux *http.ServeMux, routes []server.Route) {
	served, notImplemented := server.Served(routes)
	services := make([]pair, 0, len(served)+len(notImplemented))
	for _, name := range served {
		services = append(services, pair{name, "running"})
	}
	for _, name := range notImplemented {
		services = append(services, pair{name, "disabled"}) // LocalStack's state of a service it will not start
	}
	// The edition tools written for LocalStack know; amity has no paid
	// features to announce.
	health := pythonJSON([]pair{
		{"features", []pair{{"initScripts", "initialized"}}},
		{"services", services},
		{"edition", "community"},
		{"version", Version},
	})
	mux.Handle("GET /_localstack/health", jsonBody(health))
	// amity runs no init scripts: every stage is complete from the start,
	// but shutdown's.
	mux.Handle("GET /_localstack/init", jsonBody(pythonJSON([]pair{
		{"completed", []pair{{"BOOT", true}, {"START", true}, {"READY", true}, {"SHUTDOWN", false}}},
		{"scripts", []string{}},
	})))
	for _, stage := range []string{"boot", "start", "ready", "shutdown"} {
		mux.Handle("GET /_localstack/init/"+stage, jsonBody(pythonJSON([]pair{
			{"completed", stage != "shutdown"}, {"scripts", []string{}},
		})))
	}
}

func jsonBody(body string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(body))
	})
}

// pair is a member of a JSON object, kept in order.
type pair struct {
	key   string
	value any // []pair, an object; or a string, a bool, an empty list
}

// pythonJSON writes an object as Python's json.dumps does by default,
// with ", " and ": " between members, as LocalStack answers: scripts
// grep its text for `"s3": "running"`.
func pythonJSON(members []pair) string {
	var b strings.Builder
	writeObject(&b, members)
	return b.String()
}

func writeObject(b *strings.Builder, members []pair) {
	b.WriteByte('{')
	for i, m := range members {
		if i > 0 {
			b.WriteString(", ")
		}
		writeValue(b, m.key)
		b.WriteString(": ")
		writeValue(b, m.value)
	}
	b.WriteByte('}')
}

func writeValue(b *strings.Builder, v any) {
	if members, ok := v.([]pair); ok {
		writeObject(b, members)
		return
	}
	raw, _ := json.Marshal(v) // strings, bools and empty lists always marshal, as Python writes them
	b.Write(raw)
}
