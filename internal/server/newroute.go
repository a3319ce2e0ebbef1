package server

import (
	"fmt"

	"github.com/amityhq/amity/internal/sigv4"
	"github.com/amityhq/amity/internal/wire"
	"github.com/amityhq/amity/internal/wire/codecs"
)

// families maps each wire protocol to how it words authentication errors.
var families = map[wire.Protocol]sigv4.Protocol{
	wire.ProtocolJSON:     sigv4.JSON,
	wire.ProtocolQuery:    sigv4.Query,
	wire.ProtocolEC2:      sigv4.EC2,
	wire.ProtocolRestJSON: sigv4.RestJSON,
}

// NewRoute mounts a generated service with its protocol's codec. A global
// service (IAM) names the one Region its requests are signed for.
func NewRoute(svc *wire.Service, globalRegion string) (Route, error) {
	codec, err := codecs.For(svc)
	if err != nil {
		return Route{}, err
	}
	family, ok := families[svc.Protocol]
	if !ok {
		return Route{}, fmt.Errorf("service %s: no authentication errors for protocol %q", svc.Name, svc.Protocol)
	}
	return Route{Service: svc, Codec: codec, Family: family, GlobalRegion: globalRegion}, nil
}
