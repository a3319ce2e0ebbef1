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
)

// createAccount asks the running amity to create an account; when none is
// running it opens the data directory itself.
func createAccount(args []string) error {
	fs := flag.NewFlagSet("accounts create", flag.ContinueOnError)
	id := fs.String("id", "", "12-digit account id (default: random)")
	regions := fs.String("regions", "", "comma-separated opt-in Regions to enable")
	endpoint := fs.String("endpoint", "http://"+envOr("AMITY_LISTEN", defaultListen), "URL of the running amity")
	dataDir := fs.String("data-dir", envOr("AMITY_DATA_DIR", defaultDataDir), "data directory, used when no amity is running")
	if err := fs.Parse(args); err != nil {
		return err
	}
	req := app.AccountRequest{ID: *id}
	if *regions != "" {
		req.Regions = strings.Split(*regions, ",")
	}
	creds, err := createRemote(*endpoint, req)
	if errors.Is(err, syscall.ECONNREFUSED) {
		creds, err = createLocal(*dataDir, req)
	}
	if err != nil {
		return err
	}
	out, _ := json.MarshalIndent(creds, "", "  ")
	fmt.Println(string(out))
	return nil
}

func createRemote(endpoint string, req app.AccountRequest) (*app.AccountCredentials, error) {
	body, _ := json.Marshal(req)
	resp, err := http.Post(strings.TrimRight(endpoint, "/")+"/_amity/accounts", "application/json", bytes.NewReader(body))
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
