package app_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/amityhq/amity/internal/app"
)

func TestBootstrapIsIdempotent(t *testing.T) {
	ctx := context.Background()
	a, err := app.Open(app.Config{DataDir: t.TempDir(), Strict: true, Getenv: func(string) string { return "" }})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	file := filepath.Join(t.TempDir(), "bootstrap.json")
	doc := `{"accounts":[{"id":"111122223333","regions":["af-south-1"],"rootAccessKeyId":"AKIABOOTSTRAPEXAMPLE","rootSecretAccessKey":"s3cret"},
		{"id":"444455556666"}]}`
	if err := os.WriteFile(file, []byte(doc), 0o600); err != nil {
		t.Fatal(err)
	}
	for range 2 { // applying twice changes nothing
		if err := a.ApplyBootstrap(ctx, file); err != nil {
			t.Fatal(err)
		}
	}
	acct, err := a.Identities.Account(ctx, "111122223333")
	if err != nil || !acct.RegionEnabled("af-south-1") {
		t.Errorf("account 111122223333: %+v, %v", acct, err)
	}
	if _, err := a.Identities.Account(ctx, "444455556666"); err != nil {
		t.Errorf("account 444455556666: %v", err)
	}
	key, err := a.Identities.Lookup(ctx, "AKIABOOTSTRAPEXAMPLE")
	if err != nil || key.Secret != "s3cret" || key.Account != "111122223333" {
		t.Errorf("root key: %+v, %v", key, err)
	}

	for _, bad := range []string{
		`{"accounts":[{"id":"123"}]}`,
		`{"accounts":[{"id":"111122223333","regions":["us-east-1"]}]}`,
		`{"accounts":[{"id":"111122223333","rootAccessKeyId":"AKIAONLYID"}]}`,
		`{"accounts":[{"id":"444455556666","rootAccessKeyId":"AKIABOOTSTRAPEXAMPLE","rootSecretAccessKey":"x"}]}`,
		`not json`,
	} {
		if err := os.WriteFile(file, []byte(bad), 0o600); err != nil {
			t.Fatal(err)
		}
		if err := a.ApplyBootstrap(ctx, file); err == nil {
			t.Errorf("bootstrap %s accepted", bad)
		}
	}
}
