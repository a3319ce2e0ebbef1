package iam_test

import (
	"slices"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/iam/types"
)

func TestSimulatePrincipalPolicy(t *testing.T) {
	e := newEnv(t)
	root := e.root(account)
	must(root.CreateUser(ctx, &iam.CreateUserInput{UserName: aws.String("ann")}))(t)
	must(root.PutUserPolicy(ctx, &iam.PutUserPolicyInput{UserName: aws.String("ann"), PolicyName: aws.String("s3"),
		PolicyDocument: aws.String(`{"Version":"2012-10-17","Statement":[` +
			`{"Effect":"Allow","Action":"s3:*","Resource":"*"},` +
			`{"Effect":"Deny","Action":"s3:DeleteBucket","Resource":"*"},` +
			`{"Effect":"Allow","Action":"ec2:RunInstances","Resource":"*","Condition":{"StringEquals":{"aws:RequestedRegion":"eu-west-1"}}}]}`)}))(t)
	must(root.CreateGroup(ctx, &iam.CreateGroupInput{GroupName: aws.String("readers")}))(t)
	must(root.AddUserToGroup(ctx, &iam.AddUserToGroupInput{GroupName: aws.String("readers"), UserName: aws.String("ann")}))(t)
	must(root.AttachGroupPolicy(ctx, &iam.AttachGroupPolicyInput{GroupName: aws.String("readers"),
		PolicyArn: aws.String("arn:aws:iam::aws:policy/AmazonEC2ReadOnlyAccess")}))(t)

	out := must(root.SimulatePrincipalPolicy(ctx, &iam.SimulatePrincipalPolicyInput{
		PolicySourceArn: aws.String("arn:aws:iam::111122223333:user/ann"),
		ActionNames:     []string{"s3:GetObject", "s3:DeleteBucket", "kms:Decrypt", "ec2:DescribeInstances", "ec2:RunInstances"},
	}))(t)
	want := []struct {
		action   string
		decision types.PolicyEvaluationDecisionType
		source   string
		missing  []string
	}{
		{"s3:GetObject", types.PolicyEvaluationDecisionTypeAllowed, "s3", nil},
		{"s3:DeleteBucket", types.PolicyEvaluationDecisionTypeExplicitDeny, "s3", nil},
		{"kms:Decrypt", types.PolicyEvaluationDecisionTypeImplicitDeny, "", nil},
		{"ec2:DescribeInstances", types.PolicyEvaluationDecisionTypeAllowed, "AmazonEC2ReadOnlyAccess", nil},
		{"ec2:RunInstances", types.PolicyEvaluationDecisionTypeImplicitDeny, "", []string{"aws:RequestedRegion"}},
	}
	if len(out.EvaluationResults) != len(want) {
		t.Fatalf("%d results, want %d", len(out.EvaluationResults), len(want))
	}
	for i, w := range want {
		r := out.EvaluationResults[i]
		if *r.EvalActionName != w.action || r.EvalDecision != w.decision || *r.EvalResourceName != "*" {
			t.Errorf("%s: %s on %s, want %s", w.action, r.EvalDecision, *r.EvalResourceName, w.decision)
		}
		var sources []string
		for _, st := range r.MatchedStatements {
			sources = append(sources, *st.SourcePolicyId)
		}
		if w.source == "" && len(sources) != 0 || w.source != "" && !slices.Contains(sources, w.source) {
			t.Errorf("%s: matched statements from %v, want %q", w.action, sources, w.source)
		}
		if !slices.Equal(r.MissingContextValues, w.missing) && len(r.MissingContextValues)+len(w.missing) > 0 {
			t.Errorf("%s: missing context values %v, want %v", w.action, r.MissingContextValues, w.missing)
		}
	}

	// Context entries stand for the request's condition keys.
	withRegion := must(root.SimulatePrincipalPolicy(ctx, &iam.SimulatePrincipalPolicyInput{
		PolicySourceArn: aws.String("arn:aws:iam::111122223333:user/ann"),
		ActionNames:     []string{"ec2:RunInstances"},
		ContextEntries: []types.ContextEntry{{ContextKeyName: aws.String("aws:RequestedRegion"),
			ContextKeyValues: []string{"eu-west-1"}, ContextKeyType: types.ContextKeyTypeEnumString}},
	}))(t).EvaluationResults[0]
	if withRegion.EvalDecision != types.PolicyEvaluationDecisionTypeAllowed {
		t.Errorf("RunInstances in eu-west-1: %s, want allowed", withRegion.EvalDecision)
	}

	// A boundary passed in limits the user, and the result says so.
	bounded := must(root.SimulatePrincipalPolicy(ctx, &iam.SimulatePrincipalPolicyInput{
		PolicySourceArn:                    aws.String("arn:aws:iam::111122223333:user/ann"),
		ActionNames:                        []string{"s3:GetObject"},
		PermissionsBoundaryPolicyInputList: []string{`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ec2:*","Resource":"*"}]}`},
	}))(t).EvaluationResults[0]
	if bounded.EvalDecision != types.PolicyEvaluationDecisionTypeImplicitDeny || bounded.PermissionsBoundaryDecisionDetail == nil ||
		bounded.PermissionsBoundaryDecisionDetail.AllowedByPermissionsBoundary {
		t.Errorf("s3:GetObject beyond the boundary: %s %+v", bounded.EvalDecision, bounded.PermissionsBoundaryDecisionDetail)
	}

	_, err := root.SimulatePrincipalPolicy(ctx, &iam.SimulatePrincipalPolicyInput{
		PolicySourceArn: aws.String("arn:aws:iam::111122223333:user/nobody"), ActionNames: []string{"s3:GetObject"}})
	wantError(t, err, apiError{"NoSuchEntity", "The user with name nobody cannot be found.", 404})
}

