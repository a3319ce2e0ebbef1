package ec2query_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/amityhq/amity/internal/wire"
	"github.com/amityhq/amity/internal/wire/ec2query"
	"github.com/amityhq/amity/internal/wire/formio"
	"github.com/amityhq/amity/internal/wire/wiretest"
	"github.com/amityhq/amity/internal/wire/xmlio"
)

// deleteInput and deleteOutput stand for a generated operation whose model
// has no output shape, like EC2's DeleteVolume.
type deleteInput struct{ VolumeID *string }

func (s *deleteInput) DecodeQuery(d *formio.Decoder, prefix string) {
	s.VolumeID = d.String(prefix + "VolumeId")
}

func (s *deleteInput) Validate(v *wire.Validator) { v.String("VolumeId", s.VolumeID, true, nil) }

type deleteOutput struct{}

func (*deleteOutput) EncodeXML(*xmlio.Encoder) {}

func TestEC2OperationWithoutOutput(t *testing.T) {
	del := func(context.Context, *deleteInput) (*deleteOutput, error) { return nil, nil }
	svc := wire.NewService(wire.Metadata{Name: "ec2", Protocol: wire.ProtocolEC2, XMLNamespace: "http://ec2.amazonaws.com/doc/2016-11-15/"},
		[]wire.Operation{{Name: "DeleteVolume", NewInput: func() wire.Input { return new(deleteInput) }, Invoke: wire.Invoker(del)}})
	srv := wiretest.Server(t, ec2query.New, svc)
	tests := []struct {
		body, want string
		status     int
	}{
		{"Action=DeleteVolume&Version=2016-11-15&VolumeId=vol-1", `<?xml version="1.0" encoding="UTF-8"?>` + "\n" +
			`<DeleteVolumeResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>req-1</requestId><return>true</return></DeleteVolumeResponse>`, 200},
		{"Action=DeleteVolume&Version=2016-11-15", `<?xml version="1.0" encoding="UTF-8"?>` + "\n" +
			`<Response><Errors><Error><Code>MissingParameter</Code><Message>The request must contain the parameter VolumeId</Message></Error></Errors>` +
			`<RequestID>req-2</RequestID></Response>`, 400},
	}
	for _, tt := range tests {
		resp, body := wiretest.Do(t, srv, http.MethodPost, "/", http.Header{"Content-Type": {"application/x-www-form-urlencoded"}}, tt.body)
		if resp.StatusCode != tt.status || body != tt.want {
			t.Errorf("got %d %s\nwant %d %s", resp.StatusCode, body, tt.status, tt.want)
		}
	}
}
