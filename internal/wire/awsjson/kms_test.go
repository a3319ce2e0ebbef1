package awsjson_test

import (
	"context"
	"errors"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/kms/types"
	"github.com/aws/smithy-go"

	"github.com/amityhq/amity/internal/api/kmsapi"
	"github.com/amityhq/amity/internal/wire/awsjson"
	"github.com/amityhq/amity/internal/wire/wiretest"
)

// fakeKMS answers what a test sets and records the inputs it got. Methods a
// test does not set panic through the nil embedded API.
type fakeKMS struct {
	kmsapi.API
	encrypt   func(*kmsapi.EncryptInput) (*kmsapi.EncryptOutput, error)
	createKey func(*kmsapi.CreateKeyInput) (*kmsapi.CreateKeyOutput, error)
	tag       func(*kmsapi.TagResourceInput) (*kmsapi.TagResourceOutput, error)
}

func (f *fakeKMS) Encrypt(_ context.Context, in *kmsapi.EncryptInput) (*kmsapi.EncryptOutput, error) {
	return f.encrypt(in)
}

func (f *fakeKMS) CreateKey(_ context.Context, in *kmsapi.CreateKeyInput) (*kmsapi.CreateKeyOutput, error) {
	return f.createKey(in)
}

func (f *fakeKMS) TagResource(_ context.Context, in *kmsapi.TagResourceInput) (*kmsapi.TagResourceOutput, error) {
	return f.tag(in)
}

func newKMS(t *testing.T, fake *fakeKMS) *kms.Client {
	srv := wiretest.Server(t, awsjson.New, kmsapi.Service(fake))
	return kms.NewFromConfig(wiretest.Config(srv))
}

func TestKMSEncryptRoundTrip(t *testing.T) {
	var got *kmsapi.EncryptInput
	fake := &fakeKMS{encrypt: func(in *kmsapi.EncryptInput) (*kmsapi.EncryptOutput, error) {
		got = in
		return &kmsapi.EncryptOutput{
			CiphertextBlob:      []byte{0, 1, 2, 0xff},
			KeyId:               aws.String("arn:aws:kms:us-east-1:111122223333:key/k1"),
			EncryptionAlgorithm: aws.String(kmsapi.EncryptionAlgorithmSpecSymmetricDefault),
		}, nil
	}}
	client := newKMS(t, fake)
	out, err := client.Encrypt(context.Background(), &kms.EncryptInput{
		KeyId:               aws.String("alias/app"),
		Plaintext:           []byte("secret \x00 bytes"),
		EncryptionContext:   map[string]string{"aws:ebs:id": "vol-1", "b": "é\"\\"},
		GrantTokens:         []string{"t1", "t2"},
		EncryptionAlgorithm: types.EncryptionAlgorithmSpecSymmetricDefault,
	})
	if err != nil {
		t.Fatal(err)
	}
	want := &kmsapi.EncryptInput{
		KeyId:               aws.String("alias/app"),
		Plaintext:           []byte("secret \x00 bytes"),
		EncryptionContext:   map[string]string{"aws:ebs:id": "vol-1", "b": "é\"\\"},
		GrantTokens:         []string{"t1", "t2"},
		EncryptionAlgorithm: aws.String("SYMMETRIC_DEFAULT"),
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("decoded input\n got %+v\nwant %+v", got, want)
	}
	if !reflect.DeepEqual(out.CiphertextBlob, []byte{0, 1, 2, 0xff}) ||
		aws.ToString(out.KeyId) != "arn:aws:kms:us-east-1:111122223333:key/k1" ||
		out.EncryptionAlgorithm != types.EncryptionAlgorithmSpecSymmetricDefault {
		t.Errorf("SDK parsed %+v", out)
	}
}

