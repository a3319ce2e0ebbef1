package iam_test

import (
	"maps"
	"slices"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/iam/types"
)

// statementAt is what a test expects of a matched statement.
type statementAt struct {
	id, typ                              string
	startLine, startCol, endLine, endCol int32
}

func matched(sts []types.Statement) []statementAt {
	out := []statementAt{}
	for _, st := range sts {
		out = append(out, statementAt{aws.ToString(st.SourcePolicyId), string(st.SourcePolicyType),
			st.StartPosition.Line, st.StartPosition.Column, st.EndPosition.Line, st.EndPosition.Column})
	}
	return out
}

// The AWS CLI's simulate-custom-policy example, with its answer.
const cliExamplePolicy = `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"dynamodb:*","Resource":"*","Condition":{"DateGreaterThan":{"aws:CurrentTime":"2018-08-16T12:00:00Z"}}}}`

func TestSimulateResultForAllResources(t *testing.T) {
	e := newEnv(t)
	out := must(e.root(account).SimulateCustomPolicy(ctx, &iam.SimulateCustomPolicyInput{
		PolicyInputList: []string{cliExamplePolicy},
		ActionNames:     []string{"dynamodb:CreateBackup"},
		ContextEntries: []types.ContextEntry{{ContextKeyName: aws.String("aws:CurrentTime"),
			ContextKeyValues: []string{"2019-04-25T11:00:00Z"}, ContextKeyType: types.ContextKeyTypeEnumDate}},
	}))(t)
	r := out.EvaluationResults[0]
	want := []statementAt{{"PolicyInputList.1", "IAM Policy", 1, 38, 1, 167}}
	if r.EvalDecision != types.PolicyEvaluationDecisionTypeAllowed || !slices.Equal(matched(r.MatchedStatements), want) {
		t.Errorf("%s %+v, want allowed %+v", r.EvalDecision, matched(r.MatchedStatements), want)
	}
	// All resources: no details, no per-resource results, the missing
	// keys (none here) on the result.
	if r.EvalDecisionDetails != nil || r.ResourceSpecificResults != nil || r.MissingContextValues == nil ||
		r.PermissionsBoundaryDecisionDetail != nil || r.OrganizationsDecisionDetail != nil || out.IsTruncated {
		t.Errorf("result %+v", r)
	}
}

