package record_test

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/amityhq/amity/internal/api/ec2api"
	"github.com/amityhq/amity/internal/api/imagebuilderapi"
	"github.com/amityhq/amity/internal/authz"
	"github.com/amityhq/amity/internal/awserr"
	"github.com/amityhq/amity/internal/identity"
	"github.com/amityhq/amity/internal/service/cloudtrail/record"
	"github.com/amityhq/amity/internal/wire/xmlio"
)

const acct = "111122223333"

var at = time.Date(2026, 5, 18, 5, 25, 7, 0, time.UTC)

func userRequest() authz.Request {
	cred := &identity.Credential{AccessKeyID: "AKIAEXAMPLE", Account: acct, Kind: identity.KindUser, UserName: "dev", UserID: "AIDAEXAMPLE"}
	return authz.Request{Credential: cred, Principal: cred.Principal(), Region: "us-east-1", SourceIP: "192.0.2.1", UserAgent: "aws-cli/2.9.19"}
}

// build returns the one record of c, parsed.
func build(t *testing.T, c *record.Call) map[string]any {
	t.Helper()
	if c.Recipients == nil {
		c.Recipients = []string{acct}
	}
	recs := new(record.Builder).Build(c, []string{"e"})
	if len(recs) != 1 {
		t.Fatalf("%d records", len(recs))
	}
	var m map[string]any
	if err := json.Unmarshal(recs[0].JSON, &m); err != nil {
		t.Fatalf("%v\n%s", err, recs[0].JSON)
	}
	return m
}

func jsonOf(t *testing.T, s string) any {
	t.Helper()
	var v any
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		t.Fatal(err)
	}
	return v
}

// TestEC2Records: EC2's answer is recorded as the XML it sent, requestId
// first, lists as items, times in epoch milliseconds; an answer without
// members as "_return"; errors prefixed by who is at fault.
func TestEC2Records(t *testing.T) {
	size, iops := int32(8), int32(3000)
	out := &ec2api.CreateVolumeOutput{VolumeId: new("vol-0123456789abcdef0"), Size: &size, Iops: &iops, Encrypted: new(true),
		CreateTime: new(at), AvailabilityZone: new("us-east-1a"), Tags: []ec2api.Tag{{Key: new("Name"), Value: new("data")}},
		Attachments: []ec2api.VolumeAttachment{}}
	rec := build(t, &record.Call{RequestID: "r-1", Time: at, Service: "ec2", Operation: "CreateVolume", Request: userRequest(),
		Input: &ec2api.CreateVolumeInput{AvailabilityZone: new("us-east-1a"), Size: &size}, Output: out})
	response := jsonOf(t, `{"requestId":"r-1","volumeId":"vol-0123456789abcdef0","size":8,"availabilityZone":"us-east-1a",
		"createTime":1779081907000,"attachmentSet":{},"encrypted":true,"iops":3000,
		"tagSet":{"items":[{"key":"Name","value":"data"}]}}`)
	got := rec["responseElements"].(map[string]any)
	for k, v := range response.(map[string]any) {
		if !reflect.DeepEqual(got[k], v) {
			t.Errorf("responseElements.%s = %#v, want %#v", k, got[k], v)
		}
	}
	if rec["requestParameters"] == nil || has(rec, "resources") {
		t.Errorf("record %v", rec)
	}

	rec = build(t, &record.Call{RequestID: "r-2", Time: at, Service: "ec2", Operation: "DeleteVolume", Request: userRequest(),
		Output: noOutput{}})
	if want := jsonOf(t, `{"requestId":"r-2","_return":true}`); !reflect.DeepEqual(rec["responseElements"], want) {
		t.Errorf("no output: %v", rec["responseElements"])
	}

	for status, code := range map[int]string{403: "Client.UnauthorizedOperation", 500: "Server.UnauthorizedOperation"} {
		rec = build(t, &record.Call{Time: at, Service: "ec2", Operation: "RunInstances", Request: userRequest(),
			Err: awserr.New("UnauthorizedOperation", status, "You are not authorized to perform this operation.")})
		if rec["errorCode"] != code || rec["responseElements"] != nil {
			t.Errorf("status %d: %v", status, rec)
		}
	}
}

type noOutput struct{}

func (noOutput) EncodeXML(*xmlio.Encoder) {}

func has(m map[string]any, k string) bool { _, ok := m[k]; return ok }

// TestGenericConversion: a service without rules (Image Builder) is
// recorded as its members, lowerCamel in model order, maps by sorted key,
// empty requests and answers as null.
func TestGenericConversion(t *testing.T) {
	in := &imagebuilderapi.CreateImageRecipeInput{Name: new("web"), SemanticVersion: new("1.0.0"), ParentImage: new("ami-1"),
		Tags: map[string]string{"b": "2", "a": "1"}, BlockDeviceMappings: []imagebuilderapi.InstanceBlockDeviceMapping{
			{DeviceName: new("/dev/xvda"), Ebs: &imagebuilderapi.EbsInstanceBlockDeviceSpecification{Encrypted: new(true), KmsKeyId: new("alias/k")}}}}
	recs := new(record.Builder).Build(&record.Call{Time: at, Service: "imagebuilder", Operation: "CreateImageRecipe", Request: userRequest(),
		Input: in, Output: &imagebuilderapi.CreateImageRecipeOutput{}, Recipients: []string{acct}}, []string{"e"})
	raw := string(recs[0].JSON)
	wantParams := `"requestParameters":{"name":"web","semanticVersion":"1.0.0","parentImage":"ami-1",` +
		`"blockDeviceMappings":[{"deviceName":"/dev/xvda","ebs":{"encrypted":true,"kmsKeyId":"alias/k"}}],"tags":{"a":"1","b":"2"}}`
	if !strings.Contains(raw, wantParams) || !strings.Contains(raw, `"responseElements":null`) {
		t.Errorf("record %s\nwant %s", raw, wantParams)
	}
	empty := build(t, &record.Call{Time: at, Service: "imagebuilder", Operation: "ListImages", Request: userRequest(),
		Input: &imagebuilderapi.ListImagesInput{}})
	if !has(empty, "requestParameters") || empty["requestParameters"] != nil {
		t.Errorf("empty request: %v", empty)
	}
	if got := recs[0]; got.Username != "dev" || got.AccessKeyID != "AKIAEXAMPLE" || got.EventSource != "imagebuilder.amazonaws.com" {
		t.Errorf("lookup attributes %+v", got)
	}
}
