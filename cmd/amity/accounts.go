package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/amityhq/amity/internal/app"
	"github.com/amityhq/amity/internal/store/datadir"
)

// newAccountsCommand is `amity accounts`, which holds `create`.
func newAccountsCommand() *cobra.Command {
	cmd := &cobra.Command{Use: "accounts", Short: "Manage accounts"}
	group(cmd)
	cmd.AddCommand(newAccountsCreateCommand())
	return cmd
}

// accountsCreateOptions are the flags of amity accounts create.
type accountsCreateOptions struct {
	id, regions, endpoint, dataDir string
}

// newAccountsCreateCommand is `amity accounts create`.
func newAccountsCreateCommand() *cobra.Command {
	var o accountsCreateOptions
	cmd := &cobra.Command{
		Use:   "create",
		Short: "Create an account and print its root credentials",
		Args:  noArgs,
		RunE:  func(c *cobra.Command, _ []string) error { return o.run(c.OutOrStdout()) },
	}
	f := cmd.Flags()
	f.StringVar(&o.id, "id", "", "12-digit account id (default: random)")
	f.StringVar(&o.regions, "regions", "", "comma-separated opt-in Regions to enable")
	f.StringVar(&o.endpoint, "endpoint", "http://"+envOr("AMITY_LISTEN", defaultListen), "URL of the running amity")
	f.StringVar(&o.dataDir, "data-dir", envOr("AMITY_DATA_DIR", defaultDataDir),
		"data directory of the running amity (its admin token), or to open when none is running")
	return cmd
}

// run asks the running amity to create an account, showing it the admin
// token of its data directory; when none is running it opens the data
// directory itself.
func (o *accountsCreateOptions) run(stdout io.Writer) error {
	req := app.AccountRequest{ID: o.id}
	if o.regions != "" {
		req.Regions = strings.Split(o.regions, ",")
	}
	token, tokenErr := datadir.AdminToken(o.dataDir, os.Getenv)
	creds, err := createRemote(o.endpoint, token, req)
	switch {
	case errors.Is(err, errRefused):
		creds, err = createLocal(o.dataDir, req)
	case err != nil && tokenErr != nil:
		err = fmt.Errorf("%w\n(no admin token in %s: %v; pass the running amity's --data-dir, "+
			"or run an --ephemeral amity and this command with one AMITY_MASTER_KEY)", err, o.dataDir, tokenErr)
	}
	if err != nil {
		return err
	}
	out, _ := json.MarshalIndent(creds, "", "  ")
	_, err = fmt.Fprintln(stdout, string(out))
	return err
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