func TestKMSCreateKeyNestedRoundTrip(t *testing.T) {
	created := time.Date(2026, 5, 18, 5, 25, 7, 123e6, time.UTC)
	var got *kmsapi.CreateKeyInput
	fake := &fakeKMS{createKey: func(in *kmsapi.CreateKeyInput) (*kmsapi.CreateKeyOutput, error) {
		got = in
		return &kmsapi.CreateKeyOutput{KeyMetadata: &kmsapi.KeyMetadata{
			KeyId:                aws.String("k1"),
			CreationDate:         &created,
			Enabled:              aws.Bool(true),
			KeySpec:              aws.String(kmsapi.KeySpecSymmetricDefault),
			EncryptionAlgorithms: []string{kmsapi.EncryptionAlgorithmSpecSymmetricDefault},
			MultiRegion:          aws.Bool(false),
			MultiRegionConfiguration: &kmsapi.MultiRegionConfiguration{
				ReplicaKeys: []kmsapi.MultiRegionKey{{Arn: aws.String("arn:r1"), Region: aws.String("eu-west-1")}},
			},
		}}, nil
	}}
	client := newKMS(t, fake)
	out, err := client.CreateKey(context.Background(), &kms.CreateKeyInput{
		Description: aws.String("test key"),
		KeyUsage:    types.KeyUsageTypeEncryptDecrypt,
		Tags:        []types.Tag{{TagKey: aws.String("team"), TagValue: aws.String("")}},
	})
	if err != nil {
		t.Fatal(err)
	}
	want := &kmsapi.CreateKeyInput{
		Description: aws.String("test key"),
		KeyUsage:    aws.String("ENCRYPT_DECRYPT"),
		Tags:        []kmsapi.Tag{{TagKey: aws.String("team"), TagValue: aws.String("")}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("decoded input\n got %+v\nwant %+v", got, want)
	}
	md := out.KeyMetadata
	if md == nil || !md.CreationDate.Equal(created) || !md.Enabled || md.KeySpec != types.KeySpecSymmetricDefault ||
		!reflect.DeepEqual(md.EncryptionAlgorithms, []types.EncryptionAlgorithmSpec{"SYMMETRIC_DEFAULT"}) ||
		len(md.MultiRegionConfiguration.ReplicaKeys) != 1 || aws.ToString(md.MultiRegionConfiguration.ReplicaKeys[0].Region) != "eu-west-1" {
		t.Errorf("SDK parsed %+v", md)
	}
}

// apiError unwraps what the SDK returned into code, message and status.
func apiError(t *testing.T, err error) (code, message string, status int) {
	t.Helper()
	var ae smithy.APIError
	if !errors.As(err, &ae) {
		t.Fatalf("error %v is not an API error", err)
	}
	var re *awshttp.ResponseError
	if !errors.As(err, &re) {
		t.Fatalf("error %v has no HTTP response", err)
	}
	return ae.ErrorCode(), ae.ErrorMessage(), re.HTTPStatusCode()
}

func TestKMSErrorsReachTheSDK(t *testing.T) {
	tests := []struct {
		name        string
		fail        error
		code, msg   string
		status      int
		modeledType any
	}{
		{"modeled exception", kmsapi.NotFoundException("Key 'arn:aws:kms:us-east-1:111122223333:key/k1' does not exist"),
			"NotFoundException", "Key 'arn:aws:kms:us-east-1:111122223333:key/k1' does not exist", 400, &types.NotFoundException{}},
		{"fault exception is 400 on KMS", kmsapi.KMSInternalException("boom"), "KMSInternalException", "boom", 400, &types.KMSInternalException{}},
		{"unmodeled error", kmsapi.AccessDeniedException("User: arn:aws:iam::111122223333:user/u is not authorized to perform: kms:Encrypt"),
			"AccessDeniedException", "User: arn:aws:iam::111122223333:user/u is not authorized to perform: kms:Encrypt", 400, nil},
		{"empty message", kmsapi.InvalidCiphertextException(""), "InvalidCiphertextException", "", 400, &types.InvalidCiphertextException{}},
		{"internal failure", errors.New("disk on fire"), "InternalFailure",
			"The request processing has failed because of an unknown error, exception or failure.", 500, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			client := newKMS(t, &fakeKMS{encrypt: func(*kmsapi.EncryptInput) (*kmsapi.EncryptOutput, error) {
				return nil, tt.fail
			}})
			_, err := client.Encrypt(context.Background(), &kms.EncryptInput{KeyId: aws.String("k"), Plaintext: []byte("x")})
			code, msg, status := apiError(t, err)
			if code != tt.code || msg != tt.msg || status != tt.status {
				t.Errorf("got %s %q %d, want %s %q %d", code, msg, status, tt.code, tt.msg, tt.status)
			}
			if tt.modeledType != nil {
				target := reflect.New(reflect.TypeOf(tt.modeledType)).Interface()
				if !errors.As(err, target) {
					t.Errorf("SDK did not map the error to %T", tt.modeledType)
				}
			}
			var re *awshttp.ResponseError
			if errors.As(err, &re) && !strings.HasPrefix(re.ServiceRequestID(), "req-") {
				t.Errorf("request id %q", re.ServiceRequestID())
			}
		})
	}
}

