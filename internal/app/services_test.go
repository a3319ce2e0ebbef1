package app_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsiam "github.com/aws/aws-sdk-go-v2/service/iam"
	awskms "github.com/aws/aws-sdk-go-v2/service/kms"
	awskmstypes "github.com/aws/aws-sdk-go-v2/service/kms/types"
	awssts "github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/amityhq/amity/internal/amitytest"
	"github.com/amityhq/amity/internal/api/iamapi"
	"github.com/amityhq/amity/internal/api/kmsapi"
	"github.com/amityhq/amity/internal/api/stsapi"
	"github.com/amityhq/amity/internal/authz"
	"github.com/amityhq/amity/internal/awserr"
	"github.com/amityhq/amity/internal/policy"
	"github.com/amityhq/amity/internal/server"
)

const (
	owner    = "111122223333"
	other    = "444455556666"
	region   = "us-east-1"
	ec2Via   = "ec2." + region + ".amazonaws.com"
	ec2Front = "ec2-frontend-api.amazonaws.com"
	ebsCtx   = "aws:ebs:id"
)

// world is amity with every event recorded, a customer managed key with
// the default key policy in owner, and the typed clients services use.
type world struct {
	env  *amitytest.Env
	rec  *amitytest.Recorder
	key  string // ARN
	kms  kmsapi.Client
	sts  stsapi.Client
	iam  iamapi.Client
	root aws.Config
}

func newWorld(t *testing.T) *world {
	rec := &amitytest.Recorder{}
	env := amitytest.New(t, amitytest.Audit(rec))
	w := &world{env: env, rec: rec, root: env.RootConfig(owner, region),
		kms: kmsapi.Client{Caller: env.App.Server}, sts: stsapi.Client{Caller: env.App.Server}, iam: iamapi.Client{Caller: env.App.Server}}
	out, err := awskms.NewFromConfig(w.root).CreateKey(context.Background(), &awskms.CreateKeyInput{})
	if err != nil {
		t.Fatal(err)
	}
	w.key = *out.KeyMetadata.Arn
	return w
}

func wantAWSError(t *testing.T, err error, code, message string) {
	t.Helper()
	var ae *awserr.Error
	if !errors.As(err, &ae) || ae.Code != code || ae.Message != message {
		t.Fatalf("error = %v\nwant %s: %s", err, code, message)
	}
}

// wantDenial checks that ev was refused by a kept decision with a trace,
// for the principal and action, and returns that decision.
func wantDenial(t *testing.T, ev *server.Event, principal, action string) authz.Record {
	t.Helper()
	d, ok := ev.Decisions.Denial()
	if !ok || ev.Err == nil {
		t.Fatalf("%s: no denial kept (err %v, decisions %+v)", ev.Operation, ev.Err, ev.Decisions.Records())
	}
	if d.Principal != principal || d.Action != action || d.Trace == nil {
		t.Fatalf("%s: denial = %+v, trace %+v", ev.Operation, d, d.Trace)
	}
	return d
}

