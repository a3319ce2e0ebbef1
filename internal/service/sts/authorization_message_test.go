package sts_test

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/amityhq/amity/internal/amitytest"
	"github.com/amityhq/amity/internal/authz"
	"github.com/amityhq/amity/internal/identity"
	"github.com/amityhq/amity/internal/policy"
)

// TestDecodeAuthorizationMessage: what EC2 encodes into an
// UnauthorizedOperation, STS decodes for a caller allowed
// sts:DecodeAuthorizationMessage, and for no one else.
func TestDecodeAuthorizationMessage(t *testing.T) {
	env := amitytest.New(t)
	cred := &identity.Credential{Account: acctA, Kind: identity.KindUser, UserName: "dev", UserID: "AIDAEXAMPLEDEV", UserPath: "/"}
	req := &authz.Request{Credential: cred, Principal: cred.Principal()}
	check := &authz.Check{Action: "ec2:RunInstances", Resource: "arn:aws:ec2:us-east-1:" + acctA + ":instance/*",
		Context: policy.Keys{"ec2:instancetype": {"t3.micro"}}}
	msg := authz.NewAuthorizationMessage(req.PrincipalID(), authz.Record{Principal: req.Principal.ARN, Action: check.Action,
		Resource: check.Resource, Decision: policy.Decision{Effect: policy.ImplicitDeny, By: policy.IdentityBasedPolicy}, Conditions: authz.ConditionsOf(check.Context)})
	encoded, err := authz.EncodeAuthorizationMessage(env.App.Dir.Sealer, msg)
	if err != nil {
		t.Fatal(err)
	}
	out, err := sts.NewFromConfig(env.RootConfig(acctA, "us-east-1")).DecodeAuthorizationMessage(context.Background(),
		&sts.DecodeAuthorizationMessageInput{EncodedMessage: aws.String(encoded)})
	if err != nil {
		t.Fatal(err)
	}
	var decoded authz.AuthorizationMessage
	if err := json.Unmarshal([]byte(*out.DecodedMessage), &decoded); err != nil {
		t.Fatalf("decoded message %s: %v", *out.DecodedMessage, err)
	}
	if decoded.Allowed || decoded.ExplicitDeny || decoded.Context.Action != "ec2:RunInstances" ||
		decoded.Context.Principal.ARN != "arn:aws:iam::"+acctA+":user/dev" || len(decoded.Context.Conditions.Items) != 1 {
		t.Errorf("decoded = %+v", decoded)
	}

	_, err = sts.NewFromConfig(env.NewUser(t, acctA, "us-east-1", "nobody")).DecodeAuthorizationMessage(context.Background(),
		&sts.DecodeAuthorizationMessageInput{EncodedMessage: aws.String(encoded)})
	want := "User: arn:aws:iam::" + acctA + ":user/nobody is not authorized to perform: sts:DecodeAuthorizationMessage on resource: * because no identity-based policy allows the sts:DecodeAuthorizationMessage action"
	if code, msg, _ := apiError(t, err); code != "AccessDenied" || msg != want {
		t.Errorf("without permission: %s %q", code, msg)
	}
	_, err = sts.NewFromConfig(env.RootConfig(acctA, "us-east-1")).DecodeAuthorizationMessage(context.Background(),
		&sts.DecodeAuthorizationMessageInput{EncodedMessage: aws.String("bm90LWFtaXR5")})
	if code, _, _ := apiError(t, err); code != "InvalidAuthorizationMessageException" {
		t.Errorf("a message amity did not encode: %v", err)
	}
}
