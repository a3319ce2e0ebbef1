package app

import (
	"github.com/amityhq/amity/internal/api/accountapi"
	"github.com/amityhq/amity/internal/api/cloudtrailapi"
	"github.com/amityhq/amity/internal/api/ec2api"
	"github.com/amityhq/amity/internal/api/iamapi"
	"github.com/amityhq/amity/internal/api/imagebuilderapi"
	"github.com/amityhq/amity/internal/api/kmsapi"
	"github.com/amityhq/amity/internal/api/stsapi"
	"github.com/amityhq/amity/internal/server"
	"github.com/amityhq/amity/internal/wire"
)

// routes mounts the services amity serves, each with its protocol's codec.
func (a *App) routes() ([]server.Route, error) {
	mounts := []struct {
		svc                 *wire.Service
		globalRegion        string
		refusesUserSessions bool
	}{
		{iamapi.Service(a.IAM), "us-east-1", true}, // IAM is global, signed for us-east-1
		{stsapi.Service(a.STS), "", false},
		{accountapi.Service(a.Account), "", false},
		{kmsapi.Service(a.KMS), "", false},
		{ec2api.Service(a.EC2), "", false},
		{imagebuilderapi.Service(a.ImageBuilder), "", false},
		{cloudtrailapi.Service(a.CloudTrail), "", false},
	}
	var routes []server.Route
	for _, m := range mounts {
		rt, err := server.NewRoute(m.svc, m.globalRegion)
		if err != nil {
			return nil, err
		}
		rt.RefusesUserSessions = m.refusesUserSessions
		routes = append(routes, rt)
	}
	return routes, nil
}
