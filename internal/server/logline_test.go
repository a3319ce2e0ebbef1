package server_test

import (
	"context"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"

	"github.com/amityhq/amity/internal/amitytest"
)

const trustEC2 = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}`

// TestRequestLogLine: each request is one line naming who asked what, in
// which account and Region, how it was answered and how fast; a refusal
// says which policy type lacked an allow or which statement denied, and
// a request refused before it was decoded still names its operation.
func TestRequestLogLine(t *testing.T) {
	var log amitytest.Log
	env := amitytest.New(t, amitytest.LogTo(&log))
	ctx := context.Background()
	dev := env.NewUser(t, "111122223333", "us-east-1", "dev")
	createRole := func(cfg aws.Config, name string) {
		_, err := iam.NewFromConfig(cfg).CreateRole(ctx, &iam.CreateRoleInput{RoleName: aws.String(name),
			AssumeRolePolicyDocument: aws.String(trustEC2)})
		if err == nil {
			t.Fatalf("CreateRole %s succeeded", name)
		}
	}
	createRole(dev, "x")
	denier := env.NewUser(t, "111122223333", "us-east-1", "denier",
		`{"Version":"2012-10-17","Statement":[{"Sid":"NoRoles","Effect":"Deny","Action":"iam:CreateRole","Resource":"*"}]}`)
	createRole(denier, "y")
	creds, _ := dev.Credentials.Retrieve(ctx)
	createRole(env.Config(creds.AccessKeyID, "wrong", "", "us-east-1"), "z")

	lines := log.Requests("CreateRole")
	if len(lines) != 3 {
		t.Fatalf("%d CreateRole lines: %v", len(lines), lines)
	}
	want := []map[string]any{{
		"service": "iam", "principal": "arn:aws:iam::111122223333:user/dev", "account": "111122223333", "region": "us-east-1",
		"status": 403.0, "error_code": "AccessDenied",
		"reason": "iam:CreateRole on arn:aws:iam::111122223333:role/x: no identity-based policy allows it",
	}, {
		"principal": "arn:aws:iam::111122223333:user/denier", "status": 403.0, "error_code": "AccessDenied",
		"reason": `iam:CreateRole on arn:aws:iam::111122223333:role/y: denied by statement "NoRoles" of the identity-based policy user/denier inline policy0`,
	}, {
		"service": "iam", "status": 403.0, "error_code": "SignatureDoesNotMatch",
	}}
	for i, w := range want {
		for k, v := range w {
			if lines[i][k] != v {
				t.Errorf("line %d: %s = %v, want %v\n%v", i, k, lines[i][k], v, lines[i])
			}
		}
		if ms, ok := lines[i]["latency_ms"].(float64); !ok || ms < 0 {
			t.Errorf("line %d: latency_ms %v", i, lines[i]["latency_ms"])
		}
	}
	if _, ok := lines[2]["principal"]; ok {
		t.Errorf("a request whose signature failed names a principal: %v", lines[2])
	}
	ok := log.Requests("CreateAccessKey")
	if len(ok) == 0 || ok[0]["status"] != 200.0 || ok[0]["error_code"] != nil || ok[0]["reason"] != nil {
		t.Errorf("a success: %v", ok)
	}
}
