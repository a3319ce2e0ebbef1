package app_test

import (
	"context"
	"errors"
	"sync"
	"testing"

	"github.com/amityhq/amity/internal/api/kmsapi"
	"github.com/amityhq/amity/internal/app"
	"github.com/amityhq/amity/internal/authz"
	"github.com/amityhq/amity/internal/awserr"
	"github.com/amityhq/amity/internal/identity"
	"github.com/amityhq/amity/internal/server"
)

type events struct {
	mu   sync.Mutex
	list []server.Event
}

func (e *events) Record(_ context.Context, ev *server.Event) {
	e.mu.Lock()
	e.list = append(e.list, *ev)
	e.mu.Unlock()
}

// TestServiceCallsAreAuthorizedAndRecorded: EC2 asking KMS for a grant on a
// user's behalf (seed 004) goes through Server.Call, which validates,
// authorizes as the user with kms:ViaService and kms:GrantIsForAWSResource,
// and records the call like a customer's.
func TestServiceCallsAreAuthorizedAndRecorded(t *testing.T) {
	ctx := context.Background()
	rec := &events{}
	a, err := app.Open(app.Config{DataDir: t.TempDir(), Auditor: rec, Getenv: func(string) string { return "" }})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	const account = "123456789012"
	if _, err := a.Identities.EnsureAccount(ctx, account); err != nil {
		t.Fatal(err)
	}
	rootCred := &identity.Credential{Account: account, Kind: identity.KindRoot}
	root := &authz.Request{Credential: rootCred, Principal: rootCred.Principal(), Region: "eu-west-1"}
	key, err := authz.CallAs[kmsapi.CreateKeyOutput](ctx, a.Server, root, "kms", "CreateKey", &kmsapi.CreateKeyInput{})
	if err != nil {
		t.Fatal(err)
	}

	// The user "test" of the seed, allowed ec2:* only: IAM would store it;
	// here a credential is enough, with no identity policy.
	user := &identity.Credential{Account: account, Kind: identity.KindUser, UserName: "test", UserID: "AIDAEXAMPLETEST", UserPath: "/"}
	req := (&authz.Request{Credential: user, Principal: user.Principal(), Region: "eu-west-1"}).
		OnBehalf("ec2.eu-west-1.amazonaws.com", "ec2-frontend-api.amazonaws.com")
	grantee := "arn:aws:sts::" + account + ":assumed-role/aws:ec2-infrastructure/i-0123456789abcdef0"
	_, err = a.Server.Call(ctx, req, "kms", "CreateGrant", &kmsapi.CreateGrantInput{KeyId: key.KeyMetadata.Arn,
		GranteePrincipal: &grantee, Operations: []string{"Decrypt"}})
	var ae *awserr.Error
	want := "User: arn:aws:iam::" + account + ":user/test is not authorized to perform: kms:CreateGrant on resource: " +
		*key.KeyMetadata.Arn + " because no identity-based policy allows the kms:CreateGrant action"
	if !errors.As(err, &ae) || ae.Code != "AccessDeniedException" || ae.Message != want {
		t.Fatalf("CreateGrant for the user: %v\nwant AccessDeniedException: %s", err, want)
	}

	// The model still validates internal calls.
	if _, err := a.Server.Call(ctx, req, "kms", "CreateGrant", &kmsapi.CreateGrantInput{KeyId: key.KeyMetadata.Arn}); !errors.As(err, &ae) || ae.Code != "ValidationException" {
		t.Errorf("invalid internal call: %v", err)
	}

	if len(rec.list) != 3 {
		t.Fatalf("%d events recorded, want 3", len(rec.list))
	}
	grant := rec.list[1]
	if grant.Service != "kms" || grant.Operation != "CreateGrant" || grant.Err == nil || grant.Err.Code != "AccessDeniedException" ||
		grant.Request.InvokedBy != "ec2-frontend-api.amazonaws.com" || grant.Request.Principal.ARN != "arn:aws:iam::"+account+":user/test" {
		t.Errorf("recorded event = %+v", grant)
	}
}