func TestKMSNotImplemented(t *testing.T) {
	client := newKMS(t, &fakeKMS{})
	_, err := client.ConnectCustomKeyStore(context.Background(), &kms.ConnectCustomKeyStoreInput{CustomKeyStoreId: aws.String("cks-1")})
	code, msg, status := apiError(t, err)
	if code != "NotImplemented" || msg != "amity does not implement kms:ConnectCustomKeyStore yet" || status != 501 {
		t.Errorf("got %s %q %d", code, msg, status)
	}
}

func TestKMSRefusals(t *testing.T) {
	tagKey := strings.Repeat("k", 129)
	tests := []struct {
		name, target, body string
		status             int
		want               string // the response body
	}{
		{"missing required member", "TrentService.Encrypt", `{"Plaintext":"eA=="}`, 400,
			`{"__type":"ValidationException","message":"1 validation error detected: Value null at 'keyId' failed to satisfy constraint: Member must not be null"}`},
		{"sensitive blob too long", "TrentService.Encrypt", `{"KeyId":"k","Plaintext":"` + strings.Repeat("QUFB", 1366) + `"}`, 400,
			`{"__type":"ValidationException","message":"1 validation error detected: Value at 'plaintext' failed to satisfy constraint: Member must have length less than or equal to 4096"}`},
		{"enum and nested list paths", "TrentService.CreateKey",
			`{"KeyUsage":"RANDOM","Tags":[{"TagKey":"ok","TagValue":"v"},{"TagKey":"` + tagKey + `","TagValue":"v"}]}`, 400,
			`{"__type":"ValidationException","message":"2 validation errors detected: ` +
				`Value 'RANDOM' at 'keyUsage' failed to satisfy constraint: Member must satisfy enum value set: [SIGN_VERIFY, ENCRYPT_DECRYPT, GENERATE_VERIFY_MAC, KEY_AGREEMENT]; ` +
				`Value '` + tagKey + `' at 'tags.2.member.tagKey' failed to satisfy constraint: Member must have length less than or equal to 128"}`},
		{"number out of range", "TrentService.GenerateRandom", `{"NumberOfBytes":1025}`, 400,
			`{"__type":"ValidationException","message":"1 validation error detected: Value '1025' at 'numberOfBytes' failed to satisfy constraint: Member must have value less than or equal to 1024"}`},
		{"list element constraint", "TrentService.Encrypt", `{"KeyId":"k","Plaintext":"eA==","GrantTokens":["a",""]}`, 400,
			`{"__type":"ValidationException","message":"1 validation error detected: Value '[a, ]' at 'grantTokens' failed to satisfy constraint: Member must satisfy constraint: [Member must have length less than or equal to 8192, Member must have length greater than or equal to 1]"}`},
		{"wrong JSON type", "TrentService.Encrypt", `{"KeyId":5}`, 400,
			`{"__type":"SerializationException","message":"NUMBER_VALUE can not be converted to a String"}`},
		{"structure where a string belongs", "TrentService.Encrypt", `{"KeyId":{}}`, 400,
			`{"__type":"SerializationException","message":"Start of structure or map found where not expected."}`},
		{"malformed JSON", "TrentService.Encrypt", `{"KeyId":`, 400, `{"__type":"SerializationException"}`},
		{"null document", "TrentService.ListKeys", `null`, 400, `{"__type":"SerializationException"}`},
		{"repeated member", "TrentService.Encrypt", `{"KeyId":"a","Plaintext":"eA==","KeyId":"b"}`, 400, `{"__type":"SerializationException"}`},
		{"repeated map key", "TrentService.Encrypt", `{"KeyId":"a","Plaintext":"eA==","EncryptionContext":{"p":"1","p":"2"}}`, 400,
			`{"__type":"SerializationException"}`},
		{"unknown operation", "TrentService.Frobnicate", `{}`, 400, `{"__type":"UnknownOperationException"}`},
		{"wrong target prefix", "DynamoDB_20120810.Encrypt", `{}`, 400, `{"__type":"UnknownOperationException"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := wiretest.Server(t, awsjson.New, kmsapi.Service(&fakeKMS{}))
			resp, body := wiretest.Do(t, srv, http.MethodPost, "/", http.Header{
				"X-Amz-Target": {tt.target},
				"Content-Type": {"application/x-amz-json-1.1"},
			}, tt.body)
			if resp.StatusCode != tt.status || body != tt.want {
				t.Errorf("got %d %s\nwant %d %s", resp.StatusCode, body, tt.status, tt.want)
			}
			if ct := resp.Header.Get("Content-Type"); ct != "application/x-amz-json-1.1" {
				t.Errorf("Content-Type %q", ct)
			}
			if id := resp.Header.Get("X-Amzn-Requestid"); id != "req-1" {
				t.Errorf("request id %q", id)
			}
		})
	}
}