func TestSimulateRoleWithResourcePolicy(t *testing.T) {
	e := newEnv(t)
	root := e.root(account)
	must(root.CreateRole(ctx, &iam.CreateRoleInput{RoleName: aws.String("app"), AssumeRolePolicyDocument: aws.String(trustEC2)}))(t)
	bucketPolicy := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:role/app"},` +
		`"Action":"s3:GetObject","Resource":"arn:aws:s3:::bucket/*"}]}`
	results := must(root.SimulatePrincipalPolicy(ctx, &iam.SimulatePrincipalPolicyInput{
		PolicySourceArn: aws.String("arn:aws:iam::111122223333:role/app"),
		ActionNames:     []string{"s3:GetObject", "s3:PutObject"},
		ResourceArns:    []string{"arn:aws:s3:::bucket/key"},
		ResourcePolicy:  aws.String(bucketPolicy),
	}))(t).EvaluationResults
	if results[0].EvalDecision != types.PolicyEvaluationDecisionTypeAllowed || *results[0].MatchedStatements[0].SourcePolicyId != "ResourcePolicy" ||
		results[0].MatchedStatements[0].SourcePolicyType != "Resource Policy" {
		t.Errorf("GetObject allowed by the bucket policy: %s %+v", results[0].EvalDecision, results[0].MatchedStatements)
	}
	if results[1].EvalDecision != types.PolicyEvaluationDecisionTypeImplicitDeny {
		t.Errorf("PutObject: %s, want implicitDeny", results[1].EvalDecision)
	}
}

func TestSimulateCustomPolicy(t *testing.T) {
	e := newEnv(t)
	root := e.root(account)
	out := must(root.SimulateCustomPolicy(ctx, &iam.SimulateCustomPolicyInput{
		PolicyInputList: []string{`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"kms:Decrypt","Resource":"arn:aws:kms:*:111122223333:key/*"}]}`},
		ActionNames:     []string{"kms:Decrypt"},
		ResourceArns:    []string{"arn:aws:kms:us-east-1:111122223333:key/k1", "arn:aws:kms:us-east-1:444455556666:key/k2"},
	}))(t).EvaluationResults
	if out[0].EvalDecision != types.PolicyEvaluationDecisionTypeAllowed || *out[0].MatchedStatements[0].SourcePolicyId != "PolicyInputList.1" {
		t.Errorf("own key: %s %+v", out[0].EvalDecision, out[0].MatchedStatements)
	}
	if out[1].EvalDecision != types.PolicyEvaluationDecisionTypeImplicitDeny {
		t.Errorf("other account's key: %s, want implicitDeny", out[1].EvalDecision)
	}
	_, err := root.SimulateCustomPolicy(ctx, &iam.SimulateCustomPolicyInput{PolicyInputList: []string{`{"Statement":`},
		ActionNames: []string{"s3:GetObject"}})
	wantError(t, err, apiError{"InvalidInput", "Syntax errors in policy.", 400})
}

