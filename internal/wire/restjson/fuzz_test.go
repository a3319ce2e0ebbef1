package restjson_test

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/amityhq/amity/internal/api/imagebuilderapi"
	"github.com/amityhq/amity/internal/wire/restjson"
)

// FuzzRestJSONDecode feeds arbitrary paths, query strings and bodies to
// Image Builder's routes. Routing and decoding must never panic, and every
// refusal must be one the protocol or the model defines.
func FuzzRestJSONDecode(f *testing.F) {
	f.Add("/GetImage", "imageBuildVersionArn=arn", "")
	codec := restjson.New(imagebuilderapi.Service(&fakeImageBuilder{}))
	allowed := map[string]bool{
		"UnknownOperationException": true, "NotImplemented": true,
		"SerializationException": true, "ValidationException": true,
	}
	f.Fuzz(func(t *testing.T, path, query, body string) {
		for _, method := range []string{http.MethodGet, http.MethodPost, http.MethodPut} {
			u, err := url.Parse("http://localhost" + path)
			if err != nil {
				return
			}
			u.RawQuery = query
			req := &http.Request{Method: method, URL: u, Header: http.Header{}}
			op, aerr := codec.Operation(req, []byte(body))
			if aerr != nil {
				if !allowed[aerr.Code] {
					t.Fatalf("%s %s: unexpected error %v", method, path, aerr)
				}
				continue
			}
			in, aerr := codec.Input(op, req, []byte(body))
			switch {
			case aerr == nil && in == nil:
				t.Fatalf("%s: no input and no error", op.Name)
			case aerr != nil && !allowed[aerr.Code]:
				t.Fatalf("%s: unexpected error %v", op.Name, aerr)
			}
		}
	})
}
