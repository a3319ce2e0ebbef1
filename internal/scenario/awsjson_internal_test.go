package scenario

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	awskms "github.com/aws/aws-sdk-go-v2/service/kms"
	kmstypes "github.com/aws/aws-sdk-go-v2/service/kms/types"
	"github.com/aws/smithy-go"

	"github.com/amityhq/amity/internal/amitytest"
	"github.com/amityhq/amity/internal/api/kmsapi"
)

// TestJSONMembersAreTheGivenOnes: an input is sent with the members
// given — absent pointers, lists and maps left out, as aws-sdk-go-v2
// leaves them —, blobs in base64 and timestamps in epoch seconds.
func TestJSONMembersAreTheGivenOnes(t *testing.T) {
	validTo := time.Unix(1796310245, 250e6)
	in := &kmsapi.ImportKeyMaterialInput{KeyId: aws.String("k"), ImportToken: []byte{1, 2, 3}, ValidTo: &validTo}
	got, err := json.Marshal(jsonMembers(reflect.ValueOf(in)))
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"ImportToken":"AQID","KeyId":"k","ValidTo":1796310245.25}`; string(got) != want {
		t.Fatalf("sent %s, want %s", got, want)
	}
	for in, want := range map[any]string{
		&kmsapi.CreateKeyInput{Tags: []kmsapi.Tag{{TagKey: aws.String("a")}}}:                                         `{"Tags":[{"TagKey":"a"}]}`,
		&kmsapi.EncryptInput{EncryptionContext: map[string]string{"k": "v"}, GrantTokens: []string{}}:                 `{"EncryptionContext":{"k":"v"},"GrantTokens":[]}`,
		&kmsapi.CreateGrantInput{Constraints: &kmsapi.GrantConstraints{}, Operations: []string{"Decrypt", "Encrypt"}}: `{"Constraints":{},"Operations":["Decrypt","Encrypt"]}`,
	} {
		if got, _ := json.Marshal(jsonMembers(reflect.ValueOf(in))); string(got) != want {
			t.Errorf("sent %s, want %s", got, want)
		}
	}
}

// TestTimestampsReadAsText: epoch seconds anywhere in an answer — in a
// list, a map, a nested structure — become RFC 3339 text in UTC, to the
// millisecond, where the output type has a timestamp; other numbers stay.
func TestTimestampsReadAsText(t *testing.T) {
	type nested struct {
		At    *time.Time
		Count *int32
	}
	type answer struct {
		List []nested
		Map  map[string]nested
		One  *nested
	}
	at := json.Number("1796310245.25")
	got, err := timesAsText(reflect.TypeFor[answer](), map[string]any{
		"List": []any{map[string]any{"At": at, "Count": json.Number("3")}},
		"Map":  map[string]any{"k": map[string]any{"At": at}},
		"One":  map[string]any{"At": at, "Unknown": at},
	})
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := json.Marshal(got)
	const text = `"2026-12-03T15:04:05.25Z"`
	if want := `{"List":[{"At":` + text + `,"Count":3}],"Map":{"k":{"At":` + text + `}},"One":{"At":` + text + `,"Unknown":1796310245.25}}`; string(raw) != want {
		t.Fatalf("read %s, want %s", raw, want)
	}
}

// TestKMSCallsAnswerAsTheSDKDoes: through amity's awsJson client a run
// sees what aws-sdk-go-v2's KMS client gave it — an answer's plain values
// (but members the answer leaves out, which the SDK's value-typed enums
// and booleans read as "" or false), a refusal's code, message, text and
// request id —, and a step lacking a required member fails before any
// request, as the SDK's own check made it.
func TestKMSCallsAnswerAsTheSDKDoes(t *testing.T) {
	env := amitytest.New(t)
	cfg := aws.Config{Region: "us-east-1", BaseEndpoint: aws.String(env.URL),
		Credentials: credentials.NewStaticCredentialsProvider("111122223333", "test", "")}
	ctx := context.Background()
	sdk := awskms.NewFromConfig(cfg)
	ours := func(op string, in Input) (any, error) {
		t.Helper()
		o := operations[op]
		input, err := o.prepare(in)
		if err != nil {
			t.Fatal(err)
		}
		out, err := o.call(ctx, cfg, input)
		if err != nil {
			return nil, err
		}
		return outputValue(out)
	}
	theirs := func(out any, err error) any {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		v, err := outputValue(out)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	must := func(v any, err error) any {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return v
	}

	tags := []any{map[string]any{"TagKey": "k", "TagValue": "v"}}
	created := must(ours("kms CreateKey", Input{"Description": "d", "Tags": tags}))
	sameAnswer(t, "CreateKey", created, theirs(sdk.CreateKey(ctx, &awskms.CreateKeyInput{Description: aws.String("d"),
		Tags: []kmstypes.Tag{{TagKey: aws.String("k"), TagValue: aws.String("v")}}})), "KeyId", "Arn", "CreationDate", "CurrentKeyMaterialId")
	id, err := lookup(created, "KeyMetadata.KeyId")
	if err != nil {
		t.Fatal(err)
	}
	key := text(id)
	sameAnswer(t, "DescribeKey", must(ours("kms DescribeKey", Input{"KeyId": key})),
		theirs(sdk.DescribeKey(ctx, &awskms.DescribeKeyInput{KeyId: &key})))
	grantee := "arn:aws:iam::111122223333:root"
	sameAnswer(t, "CreateGrant", must(ours("kms CreateGrant", Input{"KeyId": key, "GranteePrincipal": grantee, "Operations": []any{"Decrypt"}})),
		theirs(sdk.CreateGrant(ctx, &awskms.CreateGrantInput{KeyId: &key, GranteePrincipal: &grantee, Operations: []kmstypes.GrantOperation{"Decrypt"}})),
		"GrantId", "GrantToken")
	sameAnswer(t, "CreateAlias", must(ours("kms CreateAlias", Input{"AliasName": "alias/ours", "TargetKeyId": key})),
		theirs(sdk.CreateAlias(ctx, &awskms.CreateAliasInput{AliasName: aws.String("alias/theirs"), TargetKeyId: &key})))

	_, err = ours("kms DescribeKey", Input{"KeyId": "alias/none"})
	_, sdkErr := sdk.DescribeKey(ctx, &awskms.DescribeKeyInput{KeyId: aws.String("alias/none")})
	var r, sdkR smithy.APIError
	if !errors.As(err, &r) || !errors.As(sdkErr, &sdkR) || r.ErrorCode() != sdkR.ErrorCode() || r.ErrorMessage() != sdkR.ErrorMessage() ||
		r.ErrorCode() != "NotFoundException" || requestID(err) == "" {
		t.Fatalf("refusal %v (request id %q), the SDK's %v", err, requestID(err), sdkErr)
	}
	if got, want := strings.ReplaceAll(err.Error(), requestID(err), "ID"), strings.ReplaceAll(sdkErr.Error(), requestID(sdkErr), "ID"); got != want {
		t.Errorf("refusal's text %q, the SDK's %q", got, want)
	}

	_, err = ours("kms CreateGrant", Input{"KeyId": key, "GranteePrincipal": grantee})
	if err == nil || errors.As(err, &r) || !strings.Contains(err.Error(), "missing required member operations") {
		t.Fatalf("a grant without Operations: %v, want the input refused before a request", err)
	}
}

// sameAnswer fails t unless ours, an answer through amity's client, is
// theirs, aws-sdk-go-v2's: the same members with the same values, but the
// SDK's ResultMetadata, members ours leaves out that the SDK reads as ""
// or false, and the values of members named in differ (read on both).
func sameAnswer(t *testing.T, op string, ours, theirs any, differ ...string) {
	t.Helper()
	var walk func(path string, a, b any)
	walk = func(path string, a, b any) {
		switch b := b.(type) {
		case map[string]any:
			a, _ := a.(map[string]any)
			for k := range a {
				if _, ok := b[k]; !ok {
					t.Errorf("%s: %s%s is in ours only", op, path, k)
				}
			}
			for k, v := range b {
				switch {
				case k == "ResultMetadata" && path == "":
				case a[k] == nil && (v == nil || v == "" || v == false):
				case slices.Contains(differ, k):
					if a[k] == nil || v == nil {
						t.Errorf("%s: %s%s is %v in ours, %v in the SDK's", op, path, k, a[k], v)
					}
				default:
					walk(path+k+".", a[k], v)
				}
			}
		case []any:
			a, _ := a.([]any)
			if len(a) != len(b) {
				t.Errorf("%s: %s has %d elements in ours, %d in the SDK's", op, path, len(a), len(b))
				return
			}
			for i := range b {
				walk(fmt.Sprintf("%s%d.", path, i), a[i], b[i])
			}
		default:
			if !reflect.DeepEqual(a, b) {
				t.Errorf("%s: %s is %v in ours, %v in the SDK's", op, strings.TrimSuffix(path, "."), a, b)
			}
		}
	}
	walk("", ours, theirs)
}
