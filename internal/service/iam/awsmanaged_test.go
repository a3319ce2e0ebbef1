package iam_test

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/iam/types"

	"github.com/amityhq/amity/internal/awsdata"
)

// TestEveryAWSManagedPolicyWorks attaches each AWS managed policy amity
// ships (the service-role one through its service-linked role) and
// simulates a request with it: a document the engine refused would fail
// every request of the principals it is attached to.
func TestEveryAWSManagedPolicyWorks(t *testing.T) {
	e := newEnv(t)
	root := e.root(account)
	must(root.CreateRole(ctx, &iam.CreateRoleInput{RoleName: aws.String("r"), AssumeRolePolicyDocument: aws.String(trustEC2)}))(t)
	must(root.CreateServiceLinkedRole(ctx, &iam.CreateServiceLinkedRoleInput{AWSServiceName: aws.String("imagebuilder.amazonaws.com")}))(t)
	for _, mp := range awsdata.ManagedPolicies() {
		t.Run(mp.Name, func(t *testing.T) {
			if mp.Path == "/aws-service-role/" {
				// The service-linked role holds it from its creation.
				simulateAs(t, root, "AWSServiceRoleForImageBuilder", "ec2:DescribeImages")
				return
			}
			must(root.AttachRolePolicy(ctx, &iam.AttachRolePolicyInput{RoleName: aws.String("r"), PolicyArn: aws.String(mp.ARN)}))(t)
			simulateAs(t, root, "r", "ec2:DescribeImages") // fails if the document does not compile
			must(root.DetachRolePolicy(ctx, &iam.DetachRolePolicyInput{RoleName: aws.String("r"), PolicyArn: aws.String(mp.ARN)}))(t)
		})
	}
	if d := simulateAs(t, root, "AWSServiceRoleForImageBuilder", "ec2:DescribeImages"); d != types.PolicyEvaluationDecisionTypeAllowed {
		t.Errorf("the Image Builder service-linked role may not ec2:DescribeImages: %s", d)
	}
}

func roleARNOf(t *testing.T, c *iam.Client, name string) string {
	return *must(c.GetRole(ctx, &iam.GetRoleInput{RoleName: aws.String(name)}))(t).Role.Arn
}

func simulateAs(t *testing.T, c *iam.Client, role, action string) types.PolicyEvaluationDecisionType {
	out := must(c.SimulatePrincipalPolicy(ctx, &iam.SimulatePrincipalPolicyInput{
		PolicySourceArn: aws.String(roleARNOf(t, c, role)), ActionNames: []string{action}}))(t)
	return out.EvaluationResults[0].EvalDecision
}
