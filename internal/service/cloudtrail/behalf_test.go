package cloudtrail_test

import (
	"context"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsiam "github.com/aws/aws-sdk-go-v2/service/iam"
	awskms "github.com/aws/aws-sdk-go-v2/service/kms"
	awssts "github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/amityhq/amity/internal/amitytest"
	"github.com/amityhq/amity/internal/api/iamapi"
	"github.com/amityhq/amity/internal/api/kmsapi"
	"github.com/amityhq/amity/internal/api/stsapi"
	"github.com/amityhq/amity/internal/authz"
)

const (
	ec2Via   = "ec2." + region + ".amazonaws.com"
	ec2Front = "ec2-frontend-api.amazonaws.com"
	volume   = "vol-0894f908458cca170"
	instance = "i-0c9d812c0cfa2790f"
)

// TestCallsOnACallersBehalf is S6's CloudTrail check: EC2, for a user
// allowed only ec2:*, asks KMS for a grant; the denial is recorded as the
// user's, invoked by EC2, with KMS's message and reason [AWS_TEXTS.md §10,
// the 2026 CreateGrant record]. Once allowed, the grant's record shows
// its id and key, never its token; the instance session's Decrypt is
// recorded as invoked by "AWS Internal", with inScopeOf.
func TestCallsOnACallersBehalf(t *testing.T) {
	env := amitytest.New(t)
	ctx := context.Background()
	root := env.RootConfig(owner, region)
	keyARN := createKey(t, root, &awskms.CreateKeyInput{})
	user := env.NewUser(t, owner, region, "test", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ec2:*","Resource":"*"}]}`)
	creds, _ := user.Credentials.Retrieve(ctx)
	infra := "arn:aws:sts::" + owner + ":assumed-role/aws:ec2-infrastructure/" + instance
	kmsClient := kmsapi.Client{Caller: env.App.Server}
	grant := func() (*kmsapi.CreateGrantOutput, error) {
		return kmsClient.CreateGrant(ctx, env.Request(t, user).OnBehalf(ec2Via, ec2Front), &kmsapi.CreateGrantInput{
			KeyId: aws.String(keyARN), GranteePrincipal: aws.String(infra), Operations: []string{"Decrypt"},
			RetiringPrincipal: aws.String(ec2Via), Constraints: &kmsapi.GrantConstraints{EncryptionContextSubset: map[string]string{"aws:ebs:id": volume}}})
	}
	if _, err := grant(); err == nil {
		t.Fatal("CreateGrant allowed")
	}
	denied := only(t, root, "CreateGrant")
	request := map[string]any{
		"keyId": keyARN, "granteePrincipal": infra, "retiringPrincipal": ec2Via, "operations": []any{"Decrypt"},
		"constraints": map[string]any{"encryptionContextSubset": map[string]any{"aws:ebs:id": volume}},
	}
	want(t, denied.rec, map[string]any{
		"userIdentity.type":        "IAMUser",
		"userIdentity.arn":         "arn:aws:iam::" + owner + ":user/test",
		"userIdentity.accessKeyId": creds.AccessKeyID,
		"userIdentity.invokedBy":   ec2Front,
		"sourceIPAddress":          ec2Front,
		"userAgent":                ec2Front,
		"errorCode":                "AccessDenied",
		"requestParameters":        request,
		"responseElements":         nil,
		"readOnly":                 false,
	})
	seed := "User: arn:aws:iam::" + owner + ":user/test is not authorized to perform: kms:CreateGrant on resource: " + keyARN
	if msg, _ := denied.rec["errorMessage"].(string); msg != seed+" because no identity-based policy allows the kms:CreateGrant action" {
		t.Errorf("errorMessage %q", msg)
	}

	viaEC2 := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"kms:CreateGrant","Resource":"` + keyARN + `",
		"Condition":{"Bool":{"kms:GrantIsForAWSResource":true},"StringEquals":{"kms:ViaService":"` + ec2Via + `"}}}]}`
	if _, err := awsiam.NewFromConfig(root).PutUserPolicy(ctx, &awsiam.PutUserPolicyInput{UserName: aws.String("test"),
		PolicyName: aws.String("grants"), PolicyDocument: aws.String(viaEC2)}); err != nil {
		t.Fatal(err)
	}
	made, err := grant()
	if err != nil {
		t.Fatal(err)
	}
	granted := lookup(t, root, "EventName", "CreateGrant")[0]
	want(t, granted.rec, map[string]any{
		"responseElements": map[string]any{"grantId": *made.GrantId, "keyId": keyARN},
		"errorCode":        nil,
	})
	if strings.Contains(aws.ToString(granted.CloudTrailEvent), *made.GrantToken) {
		t.Error("the grant token is in the record")
	}

	enc, err := kmsClient.Encrypt(ctx, env.Request(t, root), &kmsapi.EncryptInput{KeyId: aws.String(keyARN), Plaintext: []byte("data key"),
		EncryptionContext: map[string]string{"aws:ebs:id": volume}})
	if err != nil {
		t.Fatal(err)
	}
	scope := &authz.Scope{IssuerType: "AWS::EC2::Instance", CredentialsIssuedTo: "arn:aws:ec2:" + region + ":" + owner + ":instance/" + instance}
	session := authz.IdentityOnlySession(owner, "aws:ec2-infrastructure", instance, region, scope, env.Clock.Now())
	if _, err := kmsClient.Decrypt(ctx, session, &kmsapi.DecryptInput{CiphertextBlob: enc.CiphertextBlob,
		EncryptionContext: map[string]string{"aws:ebs:id": volume}}); err != nil {
		t.Fatal(err)
	}
	decrypt := only(t, root, "Decrypt")
	want(t, decrypt.rec, map[string]any{
		"userIdentity.type":                             "AssumedRole",
		"userIdentity.arn":                              infra,
		"userIdentity.accountId":                        owner,
		"userIdentity.invokedBy":                        "AWS Internal",
		"userIdentity.inScopeOf":                        map[string]any{"issuerType": "AWS::EC2::Instance", "credentialsIssuedTo": scope.CredentialsIssuedTo},
		"userIdentity.sessionContext.sessionIssuer.arn": "arn:aws:iam::" + owner + ":role/aws:ec2-infrastructure",
		"sourceIPAddress":                               "AWS Internal",
		"userAgent":                                     "AWS Internal",
		"requestParameters": map[string]any{"encryptionContext": map[string]any{"aws:ebs:id": volume},
			"encryptionAlgorithm": "SYMMETRIC_DEFAULT"},
	})
	if has(decrypt.rec, "userIdentity.accessKeyId") || aws.ToString(decrypt.Username) != instance {
		t.Errorf("identity-only session: %s, Username %q", recordJSON(decrypt.rec), aws.ToString(decrypt.Username))
	}
}

// TestAServiceActingAsItself: a service principal assuming its
// service-linked role is recorded as AWSService in the role's account.
func TestAServiceActingAsItself(t *testing.T) {
	env := amitytest.New(t)
	ctx := context.Background()
	const service = "imagebuilder.amazonaws.com"
	root := env.RootConfig(owner, region)
	// The account comes into being on its root's first signed request.
	if _, err := awssts.NewFromConfig(root).GetCallerIdentity(ctx, &awssts.GetCallerIdentityInput{}); err != nil {
		t.Fatal(err)
	}
	if _, err := (iamapi.Client{Caller: env.App.Server}).CreateServiceLinkedRole(ctx, env.Request(t, root).OnBehalf("imagebuilder."+region+".amazonaws.com", service),
		&iamapi.CreateServiceLinkedRoleInput{AWSServiceName: aws.String(service)}); err != nil {
		t.Fatal(err)
	}
	slr := "arn:aws:iam::" + owner + ":role/aws-service-role/imagebuilder.amazonaws.com/AWSServiceRoleForImageBuilder"
	as := authz.ServiceRequest(service, region, env.Clock.Now())
	if _, err := (stsapi.Client{Caller: env.App.Server}).AssumeRole(ctx, as, &stsapi.AssumeRoleInput{RoleArn: aws.String(slr),
		RoleSessionName: aws.String("Ec2ImageBuilderIntegrationService")}); err != nil {
		t.Fatal(err)
	}
	ev := only(t, root, "AssumeRole")
	want(t, ev.rec, map[string]any{
		"userIdentity":       map[string]any{"type": "AWSService", "invokedBy": service},
		"sourceIPAddress":    service,
		"userAgent":          service,
		"recipientAccountId": owner,
		"resources":          []any{map[string]any{"accountId": owner, "type": "AWS::IAM::Role", "ARN": slr}},
	})
	if s, _ := ev.rec["sharedEventID"].(string); !uuid.MatchString(s) {
		t.Errorf("sharedEventID %v", ev.rec["sharedEventID"])
	}
	// The role the service linked was created on the caller's behalf:
	// the root, invoked by Image Builder.
	want(t, only(t, root, "CreateServiceLinkedRole").rec, map[string]any{
		"userIdentity.type": "Root", "userIdentity.invokedBy": service, "sourceIPAddress": service,
	})
}

// TestKMSAcrossAccounts: a user using another account's key is recorded
// in both accounts; the key's owner sees the calling account.
func TestKMSAcrossAccounts(t *testing.T) {
	env := amitytest.New(t)
	ctx := context.Background()
	keyPolicy := `{"Version":"2012-10-17","Statement":[
		{"Sid":"Owner","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::` + owner + `:root"},"Action":"kms:*","Resource":"*"},
		{"Sid":"Other","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::` + other + `:root"},"Action":"kms:Encrypt","Resource":"*"}]}`
	keyARN := createKey(t, env.RootConfig(owner, region), &awskms.CreateKeyInput{Policy: aws.String(keyPolicy)})
	visitor := env.NewUser(t, other, region, "visitor", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"kms:Encrypt","Resource":"*"}]}`)
	if _, err := awskms.NewFromConfig(visitor).Encrypt(ctx, &awskms.EncryptInput{KeyId: aws.String(keyARN), Plaintext: []byte("x")}); err != nil {
		t.Fatal(err)
	}
	mine := only(t, env.RootConfig(other, region), "Encrypt")
	theirs := only(t, env.RootConfig(owner, region), "Encrypt")
	if mine.rec["sharedEventID"] == nil || mine.rec["sharedEventID"] != theirs.rec["sharedEventID"] {
		t.Errorf("sharedEventID %v / %v", mine.rec["sharedEventID"], theirs.rec["sharedEventID"])
	}
	want(t, mine.rec, map[string]any{"userIdentity.type": "IAMUser", "recipientAccountId": other})
	want(t, theirs.rec, map[string]any{"userIdentity.type": "AWSAccount", "userIdentity.accountId": other, "recipientAccountId": owner})
}
