package server_test

import (
	"context"
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/amityhq/amity/internal/amitytest/sdkhttp"
	"github.com/amityhq/amity/internal/api/stsapi"
	"github.com/amityhq/amity/internal/authz"
	"github.com/amityhq/amity/internal/identity"
	"github.com/amityhq/amity/internal/server"
	"github.com/amityhq/amity/internal/service/iam"
	ststsvc "github.com/amityhq/amity/internal/service/sts"
	"github.com/amityhq/amity/internal/sigv4"
	"github.com/amityhq/amity/internal/store/datadir"
	"github.com/amityhq/amity/internal/wire/awsquery"
)

type recorder struct {
	mu     sync.Mutex
	events []server.Event
}

func (r *recorder) Record(_ context.Context, e *server.Event) {
	r.mu.Lock()
	r.events = append(r.events, *e)
	r.mu.Unlock()
}

// TestEveryRequestIsAudited checks the pipeline's last step: a success and
// a refusal both reach the Auditor, with what is known of them.
func TestEveryRequestIsAudited(t *testing.T) {
	dir, err := datadir.Open(t.TempDir(), func(string) string { return "" })
	if err != nil {
		t.Fatal(err)
	}
	defer dir.Close()
	ids := identity.New(dir.Store, dir.Sealer, identity.Options{Convenience: true})
	policies := iam.NewPolicies(dir.Store)
	az := authz.New(policies, authz.Options{})
	iamSvc := iam.New(dir.Store, ids, policies, az)
	svc := stsapi.Service(ststsvc.New(ids, iamSvc, az, dir.Sealer))
	rec := &recorder{}
	srv := httptest.NewServer(server.New(server.Options{Identities: ids, Auditor: rec,
		Routes: []server.Route{{Service: svc, Codec: awsquery.New(svc), Family: sigv4.Query}}}))
	defer srv.Close()
	call := func(secret string) error {
		cfg := aws.Config{Region: "us-east-1", BaseEndpoint: aws.String(srv.URL), RetryMaxAttempts: 1,
			Credentials: credentials.NewStaticCredentialsProvider("111122223333", secret, ""), HTTPClient: sdkhttp.Client()}
		_, err := sts.NewFromConfig(cfg).GetCallerIdentity(context.Background(), &sts.GetCallerIdentityInput{})
		return err
	}
	if err := call("test"); err != nil {
		t.Fatal(err)
	}
	if err := call("wrong"); err == nil {
		t.Fatal("wrong secret accepted")
	}
	if len(rec.events) != 2 {
		t.Fatalf("%d events, want 2", len(rec.events))
	}
	ok, bad := rec.events[0], rec.events[1]
	if ok.Service != "sts" || ok.Operation != "GetCallerIdentity" || ok.Err != nil || ok.Request == nil ||
		ok.Request.Principal.ARN != "arn:aws:iam::111122223333:root" || ok.RequestID == "" {
		t.Errorf("success event = %+v", ok)
	}
	if bad.Err == nil || bad.Err.Code != "SignatureDoesNotMatch" || bad.Request != nil || bad.Service != "sts" {
		t.Errorf("refusal event = %+v", bad)
	}
}
