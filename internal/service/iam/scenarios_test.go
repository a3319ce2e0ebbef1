package iam_test

import (
	"slices"
	"strconv"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/iam/types"
)

// s5Key is the other account's key of S5.
const s5Key = "arn:aws:kms:eu-west-1:444455556666:key/8e3426b8-87b4-434c-ae74-8e63dadf354a"

// kmsKeyUsagePolicy is the identity policy of S5 (seed 002), its Bool
// condition written with cond (true, "true", or something broken).
func kmsKeyUsagePolicy(cond string) string {
	return `{"Version":"2012-10-17","Statement":[
	  {"Sid":"AllowUseOfTheKey","Effect":"Allow","Action":["kms:Encrypt","kms:Decrypt","kms:ReEncrypt*","kms:GenerateDataKey*","kms:DescribeKey"],
	   "Resource":["` + s5Key + `"]},
	  {"Sid":"AllowAttachmentOfPersistentResources","Effect":"Allow","Action":["kms:CreateGrant","kms:ListGrants","kms:RevokeGrant"],
	   "Resource":["` + s5Key + `"],"Condition":` + cond + `}]}`
}

// S5 on IAM's side: the seed's KmsKeyUsagePolicy is accepted with the
// boolean true and with the string "true", policy validation refuses a
// broken one, and the grant statement allows only what an AWS service
// asks for the user.
func TestS5KmsKeyUsagePolicy(t *testing.T) {
	e := newEnv(t)
	root := e.root(account)
	create := func(name, doc string) error {
		_, err := root.CreatePolicy(ctx, &iam.CreatePolicyInput{PolicyName: aws.String(name), PolicyDocument: aws.String(doc)})
		return err
	}
	for i, tc := range []struct {
		name, cond string
		want       *apiError
	}{
		{"boolean true", `{"Bool":{"kms:GrantIsForAWSResource":true}}`, nil},
		{"string true", `{"Bool":{"kms:GrantIsForAWSResource":"true"}}`, nil},
		{"unknown operator", `{"Boolean":{"kms:GrantIsForAWSResource":true}}`,
			&apiError{"MalformedPolicyDocument", "Syntax errors in policy.", 400}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := create("KmsKeyUsagePolicy"+strconv.Itoa(i), kmsKeyUsagePolicy(tc.cond))
			if tc.want == nil {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			wantError(t, err, *tc.want)
		})
	}

	must(root.CreateUser(ctx, &iam.CreateUserInput{UserName: aws.String("launcher")}))(t)
	must(root.PutUserPolicy(ctx, &iam.PutUserPolicyInput{UserName: aws.String("launcher"), PolicyName: aws.String("KmsKeyUsagePolicy"),
		PolicyDocument: aws.String(kmsKeyUsagePolicy(`{"Bool":{"kms:GrantIsForAWSResource":true}}`))}))(t)
	// Across accounts the key policy must allow too: the seed's "Allow
	// attachment of persistent resources", naming this account.
	keyPolicy := `{"Version":"2012-10-17","Statement":[{"Sid":"Allow attachment of persistent resources","Effect":"Allow",
	  "Principal":{"AWS":"arn:aws:iam::` + account + `:root"},"Action":["kms:CreateGrant","kms:ListGrants","kms:RevokeGrant"],"Resource":"*",
	  "Condition":{"Bool":{"kms:GrantIsForAWSResource":"true"}}}]}`
	for _, tc := range []struct {
		name    string
		context []types.ContextEntry
		want    types.PolicyEvaluationDecisionType
	}{
		{"through an AWS service", grantForAWSResource("true"), types.PolicyEvaluationDecisionTypeAllowed},
		{"called directly", grantForAWSResource("false"), types.PolicyEvaluationDecisionTypeImplicitDeny},
		{"without the key", nil, types.PolicyEvaluationDecisionTypeImplicitDeny},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := must(root.SimulatePrincipalPolicy(ctx, &iam.SimulatePrincipalPolicyInput{
				PolicySourceArn: aws.String("arn:aws:iam::" + account + ":user/launcher"), ActionNames: []string{"kms:CreateGrant"},
				ResourceArns: []string{s5Key}, ResourcePolicy: aws.String(keyPolicy), ContextEntries: tc.context}))(t).EvaluationResults[0]
			if r.EvalDecision != tc.want {
				t.Errorf("kms:CreateGrant %s: %s, want %s", tc.name, r.EvalDecision, tc.want)
			}
			// With a resource ARN the missing keys are the resource's.
			if missing := r.ResourceSpecificResults[0].MissingContextValues; tc.context == nil && !slices.Contains(missing, "kms:GrantIsForAWSResource") {
				t.Errorf("MissingContextValues = %v, want kms:GrantIsForAWSResource", missing)
			}
		})
	}
}

// S6 on IAM's side: ec2:* allows every EC2 action and no KMS one; the fix
// allows kms:CreateGrant only through an AWS service.
func TestS6EC2OnlyUser(t *testing.T) {
	e := newEnv(t)
	root := e.root(account)
	must(root.CreateUser(ctx, &iam.CreateUserInput{UserName: aws.String("test")}))(t)
	must(root.PutUserPolicy(ctx, &iam.PutUserPolicyInput{UserName: aws.String("test"), PolicyName: aws.String("ec2"),
		PolicyDocument: allowDoc("ec2:*", "*")}))(t)
	check := func(action string, context []types.ContextEntry, want types.PolicyEvaluationDecisionType) {
		t.Helper()
		if got := simulateUser(t, root, "test", action, context).EvalDecision; got != want {
			t.Errorf("%s with %v: %s, want %s", action, context, got, want)
		}
	}
	check("ec2:StartInstances", nil, types.PolicyEvaluationDecisionTypeAllowed)
	check("kms:CreateGrant", grantForAWSResource("true"), types.PolicyEvaluationDecisionTypeImplicitDeny)

	must(root.PutUserPolicy(ctx, &iam.PutUserPolicyInput{UserName: aws.String("test"), PolicyName: aws.String("grants"),
		PolicyDocument: aws.String(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"kms:CreateGrant","Resource":"*",` +
			`"Condition":{"Bool":{"kms:GrantIsForAWSResource":true}}}]}`)}))(t)
	check("kms:CreateGrant", grantForAWSResource("true"), types.PolicyEvaluationDecisionTypeAllowed)
	check("kms:CreateGrant", grantForAWSResource("false"), types.PolicyEvaluationDecisionTypeImplicitDeny)
}

func grantForAWSResource(value string) []types.ContextEntry {
	return []types.ContextEntry{{ContextKeyName: aws.String("kms:GrantIsForAWSResource"),
		ContextKeyValues: []string{value}, ContextKeyType: types.ContextKeyTypeEnumBoolean}}
}

func simulateUser(t *testing.T, c *iam.Client, user, action string, context []types.ContextEntry) types.EvaluationResult {
	t.Helper()
	return must(c.SimulatePrincipalPolicy(ctx, &iam.SimulatePrincipalPolicyInput{
		PolicySourceArn: aws.String("arn:aws:iam::" + account + ":user/" + user),
		ActionNames:     []string{action}, ContextEntries: context}))(t).EvaluationResults[0]
}
