package app

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"

	"github.com/amityhq/amity/internal/awsdata"
	"github.com/amityhq/amity/internal/doctor"
	"github.com/amityhq/amity/internal/identity"
	"github.com/amityhq/amity/internal/server"
)

// adminHandler serves amity's own endpoints: GET /_amity/health, and
// POST /_amity/doctor (doctor.Path), and POST /_amity/accounts, which creates an account and returns its root
// credentials to a caller that can show the admin token (see
// checkAdminCaller); and LocalStack's health and init endpoints.
func (a *App) adminHandler(routes []server.Route, ephemeral bool) http.Handler {
	mux := http.NewServeMux()
	mux.Handle("GET /_amity/health", healthHandler(routes, ephemeral))
	mux.HandleFunc("POST /_amity/accounts", a.serveCreateAccount)
	mux.HandleFunc("POST "+doctor.Path, a.serveDoctor)
	localstackEndpoints(mux, routes)
	return mux
}

func healthHandler(routes []server.Route, ephemeral bool) http.Handler {
	services, unserved := server.Served(routes)
	body, _ := json.Marshal(map[string]any{"status": "ok", "version": Version, "services": services,
		"notImplemented": unserved, "store": "bolt", "ephemeral": ephemeral})
	return http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(body)
	})
}

// AccountRequest asks for a new account.
type AccountRequest struct {
	ID      string   `json:"id,omitempty"`      // empty: a random id
	Regions []string `json:"regions,omitempty"` // opt-in Regions to enable
}

// AccountCredentials is a new account and its root access key.
type AccountCredentials struct {
	AccountID       string   `json:"accountId"`
	AccessKeyID     string   `json:"accessKeyId"`
	SecretAccessKey string   `json:"secretAccessKey"`
	Regions         []string `json:"enabledOptInRegions,omitempty"`
}

func (a *App) serveCreateAccount(w http.ResponseWriter, r *http.Request) {
	if status, why := a.checkAdminCaller(r); status != 0 {
		http.Error(w, why, status)
		return
	}
	var req AccountRequest
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		http.Error(w, "malformed request: "+err.Error(), http.StatusBadRequest)
		return
	}
	creds, err := a.CreateAccount(r.Context(), req)
	switch {
	case errors.Is(err, identity.ErrAccountExists):
		http.Error(w, "account "+req.ID+" exists", http.StatusConflict)
		return
	case err != nil:
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(creds)
}

// CreateAccount creates an account with a root access key and enables the
// opt-in Regions asked for.
func (a *App) CreateAccount(ctx context.Context, req AccountRequest) (*AccountCredentials, error) {
	if req.ID != "" && !identity.IsAccountID(req.ID) {
		return nil, errors.New("an account id is 12 digits")
	}
	if err := checkOptInRegions(req.Regions); err != nil {
		return nil, err
	}
	acct, root, err := a.Identities.CreateAccount(ctx, req.ID)
	if err != nil {
		return nil, err
	}
	for _, region := range req.Regions {
		if err := a.Identities.SetRegionStatus(ctx, acct.ID, region, identity.RegionEnabled); err != nil {
			return nil, err
		}
	}
	return &AccountCredentials{AccountID: acct.ID, AccessKeyID: root.AccessKeyID,
		SecretAccessKey: root.Secret, Regions: req.Regions}, nil
}

// checkOptInRegions refuses names that are not opt-in Regions, before
// anything is written.
func checkOptInRegions(regions []string) error {
	for _, name := range regions {
		if r, ok := awsdata.Region(name); !ok || !r.OptIn {
			return fmt.Errorf("%q is not an opt-in Region", name)
		}
	}
	return nil
}
