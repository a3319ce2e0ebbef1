package scenario

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"go.yaml.in/yaml/v3"
)

func input(t *testing.T, src string) Input {
	t.Helper()
	var in Input
	if err := yaml.Unmarshal([]byte(src), &in); err != nil {
		t.Fatal(err)
	}
	return in
}

// TestInputsBecomeSDKInputs: members by AWS's names (or any case), a
// policy document written as YAML becomes JSON text with its Version as
// written, numbers given for strings become text, and the variables are
// expanded — a list saved whole stays a list.
func TestInputsBecomeSDKInputs(t *testing.T) {
	in := input(t, `
UserName: ${user}
policyname: p
PolicyDocument:
  Version: 2012-10-17
  Statement: [{Effect: Allow, Action: "ec2:*", Resource: "${arns}"}]
`)
	vars := map[string]any{"user": "test", "arns": []any{"arn:a", "arn:b"}}
	expanded, err := expand(map[string]any(in), vars)
	if err != nil {
		t.Fatal(err)
	}
	got, err := operations["iam PutUserPolicy"].prepare(expanded.(map[string]any))
	if err != nil {
		t.Fatal(err)
	}
	p := got.(*iam.PutUserPolicyInput)
	want := `{"Statement":[{"Action":"ec2:*","Effect":"Allow","Resource":["arn:a","arn:b"]}],"Version":"2012-10-17"}`
	if *p.UserName != "test" || *p.PolicyName != "p" || *p.PolicyDocument != want {
		t.Errorf("PutUserPolicyInput = %s %s %s", *p.UserName, *p.PolicyName, *p.PolicyDocument)
	}

	run, err := operations["ec2 ModifyImageAttribute"].prepare(input(t, `
ImageId: ami-1
LaunchPermission: {Add: [{UserId: 444455556666}]}
`))
	if err != nil {
		t.Fatal(err)
	}
	if m := run.(*ec2.ModifyImageAttributeInput); *m.LaunchPermission.Add[0].UserId != "444455556666" {
		t.Errorf("UserId = %s", *m.LaunchPermission.Add[0].UserId)
	}
	if _, err := operations["ec2 RunInstances"].prepare(input(t, "MinCount: many")); err == nil {
		t.Error("a string for MinCount was taken")
	}
}

// TestPathsIntoOutputs: members by name, list elements by index, and
// what the output lacks named.
func TestPathsIntoOutputs(t *testing.T) {
	out, err := outputValue(&ec2.DescribeInstancesOutput{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := lookup(out, "Reservations[0].Instances[0].State.Name"); err == nil {
		t.Error("a path into an empty list found a value")
	}
	var v any
	if err := json.Unmarshal([]byte(`{"Reservations":[{"Instances":[{"State":{"Name":"running"},"Tags":[]}]}]}`), &v); err != nil {
		t.Fatal(err)
	}
	for path, want := range map[string]any{
		"Reservations[0].Instances[0].State.Name": "running",
		"Reservations[0].Instances[0].Tags":       []any{},
	} {
		if got, err := lookup(v, path); err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("%s = %v, %v", path, got, err)
		}
	}
	if _, err := lookup(v, "Reservations[1]"); err == nil || err.Error() != "Reservations[1]: the output has 1 elements where the path takes element 1" {
		t.Errorf("Reservations[1]: %v", err)
	}
	if _, err := lookup(v, "Reservations[0].Owner"); err == nil || err.Error() != "Reservations[0].Owner: the output has no Owner" {
		t.Errorf("Owner: %v", err)
	}
}
