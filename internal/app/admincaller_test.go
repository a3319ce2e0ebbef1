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

// TestAccountsEndpointRefusesWebPages: POST /_amity/accounts hands out
// root credentials only to a caller showing the data directory's admin
// token, over loopback, naming a loopback host, with a JSON body and no
// Origin — never to a page a browser loaded, nor through DNS rebinding.
func TestAccountsEndpointRefusesWebPages(t *testing.T) {
	env := amitytest.New(t)
	token := env.App.Dir.AdminToken
	post := func(edit func(r *http.Request)) (int, string) {
		t.Helper()
		req, err := http.NewRequest(http.MethodPost, env.URL+"/_amity/accounts", strings.NewReader(`{"id":"555566667777"}`))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set(app.AdminTokenHeader, token)
		edit(req)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(body)
	}
	for name, tt := range map[string]struct {
		edit   func(r *http.Request)
		status int
	}{
		"no token":               {func(r *http.Request) { r.Header.Del(app.AdminTokenHeader) }, http.StatusForbidden},
		"wrong token":            {func(r *http.Request) { r.Header.Set(app.AdminTokenHeader, strings.Repeat("0", 64)) }, http.StatusForbidden},
		"a page's origin":        {func(r *http.Request) { r.Header.Set("Origin", "https://evil.example") }, http.StatusForbidden},
		"a rebound host name":    {func(r *http.Request) { r.Host = "evil.example:4566" }, http.StatusForbidden},
		"a form a page can post": {func(r *http.Request) { r.Header.Set("Content-Type", "text/plain") }, http.StatusUnsupportedMediaType},
	} {
		if status, body := post(tt.edit); status != tt.status {
			t.Errorf("%s: %d %s, want %d", name, status, body, tt.status)
		}
	}
	if _, err := env.App.Identities.Account(t.Context(), "555566667777"); err == nil {
		t.Fatal("a refused request created the account")
	}
	status, body := post(func(r *http.Request) { r.Host = "localhost" })
	var creds app.AccountCredentials
	if status != http.StatusOK || json.Unmarshal([]byte(body), &creds) != nil || creds.AccountID != "555566667777" || creds.SecretAccessKey == "" {
		t.Errorf("with the token: %d %s", status, body)
	}
}
