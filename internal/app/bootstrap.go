package app

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"

	"github.com/amityhq/amity/internal/identity"
)

// Bootstrap is a declarative description of accounts amity must have,
// applied at every start (amity serve --bootstrap FILE):
//
//	{"accounts": [{"id": "111122223333", "regions": ["af-south-1"],
//	  "rootAccessKeyId": "AKIAEXAMPLE1", "rootSecretAccessKey": "..."}]}
//
// Applying it is idempotent: existing accounts and keys are kept.
type Bootstrap struct {
	Accounts []BootstrapAccount `json:"accounts"`
}

// BootstrapAccount is one account of a Bootstrap.
type BootstrapAccount struct {
	ID                  string   `json:"id"`
	Regions             []string `json:"regions,omitempty"`
	RootAccessKeyID     string   `json:"rootAccessKeyId,omitempty"`
	RootSecretAccessKey string   `json:"rootSecretAccessKey,omitempty"`
}

// ApplyBootstrap reads the bootstrap file at path and applies it.
func (a *App) ApplyBootstrap(ctx context.Context, path string) error {
	raw, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	var b Bootstrap
	if err := json.Unmarshal(raw, &b); err != nil {
		return fmt.Errorf("bootstrap %s: %w", path, err)
	}
	for _, acct := range b.Accounts {
		if err := a.applyAccount(ctx, acct); err != nil {
			return fmt.Errorf("bootstrap %s: account %s: %w", path, acct.ID, err)
		}
	}
	return nil
}

func (a *App) applyAccount(ctx context.Context, acct BootstrapAccount) error {
	if !identity.IsAccountID(acct.ID) {
		return errors.New("an account id is 12 digits")
	}
	if (acct.RootAccessKeyID == "") != (acct.RootSecretAccessKey == "") {
		return errors.New("rootAccessKeyId and rootSecretAccessKey go together")
	}
	if err := checkOptInRegions(acct.Regions); err != nil {
		return err
	}
	if _, err := a.Identities.EnsureAccount(ctx, acct.ID); err != nil {
		return err
	}
	for _, region := range acct.Regions {
		if err := a.Identities.SetRegionStatus(ctx, acct.ID, region, identity.RegionEnabled); err != nil {
			return err
		}
	}
	if acct.RootAccessKeyID == "" {
		return nil
	}
	c, err := a.Identities.Lookup(ctx, acct.RootAccessKeyID)
	switch {
	case errors.Is(err, identity.ErrUnknownKey):
		return a.Identities.ImportRootKey(ctx, acct.ID, acct.RootAccessKeyID, acct.RootSecretAccessKey)
	case err != nil:
		return err
	case c.Account != acct.ID || c.Kind != identity.KindRoot:
		return fmt.Errorf("access key %s belongs to another principal", acct.RootAccessKeyID)
	}
	return nil
}
