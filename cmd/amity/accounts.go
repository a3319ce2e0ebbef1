package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"syscall"

	"github.com/amityhq/amity/internal/app"
	"github.com/amityhq/amity/internal/store/datadir"
)

// createAccount asks the running amity to create an account, showing it
// the admin token of its data directory; when none is running it opens the
// data directory itself.
func createAccount(args []string) error {
	fs := flag.NewFlagSet("accounts create", flag.ContinueOnError)
	id := fs.String("id", "", "12-digit account id (default: random)")
	regions := fs.String("regions", "", "comma-separated opt-in Regions to enable")
	endpoint := fs.String("endpoint", "http://"+envOr("AMITY_LISTEN", defaultListen), "URL of the running amity")
	dataDir := fs.String("data-dir", envOr("AMITY_DATA_DIR", defaultDataDir),
		"data directory of the running amity (its admin token), or to open when none is running")
	if err := fs.Parse(args); err != nil {
		return err
	}
	req := app.AccountRequest{ID: *id}
	if *regions != "" {
		req.Regions = strings.Split(*regions, ",")
	}
	token, tokenErr := datadir.AdminToken(*dataDir, os.Getenv)
	creds, err := createRemote(*endpoint, token, req)
	switch {
	case errors.Is(err, syscall.ECONNREFUSED):
		creds, err = createLocal(*dataDir, req)
	case err != nil && tokenErr != nil:
		err = fmt.Errorf("%w\n(no admin token in %s: %v; pass the running amity's --data-dir)", err, *dataDir, tokenErr)
	}
	if err != nil {
		return err
	}
	out, _ := json.MarshalIndent(creds, "", "  ")
	fmt.Println(string(out))
	return nil
}

func createRemote(endpoint, token string, req app.AccountRequest) (*app.AccountCredentials, error) {
	body, _ := json.Marshal(req)
	post, err := http.NewRequest(http.MethodPost, strings.TrimRight(endpoint, "/")+"/_amity/accounts", bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	post.Header.Set("Content-Type", "application/json")
	post.Header.Set(app.AdminTokenHeader, token)
	resp, err := http.DefaultClient.Do(post)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("%s: %s", resp.Status, strings.TrimSpace(string(raw)))
	}
	var creds app.AccountCredentials
	return &creds, json.Unmarshal(raw, &creds)
}

func createLocal(dataDir string, req app.AccountRequest) (*app.AccountCredentials, error) {
	a, err := app.Open(app.Config{DataDir: dataDir, Getenv: os.Getenv})
	if err != nil {
		return nil, err
	}
	defer a.Close()
	return a.CreateAccount(context.Background(), req)
}
