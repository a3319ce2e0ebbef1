package ec2query_test

import (
	"net/http"
	"testing"

	"github.com/amityhq/amity/internal/api/ec2api"
	"github.com/amityhq/amity/internal/wire/ec2query"
)

// FuzzEC2QueryDecode feeds arbitrary parameters to the served EC2
// operations: flattened lists of structures holding lists, booleans,
// integers, enums. Decoding must never panic, and every refusal must be one
// EC2 defines.
func FuzzEC2QueryDecode(f *testing.F) {
	f.Add("Filter.1.Name=encrypted&Filter.1.Value.1=true&VolumeId.1=vol-1")
	codec := ec2query.New(ec2api.Service(&fakeEC2{}))
	allowed := map[string]bool{
		"InvalidParameterValue": true, "MissingParameter": true, "UnknownParameter": true, "MalformedQueryString": true,
		"InvalidQueryParameter": true,
	}
	f.Fuzz(func(t *testing.T, params string) {
		for _, action := range []string{"CreateVolume", "DescribeVolumes", "DescribeRegions"} {
			body := []byte("Action=" + action + "&Version=2016-11-15&" + params)
			req, _ := http.NewRequest(http.MethodPost, "/", nil)
			op, err := codec.Operation(req, body)
			if err != nil {
				if !allowed[err.Code] && err.Code != "InvalidAction" {
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