// With a CallerArn, SimulatePrincipalPolicy asks as that user with the
// source's policies ("as if Bob had David's policies").
func TestSimulatePrincipalPolicyCallerArn(t *testing.T) {
	e := newEnv(t)
	root := e.root(account)
	must(root.CreateUser(ctx, &iam.CreateUserInput{UserName: aws.String("david")}))(t)
	must(root.PutUserPolicy(ctx, &iam.PutUserPolicyInput{UserName: aws.String("david"), PolicyName: aws.String("home"),
		PolicyDocument: allowDoc("s3:GetObject", "arn:aws:s3:::home/${aws:username}/*")}))(t)
	for _, tc := range []struct {
		caller   *string
		resource string
		want     types.PolicyEvaluationDecisionType
	}{
		{nil, "arn:aws:s3:::home/david/x", types.PolicyEvaluationDecisionTypeAllowed},
		{aws.String("arn:aws:iam::111122223333:user/bob"), "arn:aws:s3:::home/bob/x", types.PolicyEvaluationDecisionTypeAllowed},
		{aws.String("arn:aws:iam::111122223333:user/bob"), "arn:aws:s3:::home/david/x", types.PolicyEvaluationDecisionTypeImplicitDeny},
	} {
		got := must(root.SimulatePrincipalPolicy(ctx, &iam.SimulatePrincipalPolicyInput{
			PolicySourceArn: aws.String("arn:aws:iam::111122223333:user/david"), CallerArn: tc.caller,
			ActionNames: []string{"s3:GetObject"}, ResourceArns: []string{tc.resource}}))(t).EvaluationResults[0]
		if got.EvalDecision != tc.want {
			t.Errorf("caller %v on %s: %s, want %s", aws.ToString(tc.caller), tc.resource, got.EvalDecision, tc.want)
		}
	}
}

// Without a CallerArn, SimulateCustomPolicy's caller has no ARN: a
// condition on aws:PrincipalArn is missing, and a resource policy names
// no one; with one, both see that user.
func TestSimulateCustomPolicyCaller(t *testing.T) {
	e := newEnv(t)
	root := e.root(account)
	identity := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*",` +
		`"Condition":{"StringLike":{"aws:PrincipalArn":"arn:aws:iam::111122223333:user/*"}}}]}`
	bucket := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:user/ann"},` +
		`"Action":"s3:PutObject","Resource":"arn:aws:s3:::bucket/*"}]}`
	for _, tc := range []struct {
		caller        *string
		get, put      types.PolicyEvaluationDecisionType
		missingCaller bool
	}{
		{nil, types.PolicyEvaluationDecisionTypeImplicitDeny, types.PolicyEvaluationDecisionTypeImplicitDeny, true},
		{aws.String("arn:aws:iam::111122223333:user/ann"), types.PolicyEvaluationDecisionTypeAllowed, types.PolicyEvaluationDecisionTypeAllowed, false},
	} {
		out := must(root.SimulateCustomPolicy(ctx, &iam.SimulateCustomPolicyInput{CallerArn: tc.caller,
			PolicyInputList: []string{identity}, ResourcePolicy: aws.String(bucket),
			ActionNames: []string{"s3:GetObject", "s3:PutObject"}, ResourceArns: []string{"arn:aws:s3:::bucket/key"}}))(t).EvaluationResults
		get, put := out[0], out[1]
		if get.EvalDecision != tc.get || put.EvalDecision != tc.put {
			t.Errorf("caller %v: GetObject %s, PutObject %s; want %s, %s", aws.ToString(tc.caller), get.EvalDecision, put.EvalDecision, tc.get, tc.put)
		}
		// With a resource ARN the missing keys are the resource's.
		missingKeys := get.ResourceSpecificResults[0].MissingContextValues
		if missing := slices.Contains(missingKeys, "aws:PrincipalArn"); missing != tc.missingCaller || len(get.MissingContextValues) != 0 {
			t.Errorf("caller %v: MissingContextValues %v, for the resource %v", aws.ToString(tc.caller), get.MissingContextValues, missingKeys)
		}
	}
}
