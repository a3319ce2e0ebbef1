package awsjson_test

import (
	"encoding/json"
	"net/http"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/amityhq/amity/internal/api/kmsapi"
	"github.com/amityhq/amity/internal/wire/awsjson"
)

// encryptRequest is a KMS Encrypt body as the SDK sends it.
const encryptRequest = `{"EncryptionAlgorithm":"SYMMETRIC_DEFAULT","EncryptionContext":{"aws:ebs:id":"vol-0894f908458cca170","purpose":"benchmark"},` +
	`"GrantTokens":["AQpAM2RhZTk1MGMyNTk2ZmZmMzEyYWVhOWViN2I1MWM0ZmE2YzM2NTM1ZWNmM2Q"],"KeyId":"arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",` +
	`"Plaintext":"VGhpcyBpcyBhIGRhdGEga2V5IG9mIHRoaXJ0eS10d28gYnl0ZXMhIQ=="}`

// discard is a ResponseWriter that keeps nothing but its headers.
type discard struct{ h http.Header }

func (d *discard) Header() http.Header         { return d.h }
func (d *discard) Write(b []byte) (int, error) { return len(b), nil }
func (d *discard) WriteHeader(int)             {}

var ciphertext = make([]byte, 184)

// BenchmarkEncrypt decodes, validates and answers an Encrypt request with
// the generated code; BenchmarkEncryptEncodingJSON does the decode and
// encode with encoding/json into tagged structs, as a yardstick.
func BenchmarkEncrypt(b *testing.B) {
	codec := awsjson.New(kmsapi.Service(&fakeKMS{}))
	req, _ := http.NewRequest(http.MethodPost, "/", nil)
	req.Header.Set("X-Amz-Target", "TrentService.Encrypt")
	body := []byte(encryptRequest)
	out := &kmsapi.EncryptOutput{
		CiphertextBlob:      ciphertext,
		KeyId:               aws.String("arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"),
		EncryptionAlgorithm: aws.String("SYMMETRIC_DEFAULT"),
	}
	w := &discard{h: http.Header{}}
	b.ReportAllocs()
	for b.Loop() {
		op, err := codec.Operation(req, body)
		if err != nil {
			b.Fatal(err)
		}
		in, err := codec.Input(op, req, body)
		if err != nil {
			b.Fatal(err)
		}
		_ = in.(*kmsapi.EncryptInput)
		codec.EncodeOutput(w, "req-1", op, out)
	}
}

func BenchmarkEncryptEncodingJSON(b *testing.B) {
	type input struct {
		KeyId               *string
		Plaintext           []byte
		EncryptionContext   map[string]string
		GrantTokens         []string
		EncryptionAlgorithm *string
		DryRun              *bool
	}
	type output struct {
		CiphertextBlob      []byte  `json:",omitempty"`
		KeyId               *string `json:",omitempty"`
		EncryptionAlgorithm *string `json:",omitempty"`
	}
	body := []byte(encryptRequest)
	out := &output{CiphertextBlob: ciphertext,
		KeyId:               aws.String("arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"),
		EncryptionAlgorithm: aws.String("SYMMETRIC_DEFAULT")}
	b.ReportAllocs()
	for b.Loop() {
		var in input
		if err := json.Unmarshal(body, &in); err != nil {
			b.Fatal(err)
		}
		if _, err := json.Marshal(out); err != nil {
			b.Fatal(err)
		}
	}
}
