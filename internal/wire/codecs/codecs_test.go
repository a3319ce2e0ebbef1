package codecs_test

import (
	"fmt"
	"testing"

	"github.com/amityhq/amity/internal/wire"
	"github.com/amityhq/amity/internal/wire/awsjson"
	"github.com/amityhq/amity/internal/wire/awsquery"
	"github.com/amityhq/amity/internal/wire/codecs"
	"github.com/amityhq/amity/internal/wire/ec2query"
	"github.com/amityhq/amity/internal/wire/restjson"
)

func TestFor(t *testing.T) {
	tests := []struct {
		protocol wire.Protocol
		want     string
	}{
		{wire.ProtocolJSON, fmt.Sprintf("%T", &awsjson.Codec{})},
		{wire.ProtocolQuery, fmt.Sprintf("%T", &awsquery.Codec{})},
		{wire.ProtocolEC2, fmt.Sprintf("%T", &ec2query.Codec{})},
		{wire.ProtocolRestJSON, fmt.Sprintf("%T", &restjson.Codec{})},
	}
	for _, tt := range tests {
		codec, err := codecs.For(wire.NewService(wire.Metadata{Name: "x", Protocol: tt.protocol}, nil))
		if err != nil || fmt.Sprintf("%T", codec) != tt.want {
			t.Errorf("%s: got %T %v", tt.protocol, codec, err)
		}
	}
	if _, err := codecs.For(wire.NewService(wire.Metadata{Name: "x", Protocol: "rest-xml"}, nil)); err == nil {
		t.Error("rest-xml has no codec yet")
	}
}