// TestServiceOnACallersBehalf is seed 004's path: EC2, for the user,
// creates a grant for an instance's infrastructure session. The user's
// identity policy counts only through the service (kms:ViaService,
// kms:GrantIsForAWSResource); the events are the user's, invoked by EC2.
func TestServiceOnACallersBehalf(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	onlyEC2 := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ec2:*","Resource":"*"}]}`
	user := w.env.NewUser(t, owner, region, "test", onlyEC2)
	userARN := "arn:aws:iam::" + owner + ":user/test"
	infra := "arn:aws:sts::" + owner + ":assumed-role/aws:ec2-infrastructure/i-0123456789abcdef0"
	grant := func() error {
		_, err := w.kms.CreateGrant(ctx, w.env.Request(t, user).OnBehalf(ec2Via, ec2Front), &kmsapi.CreateGrantInput{
			KeyId: aws.String(w.key), GranteePrincipal: aws.String(infra), Operations: []string{"Decrypt"},
			RetiringPrincipal: aws.String(ec2Via), Constraints: &kmsapi.GrantConstraints{EncryptionContextSubset: map[string]string{ebsCtx: "vol-0123456789abcdef0"}}})
		return err
	}
	wantAWSError(t, grant(), "AccessDeniedException", "User: "+userARN+" is not authorized to perform: kms:CreateGrant on resource: "+
		w.key+" because no identity-based policy allows the kms:CreateGrant action")
	ev := w.rec.Last(t, "CreateGrant")
	d := wantDenial(t, ev, userARN, "kms:CreateGrant")
	if !d.Lacking.Has(policy.IdentityBasedPolicy) || ev.Request.InvokedBy != ec2Front || ev.Request.SourceIP != ec2Front ||
		ev.Request.ViaService != ec2Via || ev.ParentID != "" {
		t.Errorf("event = %+v, request %+v", ev, ev.Request)
	}
	if in, ok := ev.Input().(*kmsapi.CreateGrantInput); !ok || *in.GranteePrincipal != infra {
		t.Errorf("input = %#v", ev.Input())
	}

	// The fix of AWS_TEXTS.md correction 1(a): an identity policy allowing
	// CreateGrant only for AWS resources and only through EC2.
	viaEC2 := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"kms:CreateGrant","Resource":"` + w.key + `",
		"Condition":{"Bool":{"kms:GrantIsForAWSResource":true},"StringEquals":{"kms:ViaService":"` + ec2Via + `"}}}]}`
	if _, err := awsiam.NewFromConfig(w.env.RootConfig(owner, region)).PutUserPolicy(ctx, &awsiam.PutUserPolicyInput{
		UserName: aws.String("test"), PolicyName: aws.String("grants"), PolicyDocument: aws.String(viaEC2)}); err != nil {
		t.Fatal(err)
	}
	if err := grant(); err != nil {
		t.Fatalf("CreateGrant through EC2: %v", err)
	}
	allowed := w.rec.Last(t, "CreateGrant").Decisions.Records()
	if len(allowed) != 1 || !allowed[0].Allowed() || allowed[0].By != policy.IdentityBasedPolicy || allowed[0].Sid != "" || allowed[0].Policy == "" {
		t.Errorf("allowed decision = %+v", allowed)
	}
	// The user calling directly is still refused: GrantIsForAWSResource is
	// false and ViaService absent.
	_, err := awskms.NewFromConfig(user).CreateGrant(ctx, &awskms.CreateGrantInput{KeyId: aws.String(w.key),
		GranteePrincipal: aws.String(infra), Operations: []awskmstypes.GrantOperation{awskmstypes.GrantOperationDecrypt}})
	if err == nil || !strings.Contains(err.Error(), "because no identity-based policy allows the kms:CreateGrant action") {
		t.Errorf("direct CreateGrant: %v", err)
	}

	// The instance session decrypts what EBS sealed, through the grant;
	// without the volume's context the grant does not apply.
	enc, err := w.kms.Encrypt(ctx, w.env.Request(t, w.root), &kmsapi.EncryptInput{KeyId: aws.String(w.key), Plaintext: []byte("data key"),
		EncryptionContext: map[string]string{ebsCtx: "vol-0123456789abcdef0"}})
	if err != nil {
		t.Fatal(err)
	}
	session := authz.IdentityOnlySession(owner, "aws:ec2-infrastructure", "i-0123456789abcdef0", region,
		&authz.Scope{IssuerType: "AWS::EC2::Instance", CredentialsIssuedTo: "arn:aws:ec2:" + region + ":" + owner + ":instance/i-0123456789abcdef0"}, w.env.Clock.Now())
	dec, err := w.kms.Decrypt(ctx, session, &kmsapi.DecryptInput{CiphertextBlob: enc.CiphertextBlob,
		EncryptionContext: map[string]string{ebsCtx: "vol-0123456789abcdef0"}})
	if err != nil || string(dec.Plaintext) != "data key" {
		t.Fatalf("Decrypt as the instance: %v, %v", dec, err)
	}
	byGrant := w.rec.Last(t, "Decrypt")
	if rs := byGrant.Decisions.Records(); len(rs) != 1 || rs[0].By != policy.Grant || rs[0].GrantID == "" || rs[0].Principal != infra {
		t.Errorf("Decrypt decision = %+v", rs)
	}
	if out, ok := byGrant.Output().(*kmsapi.DecryptOutput); !ok || out.Plaintext != nil {
		t.Errorf("the recorded output keeps the plaintext: %#v", byGrant.Output())
	}
	_, err = w.kms.Decrypt(ctx, session, &kmsapi.DecryptInput{CiphertextBlob: enc.CiphertextBlob})
	if err == nil {
		t.Fatal("the grant applied without its encryption context")
	}
	refused := wantDenial(t, w.rec.Last(t, "Decrypt"), infra, "kms:Decrypt")
	if len(refused.Trace.Grants) != 1 || !refused.Trace.Grants[0].GranteeMatched || refused.Trace.Grants[0].ConstraintsHeld {
		t.Errorf("grants considered = %+v", refused.Trace.Grants)
	}
}

// TestCalledViaIsVisibleToPolicies: a key policy requiring that DynamoDB
// called on the user's behalf (aws:CalledVia, one of the services AWS
// records there) allows the call through the service and not directly.
func TestCalledViaIsVisibleToPolicies(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	user := w.env.NewUser(t, owner, region, "app")
	keyPolicy := `{"Version":"2012-10-17","Statement":[
		{"Sid":"Admin","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::` + owner + `:root"},"Action":"kms:PutKeyPolicy","Resource":"*"},
		{"Sid":"ThroughDynamoDB","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::` + owner + `:user/app"},"Action":"kms:Encrypt","Resource":"*",
		 "Condition":{"ForAnyValue:StringEquals":{"aws:CalledVia":["dynamodb.amazonaws.com"]}}}]}`
	if _, err := awskms.NewFromConfig(w.root).PutKeyPolicy(ctx, &awskms.PutKeyPolicyInput{KeyId: aws.String(w.key), Policy: aws.String(keyPolicy)}); err != nil {
		t.Fatal(err)
	}
	in := &kmsapi.EncryptInput{KeyId: aws.String(w.key), Plaintext: []byte("x")}
	if _, err := w.kms.Encrypt(ctx, w.env.Request(t, user), in); err == nil {
		t.Fatal("a direct call passed a condition on aws:CalledVia")
	}
	direct := wantDenial(t, w.rec.Last(t, "Encrypt"), "arn:aws:iam::"+owner+":user/app", "kms:Encrypt")
	cond := direct.Trace.Policies[0].Statements[1].Conditions
	if len(cond) != 1 || !strings.EqualFold(cond[0].Key, "aws:CalledVia") || len(cond[0].RequestValues) != 0 || cond[0].Matched {
		t.Errorf("trace of the condition = %+v", cond)
	}
	if _, err := w.kms.Encrypt(ctx, w.env.Request(t, user).OnBehalf("dynamodb."+region+".amazonaws.com", "dynamodb.amazonaws.com"), in); err != nil {
		t.Fatalf("through DynamoDB: %v", err)
	}
}

// TestServicePrincipalAssumesItsServiceLinkedRole: Image Builder creates
// its service-linked role on a caller's behalf (the caller needs
// iam:CreateServiceLinkedRole), then, as imagebuilder.amazonaws.com,
// assumes it through STS's own AssumeRole — the trust policy decides —
// and acts as the role session, whose KMS rights hold only through EC2.
func TestServicePrincipalAssumesItsServiceLinkedRole(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	const service = "imagebuilder.amazonaws.com"
	builder := w.env.NewUser(t, owner, region, "builder")
	create := &iamapi.CreateServiceLinkedRoleInput{AWSServiceName: aws.String(service)}
	_, err := w.iam.CreateServiceLinkedRole(ctx, w.env.Request(t, builder).OnBehalf("imagebuilder."+region+".amazonaws.com", service), create)
	wantAWSError(t, err, "AccessDenied", "User: arn:aws:iam::"+owner+":user/builder is not authorized to perform: iam:CreateServiceLinkedRole on resource: "+
		"arn:aws:iam::"+owner+":role/aws-service-role/imagebuilder.amazonaws.com/AWSServiceRoleForImageBuilder because no identity-based policy allows the iam:CreateServiceLinkedRole action")
	wantDenial(t, w.rec.Last(t, "CreateServiceLinkedRole"), "arn:aws:iam::"+owner+":user/builder", "iam:CreateServiceLinkedRole")
	if _, err := w.iam.CreateServiceLinkedRole(ctx, w.env.Request(t, w.root).OnBehalf("imagebuilder."+region+".amazonaws.com", service), create); err != nil {
		t.Fatal(err)
	}

	slr := "arn:aws:iam::" + owner + ":role/aws-service-role/imagebuilder.amazonaws.com/AWSServiceRoleForImageBuilder"
	image := "arn:aws:imagebuilder:" + region + ":" + owner + ":image/recipe/1.0.0/1"
	svc := authz.ServiceRequest(service, region, w.env.Clock.Now()).ForResource(image, owner)
	out, err := w.sts.AssumeRole(ctx, svc, &stsapi.AssumeRoleInput{RoleArn: aws.String(slr), RoleSessionName: aws.String("Ec2ImageBuilderIntegrationService")})
	if err != nil {
		t.Fatalf("AssumeRole of the service-linked role: %v", err)
	}
	assumed := w.rec.Last(t, "AssumeRole")
	if rs := assumed.Decisions.Records(); len(rs) != 1 || !rs[0].Allowed() || rs[0].By != policy.ResourceBasedPolicy || rs[0].Principal != service {
		t.Errorf("AssumeRole decision = %+v", rs)
	}
	// The model marks the secret sensitive (not the session token, which
	// CloudTrail records): the event keeps what the model allows.
	if ev, ok := assumed.Output().(*stsapi.AssumeRoleOutput); !ok || ev.Credentials.SecretAccessKey != nil || ev.Credentials.AccessKeyId == nil {
		t.Errorf("recorded credentials keep their secrets: %#v", assumed.Output())
	}
	session, err := w.env.App.Server.Session(ctx, *out.Credentials.AccessKeyId, *out.Credentials.SessionToken, region, service)
	if err != nil {
		t.Fatal(err)
	}
	if want := "arn:aws:sts::" + owner + ":assumed-role/AWSServiceRoleForImageBuilder/Ec2ImageBuilderIntegrationService"; session.Principal.ARN != want {
		t.Errorf("session = %s, want %s", session.Principal.ARN, want)
	}
	describe := &kmsapi.DescribeKeyInput{KeyId: aws.String(w.key)}
	if _, err := w.kms.DescribeKey(ctx, session, describe); err == nil {
		t.Error("the role's KMS rights held without EC2 (kms:ViaService)")
	}
	if _, err := w.kms.DescribeKey(ctx, session.OnBehalf(ec2Via, ec2Front), describe); err != nil {
		t.Errorf("DescribeKey through EC2 as the role: %v", err)
	}

	// A role whose trust policy names another service refuses the service.
	trustEC2 := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}`
	if _, err := awsiam.NewFromConfig(w.env.RootConfig(owner, region)).CreateRole(ctx, &awsiam.CreateRoleInput{
		RoleName: aws.String("ec2only"), AssumeRolePolicyDocument: aws.String(trustEC2)}); err != nil {
		t.Fatal(err)
	}
	_, err = w.sts.AssumeRole(ctx, svc, &stsapi.AssumeRoleInput{RoleArn: aws.String("arn:aws:iam::" + owner + ":role/ec2only"), RoleSessionName: aws.String("session")})
	wantAWSError(t, err, "AccessDenied", "User: imagebuilder.amazonaws.com is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::"+owner+":role/ec2only")
	refused := wantDenial(t, w.rec.Last(t, "AssumeRole"), service, "sts:AssumeRole")
	if refused.By != policy.ResourceBasedPolicy {
		t.Errorf("refused by %v", refused.By)
	}
}

