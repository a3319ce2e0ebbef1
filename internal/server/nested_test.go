package server_test

import (
	"context"
	"errors"
	"net/http/httptest"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/smithy-go"

	"github.com/amityhq/amity/internal/amitytest"
	"github.com/amityhq/amity/internal/amitytest/sdkhttp"
	"github.com/amityhq/amity/internal/api/kmsapi"
	"github.com/amityhq/amity/internal/api/stsapi"
	"github.com/amityhq/amity/internal/authz"
	"github.com/amityhq/amity/internal/identity"
	"github.com/amityhq/amity/internal/server"
	"github.com/amityhq/amity/internal/service/iam"
	"github.com/amityhq/amity/internal/service/kms"
	ststsvc "github.com/amityhq/amity/internal/service/sts"
	"github.com/amityhq/amity/internal/store"
	"github.com/amityhq/amity/internal/store/datadir"
)

// nestingSTS is STS whose GetCallerIdentity, like a service acting for
// its caller, writes the store, creates a KMS key through the Caller for
// the caller, and writes again — or, when insideTx is set, breaks the rule
// and calls while holding its transaction.
type nestingSTS struct {
	*ststsvc.Service
	st       store.Store
	kms      kmsapi.Client
	insideTx bool
}

func (s *nestingSTS) GetCallerIdentity(ctx context.Context, in *stsapi.GetCallerIdentityInput) (*stsapi.GetCallerIdentityOutput, error) {
	as := authz.FromContext(ctx).OnBehalf("sts.us-east-1.amazonaws.com", "sts.amazonaws.com")
	note := func(tx store.Tx) error { return tx.Put("nesting", "note", []byte("x")) }
	if s.insideTx {
		err := s.st.Update(ctx, func(tx store.Tx) error {
			_, err := s.kms.CreateKey(ctx, as, &kmsapi.CreateKeyInput{})
			return errors.Join(err, note(tx))
		})
		return nil, err
	}
	if err := s.st.Update(ctx, note); err != nil {
		return nil, err
	}
	if _, err := s.kms.CreateKey(ctx, as, &kmsapi.CreateKeyInput{}); err != nil {
		return nil, err
	}
	if err := s.st.Update(ctx, note); err != nil {
		return nil, err
	}
	return s.Service.GetCallerIdentity(ctx, in)
}

// TestNestedCallsAreLinkedAndCannotDeadlock: a handler calling another
// service through the Caller, between its own transactions, completes;
// the child's event names its parent. A handler calling while holding a
// transaction is refused by the guard before it can deadlock, and leaves
// nothing written.
func TestNestedCallsAreLinkedAndCannotDeadlock(t *testing.T) {
	dir, err := datadir.Open(t.TempDir(), func(string) string { return "" })
	if err != nil {
		t.Fatal(err)
	}
	defer dir.Close()
	guarded := store.Guard(dir.Store)
	ids := identity.New(guarded, dir.Sealer, identity.Options{Convenience: true})
	policies := iam.NewPolicies(guarded)
	az := authz.New(policies, authz.Options{})
	iamSvc := iam.New(guarded, ids, policies, az)
	nesting := &nestingSTS{Service: ststsvc.New(ids, iamSvc, az, dir.Sealer), st: guarded}
	rec := &amitytest.Recorder{}
	stsRoute, err := server.NewRoute(stsapi.Service(nesting), "")
	if err != nil {
		t.Fatal(err)
	}
	kmsRoute, err := server.NewRoute(kmsapi.Service(kms.New(kms.Options{Store: guarded, Sealer: dir.Sealer, Authorizer: az})), "")
	if err != nil {
		t.Fatal(err)
	}
	srv := server.New(server.Options{Identities: ids, Auditor: rec, Routes: []server.Route{stsRoute, kmsRoute}, Transactions: guarded})
	nesting.kms = kmsapi.Client{Caller: srv}
	web := httptest.NewServer(srv)
	defer web.Close()
	client := sts.NewFromConfig(aws.Config{Region: "us-east-1", BaseEndpoint: aws.String(web.URL), RetryMaxAttempts: 1,
		Credentials: credentials.NewStaticCredentialsProvider("111122223333", "test", ""), HTTPClient: sdkhttp.Client()})
	ctx := context.Background()

	if _, err := client.GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{}); err != nil {
		t.Fatal(err)
	}
	parent, child := rec.Last(t, "GetCallerIdentity"), rec.Last(t, "CreateKey")
	if child.ParentID != parent.RequestID || child.RequestID == parent.RequestID || child.Err != nil ||
		child.Request.InvokedBy != "sts.amazonaws.com" || child.Request.Principal.ARN != "arn:aws:iam::111122223333:root" {
		t.Errorf("child event %+v of parent %s", child, parent.RequestID)
	}
	if rs := child.Decisions.Records(); len(rs) != 1 || rs[0].Action != "kms:CreateKey" || !rs[0].Allowed() {
		t.Errorf("child decisions = %+v", rs)
	}

	nesting.insideTx = true
	if err := guarded.Update(ctx, func(tx store.Tx) error { return tx.Delete("nesting", "note") }); err != nil {
		t.Fatal(err)
	}
	_, err = client.GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	var ae smithy.APIError
	if !errors.As(err, &ae) || ae.ErrorCode() != "InternalFailure" {
		t.Fatalf("a call inside a transaction: %v", err)
	}
	if err := guarded.View(ctx, func(tx store.Tx) error {
		if _, err := tx.Get("nesting", "note"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("the refused handler's write was kept: %v", err)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if n := len(rec.Events("CreateKey")); n != 1 {
		t.Errorf("%d CreateKey events: the refused call ran", n)
	}
}
