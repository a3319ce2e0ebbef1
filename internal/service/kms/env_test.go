package kms_test

import (
	"context"
	"errors"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/credentials"
	awskms "github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/smithy-go"

	"github.com/amityhq/amity/internal/amitytest/sdkhttp"
	"github.com/amityhq/amity/internal/api/kmsapi"
	"github.com/amityhq/amity/internal/authz"
	"github.com/amityhq/amity/internal/awserr"
	"github.com/amityhq/amity/internal/identity"
	"github.com/amityhq/amity/internal/policy"
	"github.com/amityhq/amity/internal/server"
	"github.com/amityhq/amity/internal/service/kms"
	"github.com/amityhq/amity/internal/sigv4"
	"github.com/amityhq/amity/internal/store/datadir"
	"github.com/amityhq/amity/internal/wire/awsjson"
)

// env is KMS behind amity's real server (SigV4, the identity registry),
// with IAM replaced by identityPolicies: this package's tests give
// principals their identity policies directly.
type env struct {
	t          testing.TB
	dir        *datadir.Dir
	authorizer *authz.Authorizer
	svc        *kms.Service
	ids        *identity.Registry
	url        string
	clock      *clock
	policies   *identityPolicies
}

const (
	acctA   = "111122223333"
	acctB   = "444455556666"
	regionA = "eu-west-1"
	regionB = "us-east-1"
)

func newEnv(t testing.TB) *env {
	t.Helper()
	dir, err := datadir.Open(t.TempDir(), func(string) string { return "" })
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { dir.Close() })
	c := &clock{}
	ids := identity.New(dir.Store, dir.Sealer, identity.Options{Convenience: true, Now: c.Now})
	src := &identityPolicies{byKey: map[string][]*policy.Policy{}}
	e := &env{t: t, dir: dir, authorizer: authz.New(src, authz.Options{}), ids: ids, clock: c, policies: src}
	e.svc = e.reopen()
	svc := e.svc
	// The server checks signatures against the real time (SDK clients sign
	// with it); only KMS sees the shifted clock.
	handler := server.New(server.Options{Identities: ids, Routes: []server.Route{
		{Service: kmsapi.Service(svc), Codec: awsjson.New(kmsapi.Service(svc)), Family: sigv4.JSON},
	}})
	srv := httptest.NewServer(handler)
	t.Cleanup(srv.Close)
	e.url = srv.URL
	return e
}

// reopen returns a new Service over the env's store: its cache is empty.
func (e *env) reopen() *kms.Service {
	return kms.New(kms.Options{Store: e.dir.Store, Sealer: e.dir.Sealer, Authorizer: e.authorizer, Now: e.clock.Now})
}

// client returns a KMS client signing with the given credentials.
func (e *env) client(accessKeyID, secret, token, region string) *awskms.Client {
	return newClient(e.url, accessKeyID, secret, token, region)
}

func newClient(url, accessKeyID, secret, token, region string) *awskms.Client {
	return awskms.NewFromConfig(aws.Config{
		Region:           region,
		Credentials:      credentials.NewStaticCredentialsProvider(accessKeyID, secret, token),
		BaseEndpoint:     aws.String(url),
		RetryMaxAttempts: 1,
		HTTPClient:       sdkhttp.Client(),
	})
}

// root is the client of an account's root user (convenience credentials).
func (e *env) root(account, region string) *awskms.Client {
	return e.client(account, "test", "", region)
}

// user creates an IAM user's access key with the given identity policies
// and returns its client, and its request for in-process calls.
func (e *env) user(account, region, name string, docs ...string) (*awskms.Client, *authz.Request) {
	e.t.Helper()
	if _, err := e.ids.EnsureAccount(ctx(), account); err != nil {
		e.t.Fatal(err)
	}
	c := e.ids.NewAccessKey(account, identity.KindUser)
	c.UserName, c.UserPath, c.UserID = name, "/", e.ids.UniqueID(identity.PrefixUser)
	if err := e.ids.Save(ctx(), c); err != nil {
		e.t.Fatal(err)
	}
	e.policies.set(account+"/user/"+name, e.t, docs...)
	req := &authz.Request{Credential: c, Principal: c.Principal(), Region: region, Time: e.clock.Now()}
	return e.client(c.AccessKeyID, c.Secret, "", region), req
}