// TestDenialsOverHTTPKeepTheirTraces: the decisions of a denied KMS call,
// IAM call and STS AssumeRole made by SDK clients reach the audit event
// with their traces.
func TestDenialsOverHTTPKeepTheirTraces(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	user := w.env.NewUser(t, other, region, "visitor")
	visitor := "arn:aws:iam::" + other + ":user/visitor"
	if _, err := awskms.NewFromConfig(user).Encrypt(ctx, &awskms.EncryptInput{KeyId: aws.String(w.key), Plaintext: []byte("x")}); err == nil {
		t.Fatal("cross-account Encrypt allowed")
	}
	kmsDenial := wantDenial(t, w.rec.Last(t, "Encrypt"), visitor, "kms:Encrypt")
	if kmsDenial.By != policy.ResourceBasedPolicy || kmsDenial.Resource != w.key || kmsDenial.ResourceAccount != owner {
		t.Errorf("KMS denial = %+v", kmsDenial)
	}
	if ev := w.rec.Last(t, "Encrypt"); strings.Join(ev.RecipientAccounts(), ",") != other+","+owner || ev.SharedEventID == "" {
		t.Errorf("cross-account event: recipients %v, shared id %q", ev.RecipientAccounts(), ev.SharedEventID)
	}

	if _, err := awsiam.NewFromConfig(user).CreateRole(ctx, &awsiam.CreateRoleInput{RoleName: aws.String("x"),
		AssumeRolePolicyDocument: aws.String(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}`)}); err == nil {
		t.Fatal("CreateRole allowed")
	}
	if d := wantDenial(t, w.rec.Last(t, "CreateRole"), visitor, "iam:CreateRole"); d.By != policy.IdentityBasedPolicy {
		t.Errorf("IAM denial = %+v", d)
	}

	if _, err := awssts.NewFromConfig(user).AssumeRole(ctx, &awssts.AssumeRoleInput{
		RoleArn: aws.String("arn:aws:iam::" + other + ":role/nothing"), RoleSessionName: aws.String("session")}); err == nil {
		t.Fatal("AssumeRole of a missing role allowed")
	}
	// A role that does not exist is refused like one the caller may not
	// assume; the trust policy of a real one is in the trace.
	if _, err := awsiam.NewFromConfig(w.env.RootConfig(other, region)).CreateRole(ctx, &awsiam.CreateRoleInput{RoleName: aws.String("ops"),
		AssumeRolePolicyDocument: aws.String(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}`)}); err != nil {
		t.Fatal(err)
	}
	if _, err := awssts.NewFromConfig(user).AssumeRole(ctx, &awssts.AssumeRoleInput{
		RoleArn: aws.String("arn:aws:iam::" + other + ":role/ops"), RoleSessionName: aws.String("session")}); err == nil {
		t.Fatal("AssumeRole allowed")
	}
	d := wantDenial(t, w.rec.Last(t, "AssumeRole"), visitor, "sts:AssumeRole")
	if d.Trace.Policies[0].Type != policy.ResourceBasedPolicy || !d.Lacking.Has(policy.ResourceBasedPolicy) {
		t.Errorf("AssumeRole denial = %+v, trace %+v", d, d.Trace)
	}
}

// TestCallAsAnAccountNotYetSeen: a service's call as a principal of an
// account no request has come from is served as AWS serves any account —
// its Regions as AWS sets them up — not refused as a failure of amity's.
func TestCallAsAnAccountNotYetSeen(t *testing.T) {
	w := newWorld(t)
	const unseen = "999988887777"
	as := &authz.Request{Principal: policy.Principal{Type: policy.Root, Account: unseen, ARN: policy.RootARN(unseen)},
		Region: region, Time: time.Now()}
	out, err := w.kms.ListKeys(context.Background(), as, &kmsapi.ListKeysInput{})
	if err != nil || len(out.Keys) != 0 {
		t.Fatalf("ListKeys in an unseen account: %v, %+v", err, out)
	}
	as.Region = "af-south-1"
	_, err = w.kms.ListKeys(context.Background(), as, &kmsapi.ListKeysInput{})
	var ae *awserr.Error
	if !errors.As(err, &ae) || ae.Status == 500 {
		t.Fatalf("an opt-in Region of an unseen account: %v", err)
	}
}
