// Package codecs picks the codec for a service's protocol, so that a server
// can mount any generated service (internal/api/...) the same way:
//
//	codec, err := codecs.For(kmsapi.Service(kms))
package codecs

import (
	"fmt"

	"github.com/amityhq/amity/internal/wire"
	"github.com/amityhq/amity/internal/wire/awsjson"
	"github.com/amityhq/amity/internal/wire/awsquery"
	"github.com/amityhq/amity/internal/wire/ec2query"
	"github.com/amityhq/amity/internal/wire/restjson"
)

// For returns the codec of svc's protocol.
func For(svc *wire.Service) (wire.Codec, error) {
	switch svc.Protocol {
	case wire.ProtocolJSON:
		return awsjson.New(svc), nil
	case wire.ProtocolQuery:
		return awsquery.New(svc), nil
	case wire.ProtocolEC2:
		return ec2query.New(svc), nil
	case wire.ProtocolRestJSON:
		return restjson.New(svc), nil
	}
	return nil, fmt.Errorf("service %s: no codec for protocol %q", svc.Name, svc.Protocol)
}
