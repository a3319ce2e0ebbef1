package awsquery_test

import (
	"net/http"
	"testing"

	"github.com/amityhq/amity/internal/api/iamapi"
	"github.com/amityhq/amity/internal/wire/awsquery"
)

// FuzzQueryDecode feeds arbitrary form parameters to IAM operations with
// strings, integers, booleans, lists of structures and lists of strings.
// Decoding must never panic, and every refusal must be one the protocol or
// the model defines.
func FuzzQueryDecode(f *testing.F) {
	f.Add("UserName=ann&Tags.member.1.Key=k&Tags.member.1.Value=v")
	codec := awsquery.New(iamapi.Service(&fakeIAM{}))
	actions := []string{"CreateUser", "ListUsers", "SimulateCustomPolicy", "UpdateRole", "UntagUser"}
	allowed := map[string]bool{"ValidationError": true, "InvalidParameterValue": true, "MalformedQueryString": true, "InvalidQueryParameter": true}
	f.Fuzz(func(t *testing.T, params string) {
		for _, action := range actions {
			body := []byte("Action=" + action + "&Version=2010-05-08&" + params)
			req, _ := http.NewRequest(http.MethodPost, "/", nil)
			op, err := codec.Operation(req, body)
			if err != nil {
				if !allowed[err.Code] {
					t.Fatalf("%s: unexpected error %v", action, err)
				}
				continue
			}
			in, err := codec.Input(op, req, body)
			switch {
			case err == nil && in == nil:
				t.Fatalf("%s: no input and no error", action)
			case err != nil && !allowed[err.Code]:
				t.Fatalf("%s: unexpected error %v", action, err)
			}
		}
	})
}
