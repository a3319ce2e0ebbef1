package awsjson_test

import (
	"net/http"
	"testing"

	"github.com/amityhq/amity/internal/api/kmsapi"
	"github.com/amityhq/amity/internal/wire/awsjson"
)

// FuzzJSONDecode feeds arbitrary bodies to KMS operations with strings,
// blobs, numbers, maps, lists and nested structures. Decoding must never
// panic, and every refusal must be a serialization or validation error.
func FuzzJSONDecode(f *testing.F) {
	f.Add([]byte(encryptRequest))
	codec := awsjson.New(kmsapi.Service(&fakeKMS{}))
	targets := []string{"Encrypt", "CreateKey", "CreateGrant", "GenerateRandom", "ListKeys"}
	f.Fuzz(func(t *testing.T, body []byte) {
		for _, target := range targets {
			req, _ := http.NewRequest(http.MethodPost, "/", nil)
			req.Header.Set("X-Amz-Target", "TrentService."+target)
			op, err := codec.Operation(req, body)
			if err != nil {
				t.Fatalf("%s: %v", target, err)
			}
			in, err := codec.Input(op, req, body)
			switch {
			case err == nil && in == nil:
				t.Fatalf("%s: no input and no error", target)
			case err != nil && err.Code != "SerializationException" && err.Code != "ValidationException":
				t.Fatalf("%s: unexpected error %v", target, err)
			case err != nil && err.Status != http.StatusBadRequest:
				t.Fatalf("%s: status %d", target, err.Status)
			}
		}
	})
}
