package app

import (
	"github.com/amityhq/amity/internal/api/accountapi"
	"github.com/amityhq/amity/internal/api/iamapi"
	"github.com/amityhq/amity/internal/api/kmsapi"
	"github.com/amityhq/amity/internal/api/stsapi"
	"github.com/amityhq/amity/internal/server"
	"github.com/amityhq/amity/internal/sigv4"
	"github.com/amityhq/amity/internal/wire"
	"github.com/amityhq/amity/internal/wire/awsjson"
	"github.com/amityhq/amity/internal/wire/awsquery"
	"github.com/amityhq/amity/internal/wire/restjson"
)

// routes lists the services amity serves, each with its protocol's codec.
func (a *App) routes() []server.Route {
	return []server.Route{
		queryRoute(iamapi.Service(a.IAM), "us-east-1"),
		queryRoute(stsapi.Service(a.STS), ""),
		restRoute(accountapi.Service(a.Account)),
		jsonRoute(kmsapi.Service(a.KMS)),
	}
}

func queryRoute(svc *wire.Service, globalRegion string) server.Route {
	return server.Route{Service: svc, Codec: awsquery.New(svc), Family: sigv4.Query, GlobalRegion: globalRegion}
}

func jsonRoute(svc *wire.Service) server.Route {
	return server.Route{Service: svc, Codec: awsjson.New(svc), Family: sigv4.JSON}
}

func restRoute(svc *wire.Service) server.Route {
	return server.Route{Service: svc, Codec: restjson.New(svc), Family: sigv4.RestJSON}
}
