package cloudtrail_test

import (
	"context"
	"encoding/json"
	"errors"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsct "github.com/aws/aws-sdk-go-v2/service/cloudtrail"
	cttypes "github.com/aws/aws-sdk-go-v2/service/cloudtrail/types"
	awskms "github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/smithy-go"
)

const (
	owner  = "111122223333"
	other  = "444455556666"
	region = "us-east-1"
)

// event is a record as LookupEvents answered it, with its CloudTrailEvent
// parsed.
type event struct {
	cttypes.Event
	rec map[string]any
}

// lookup returns every record cfg's caller sees in its Region with
// attribute key = value (key "" for all), newest first, through the SDK
// client, page after page.
func lookup(t *testing.T, cfg aws.Config, key cttypes.LookupAttributeKey, value string) []event {
	t.Helper()
	in := &awsct.LookupEventsInput{}
	if key != "" {
		in.LookupAttributes = []cttypes.LookupAttribute{{AttributeKey: key, AttributeValue: aws.String(value)}}
	}
	var out []event
	p := awsct.NewLookupEventsPaginator(awsct.NewFromConfig(cfg), in)
	for p.HasMorePages() {
		page, err := p.NextPage(context.Background())
		if err != nil {
			t.Fatalf("LookupEvents %s=%s: %v", key, value, err)
		}
		for _, ev := range page.Events {
			var rec map[string]any
			if err := json.Unmarshal([]byte(aws.ToString(ev.CloudTrailEvent)), &rec); err != nil {
				t.Fatalf("CloudTrailEvent is not JSON: %v\n%s", err, aws.ToString(ev.CloudTrailEvent))
			}
			out = append(out, event{ev, rec})
		}
	}
	return out
}

// only returns the one record of eventName cfg's caller sees.
func only(t *testing.T, cfg aws.Config, eventName string) event {
	t.Helper()
	evs := lookup(t, cfg, cttypes.LookupAttributeKeyEventName, eventName)
	if len(evs) != 1 {
		t.Fatalf("%d %s records, want 1: %v", len(evs), eventName, evs)
	}
	return evs[0]
}

// get returns the value at a dotted path of a record ("userIdentity.type").
func get(rec map[string]any, path string) any {
	var v any = rec
	for _, k := range strings.Split(path, ".") {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = m[k]
	}
	return v
}

// has reports whether a record has the member at path, even null.
func has(rec map[string]any, path string) bool {
	i := strings.LastIndexByte(path, '.')
	parent := rec
	if i >= 0 {
		p, ok := get(rec, path[:i]).(map[string]any)
		if !ok {
			return false
		}
		parent = p
	}
	_, ok := parent[path[i+1:]]
	return ok
}

// want checks the members of rec at paths.
func want(t *testing.T, rec map[string]any, members map[string]any) {
	t.Helper()
	for path, w := range members {
		if got := get(rec, path); !reflect.DeepEqual(got, w) {
			t.Errorf("%s = %#v, want %#v", path, got, w)
		}
	}
}

// recordJSON re-encodes rec for messages.
func recordJSON(rec map[string]any) string {
	b, _ := json.MarshalIndent(rec, "", "  ")
	return string(b)
}

// uuid matches the ids records carry.
var uuid = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)

// createKey creates a key as cfg's caller and returns its ARN.
func createKey(t testing.TB, cfg aws.Config, in *awskms.CreateKeyInput) string {
	t.Helper()
	out, err := awskms.NewFromConfig(cfg).CreateKey(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	return *out.KeyMetadata.Arn
}

// apiError returns the code and message of an SDK error.
func apiError(t *testing.T, err error) (code, message string) {
	t.Helper()
	var ae smithy.APIError
	if !errors.As(err, &ae) {
		t.Fatalf("error %v is not an AWS API error", err)
	}
	return ae.ErrorCode(), ae.ErrorMessage()
}