// session is the request of a role session, for in-process calls.
func (e *env) session(account, region, role, name string, docs ...string) *authz.Request {
	e.policies.set(account+"/role/"+role, e.t, docs...)
	c := &identity.Credential{AccessKeyID: "ASIATESTSESSION", Account: account, Kind: identity.KindSession,
		Status: identity.StatusActive, Session: &identity.Session{RoleName: role, RolePath: "/", SessionName: name}}
	return &authz.Request{Credential: c, Principal: c.Principal(), Region: region, Time: e.clock.Now()}
}

// rootRequest is the request of an account's root user, for in-process
// calls.
func (e *env) rootRequest(account, region string) *authz.Request {
	c := &identity.Credential{AccessKeyID: account, Account: account, Kind: identity.KindRoot, Status: identity.StatusActive}
	return &authz.Request{Credential: c, Principal: c.Principal(), Region: region, Time: e.clock.Now()}
}

func withRequest(req *authz.Request) context.Context {
	return authz.WithRequest(context.Background(), req)
}

// identityPolicies is the authorizer's source of identity policies:
// ACCOUNT/user/NAME or ACCOUNT/role/NAME → documents.
type identityPolicies struct {
	mu    sync.Mutex
	byKey map[string][]*policy.Policy
}

func (p *identityPolicies) set(key string, t testing.TB, docs ...string) {
	t.Helper()
	var ps []*policy.Policy
	for _, d := range docs {
		pol, err := policy.Parse(policy.Inline, key, d)
		if err != nil {
			t.Fatalf("identity policy of %s: %v", key, err)
		}
		ps = append(ps, pol)
	}
	p.mu.Lock()
	p.byKey[key] = ps
	p.mu.Unlock()
}

func (p *identityPolicies) IdentityPolicies(_ context.Context, c *identity.Credential) (*authz.IdentityPolicies, error) {
	key := c.Account + "/user/" + c.UserName
	if c.Kind == identity.KindSession {
		key = c.Account + "/role/" + c.Session.RoleName
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	return &authz.IdentityPolicies{Policies: p.byKey[key]}, nil
}

// clock is KMS's time: the real time, shifted by advance.
type clock struct {
	mu     sync.Mutex
	offset time.Duration
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return time.Now().Add(c.offset)
}

func (c *clock) advance(d time.Duration) {
	c.mu.Lock()
	c.offset += d
	c.mu.Unlock()
}

// wantError checks that err is the AWS error code with message (checked
// only when not "-"), over HTTP 400 as KMS sends every error.
func wantError(t testing.TB, err error, code, message string) {
	t.Helper()
	var ae smithy.APIError
	if !errors.As(err, &ae) {
		t.Fatalf("error = %v, want %s", err, code)
	}
	if ae.ErrorCode() != code || (message != "-" && ae.ErrorMessage() != message) {
		t.Fatalf("error = %s: %q\nwant    %s: %q", ae.ErrorCode(), ae.ErrorMessage(), code, message)
	}
	var re *awshttp.ResponseError
	if errors.As(err, &re) && re.HTTPStatusCode() != 400 {
		t.Fatalf("HTTP status = %d, want 400", re.HTTPStatusCode())
	}
}

// wantCode checks an error returned by an in-process call: its code,
// message (unless "-") and HTTP status 400.
func wantCode(t testing.TB, err error, code, message string) {
	t.Helper()
	e, ok := awserr.As(err)
	if !ok {
		t.Fatalf("error = %v, want %s", err, code)
	}
	if e.Code != code || (message != "-" && e.Message != message) || e.Status != 400 {
		t.Fatalf("error = %s (%d): %q\nwant    %s (400): %q", e.Code, e.Status, e.Message, code, message)
	}
}

func ctx() context.Context { return context.Background() }

func errorCode(err error) string {
	var ae smithy.APIError
	if errors.As(err, &ae) {
		return ae.ErrorCode()
	}
	return ""
}

// unmodeledEmpty is how the SDK shows an error outside KMS's model that
// came without a message.
const unmodeledEmpty = "UnknownError"
