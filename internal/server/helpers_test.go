package server_test

import "github.com/amityhq/amity/internal/app"

func appAccount(id string, regions ...string) app.AccountRequest {
	return app.AccountRequest{ID: id, Regions: regions}
}
