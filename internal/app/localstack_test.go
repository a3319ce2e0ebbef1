package app_test

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/amityhq/amity/internal/amitytest"
	"github.com/amityhq/amity/internal/app"
)

// get returns the status and body of GET path.
func get(t *testing.T, env *amitytest.Env, path string) (int, string) {
	t.Helper()
	resp, err := http.Get(env.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

// TestLocalStackHealth: /_localstack/health answers as LocalStack's does —
// the services and their state, the edition, the version, written as
// Python writes JSON — for the tools and scripts that wait on it.
func TestLocalStackHealth(t *testing.T) {
	env := amitytest.New(t)
	status, body := get(t, env, "/_localstack/health")
	var health struct {
		Services map[string]string
		Edition  string
		Version  string
		Features map[string]string
	}
	if status != http.StatusOK || json.Unmarshal([]byte(body), &health) != nil {
		t.Fatalf("%d %s", status, body)
	}
	for _, name := range []string{"account", "ec2", "iam", "imagebuilder", "kms", "sts"} {
		if health.Services[name] != "running" {
			t.Errorf("%s is %q", name, health.Services[name])
		}
	}
	for name, state := range health.Services {
		if state != "running" && state != "disabled" {
			t.Errorf("%s is %q", name, state)
		}
	}
	if health.Edition != "community" || health.Version != app.Version || health.Features["initScripts"] != "initialized" {
		t.Errorf("health %+v", health)
	}
	// Scripts written against LocalStack grep its text.
	for _, text := range []string{`"kms": "running"`, `"initScripts": "initialized"`} {
		if !strings.Contains(body, text) {
			t.Errorf("%s lacks %s", body, text)
		}
	}
	resp, err := http.Head(env.URL + "/_localstack/health")
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Errorf("HEAD: %v %v", resp, err)
	}
}

// TestLocalStackInit: amity runs no init scripts, so every stage but
// shutdown is complete, as /_localstack/init and /_localstack/init/STAGE
// say.
func TestLocalStackInit(t *testing.T) {
	env := amitytest.New(t)
	status, body := get(t, env, "/_localstack/init")
	var init struct {
		Completed map[string]bool
		Scripts   []any
	}
	if status != http.StatusOK || json.Unmarshal([]byte(body), &init) != nil || init.Scripts == nil ||
		!init.Completed["BOOT"] || !init.Completed["START"] || !init.Completed["READY"] || init.Completed["SHUTDOWN"] {
		t.Errorf("/_localstack/init: %d %s", status, body)
	}
	for _, stage := range []string{"boot", "start", "ready", "shutdown"} {
		status, body := get(t, env, "/_localstack/init/"+stage)
		want := `{"completed": true, "scripts": []}`
		if stage == "shutdown" {
			want = `{"completed": false, "scripts": []}`
		}
		if status != http.StatusOK || body != want {
			t.Errorf("/_localstack/init/%s: %d %s", stage, status, body)
		}
	}
	if status, _ := get(t, env, "/_localstack/init/never"); status != http.StatusNotFound {
		t.Errorf("an unknown stage: %d", status)
	}
}