func TestSimulateResultForResources(t *testing.T) {
	e := newEnv(t)
	root := e.root(account)
	identity := "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\"Effect\": \"Allow\", \"Action\": \"s3:*\", \"Resource\": \"*\"},\n" +
		"    {\"Effect\": \"Allow\", \"Action\": \"s3:GetObject\", \"Resource\": \"*\", \"Condition\": {\"StringEquals\": {\"s3:prefix\": \"a\"}}}\n  ]\n}"
	bucket := `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:DeleteObject","Resource":"arn:aws:s3:::bucket/*"}]}`
	out := must(root.SimulateCustomPolicy(ctx, &iam.SimulateCustomPolicyInput{
		PolicyInputList: []string{identity}, ResourcePolicy: aws.String(bucket),
		CallerArn:    aws.String("arn:aws:iam::111122223333:user/ann"),
		ActionNames:  []string{"s3:GetObject", "s3:DeleteObject"},
		ResourceArns: []string{"arn:aws:s3:::bucket/key"},
	}))(t).EvaluationResults
	get, del := out[0], out[1]
	getWant := []statementAt{{"PolicyInputList.1", "IAM Policy", 4, 6, 4, 59}}
	if get.EvalDecision != types.PolicyEvaluationDecisionTypeAllowed || !slices.Equal(matched(get.MatchedStatements), getWant) {
		t.Errorf("GetObject %s %+v, want %+v", get.EvalDecision, matched(get.MatchedStatements), getWant)
	}
	// Within the account: empty details, one per-resource result holding
	// the missing keys.
	if get.EvalDecisionDetails == nil || len(get.EvalDecisionDetails) != 0 || len(get.MissingContextValues) != 0 ||
		len(get.ResourceSpecificResults) != 1 {
		t.Fatalf("GetObject result %+v", get)
	}
	rs := get.ResourceSpecificResults[0]
	if aws.ToString(rs.EvalResourceName) != "arn:aws:s3:::bucket/key" || rs.EvalResourceDecision != types.PolicyEvaluationDecisionTypeAllowed ||
		!slices.Equal(matched(rs.MatchedStatements), getWant) || len(rs.MissingContextValues) != 1 || rs.MissingContextValues[0] != "s3:prefix" ||
		len(rs.EvalDecisionDetails) != 0 {
		t.Errorf("GetObject on the resource %+v", rs)
	}
	// An explicit deny lists the denying statement and the allowing ones.
	delWant := []statementAt{{"ResourcePolicy", "Resource Policy", 1, 39, 1, 133}, {"PolicyInputList.1", "IAM Policy", 4, 6, 4, 59}}
	if del.EvalDecision != types.PolicyEvaluationDecisionTypeExplicitDeny || !slices.Equal(matched(del.MatchedStatements), delWant) {
		t.Errorf("DeleteObject %s %+v, want %+v", del.EvalDecision, matched(del.MatchedStatements), delWant)
	}

	// Across accounts each side's decision is in the details.
	cross := must(root.SimulateCustomPolicy(ctx, &iam.SimulateCustomPolicyInput{
		PolicyInputList: []string{identity}, ResourcePolicy: aws.String(bucket),
		CallerArn: aws.String("arn:aws:iam::111122223333:user/ann"), ResourceOwner: aws.String("arn:aws:iam::444455556666:root"),
		ActionNames: []string{"s3:GetObject"}, ResourceArns: []string{"arn:aws:s3:::bucket/key"},
	}))(t).EvaluationResults[0]
	wantDetails := map[string]types.PolicyEvaluationDecisionType{"IAM Policy": "allowed", "Resource Policy": "implicitDeny"}
	if cross.EvalDecision != types.PolicyEvaluationDecisionTypeImplicitDeny || !maps.Equal(cross.EvalDecisionDetails, wantDetails) ||
		!maps.Equal(cross.ResourceSpecificResults[0].EvalDecisionDetails, wantDetails) {
		t.Errorf("cross-account %s %v %v", cross.EvalDecision, cross.EvalDecisionDetails, cross.ResourceSpecificResults[0].EvalDecisionDetails)
	}

	_, err := root.SimulateCustomPolicy(ctx, &iam.SimulateCustomPolicyInput{PolicyInputList: []string{identity},
		ActionNames: []string{"kms:Decrypt"}, ResourceArns: []string{"14a050d4-021e-4efe-84bb-0871bf6d0fda"}})
	wantError(t, err, apiError{"InvalidInput", "ResourceNames are not in a valid ARN format: 14a050d4-021e-4efe-84bb-0871bf6d0fda.", 400})
}

func TestSimulatePagination(t *testing.T) {
	e := newEnv(t)
	in := &iam.SimulateCustomPolicyInput{PolicyInputList: []string{cliExamplePolicy},
		ActionNames: []string{"dynamodb:A", "dynamodb:B", "dynamodb:C"}, MaxItems: aws.Int32(2)}
	first := must(e.root(account).SimulateCustomPolicy(ctx, in))(t)
	if len(first.EvaluationResults) != 2 || !first.IsTruncated || first.Marker == nil {
		t.Fatalf("first page: %d results, truncated %v, marker %v", len(first.EvaluationResults), first.IsTruncated, first.Marker)
	}
	in.Marker = first.Marker
	second := must(e.root(account).SimulateCustomPolicy(ctx, in))(t)
	if len(second.EvaluationResults) != 1 || second.IsTruncated || aws.ToString(second.EvaluationResults[0].EvalActionName) != "dynamodb:C" {
		t.Errorf("second page: %+v", second)
	}
}
