package cloudtrail_test

import (
	"context"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsiam "github.com/aws/aws-sdk-go-v2/service/iam"
	awskms "github.com/aws/aws-sdk-go-v2/service/kms"
	awssts "github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/amityhq/amity/internal/amitytest"
)

// javaDate is how Coral services write timestamps in requestParameters and
// responseElements.
var javaDate = regexp.MustCompile(`^[A-Z][a-z]{2} \d{1,2}, \d{4}, \d{1,2}:\d{2}:\d{2} [AP]M$`)

// TestKMSEncryptRecord: a user's Encrypt, recorded whole as KMS records
// it: read-only, the algorithm filled in, no plaintext, a null answer,
// the key as a typed resource.
func TestKMSEncryptRecord(t *testing.T) {
	env := amitytest.New(t)
	ctx := context.Background()
	keyARN := createKey(t, env.RootConfig(owner, region), &awskms.CreateKeyInput{})
	user := env.NewUser(t, owner, region, "alice", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"kms:Encrypt","Resource":"*"}]}`)
	creds, _ := user.Credentials.Retrieve(ctx)
	out, err := awskms.NewFromConfig(user).Encrypt(ctx, &awskms.EncryptInput{KeyId: aws.String(keyARN), Plaintext: []byte("x"),
		EncryptionContext: map[string]string{"Department": "Engineering"}})
	if err != nil {
		t.Fatal(err)
	}
	_ = out
	ev := only(t, env.RootConfig(owner, region), "Encrypt")
	rec := ev.rec
	userID := get(rec, "userIdentity.principalId")
	if id, _ := userID.(string); !strings.HasPrefix(id, "AIDA") {
		t.Errorf("principalId %v", userID)
	}
	ua, _ := rec["userAgent"].(string)
	wantRec := map[string]any{
		"eventVersion": "1.11",
		"userIdentity": map[string]any{"type": "IAMUser", "principalId": userID, "arn": "arn:aws:iam::" + owner + ":user/alice",
			"accountId": owner, "accessKeyId": creds.AccessKeyID, "userName": "alice"},
		"eventTime": rec["eventTime"], "eventSource": "kms.amazonaws.com", "eventName": "Encrypt", "awsRegion": region,
		"sourceIPAddress": "127.0.0.1", "userAgent": ua,
		"requestParameters": map[string]any{"keyId": keyARN, "encryptionContext": map[string]any{"Department": "Engineering"},
			"encryptionAlgorithm": "SYMMETRIC_DEFAULT"},
		"responseElements": nil, "requestID": rec["requestID"], "eventID": aws.ToString(ev.EventId), "readOnly": true,
		"resources": []any{map[string]any{"accountId": owner, "type": "AWS::KMS::Key", "ARN": keyARN}},
		"eventType": "AwsApiCall", "managementEvent": true, "recipientAccountId": owner, "eventCategory": "Management",
	}
	if !reflect.DeepEqual(rec, wantRec) {
		t.Errorf("record\n%s\nwant\n%s", recordJSON(rec), recordJSON(wantRec))
	}
	if !strings.HasPrefix(ua, "aws-sdk-go-v2/") || !uuid.MatchString(aws.ToString(ev.EventId)) || !uuid.MatchString(rec["requestID"].(string)) {
		t.Errorf("userAgent %q, eventID %q, requestID %v", ua, aws.ToString(ev.EventId), rec["requestID"])
	}
	at, err := time.Parse(time.RFC3339, rec["eventTime"].(string))
	if err != nil || time.Since(at) > time.Minute || !ev.EventTime.Equal(at) {
		t.Errorf("eventTime %v (LookupEvents says %v)", rec["eventTime"], ev.EventTime)
	}
	// The record's first keys come in AWS's order.
	raw := aws.ToString(ev.CloudTrailEvent)
	if !strings.HasPrefix(raw, `{"eventVersion":"1.11","userIdentity":{"type":"IAMUser",`) ||
		!strings.HasSuffix(raw, `"recipientAccountId":"`+owner+`","eventCategory":"Management"}`) {
		t.Errorf("order: %s", raw)
	}
	// LookupEvents' own fields.
	if aws.ToString(ev.Username) != "alice" || aws.ToString(ev.AccessKeyId) != creds.AccessKeyID || aws.ToString(ev.ReadOnly) != "true" ||
		aws.ToString(ev.EventSource) != "kms.amazonaws.com" || len(ev.Resources) != 1 ||
		aws.ToString(ev.Resources[0].ResourceType) != "AWS::KMS::Key" || aws.ToString(ev.Resources[0].ResourceName) != keyARN {
		t.Errorf("LookupEvents event %+v", ev.Event)
	}
}

// TestKMSDenialAndOtherOperations: a denial is recorded as AccessDenied
// with KMS's message and its reason; CreateKey records the key's metadata
// with Java dates and aWSAccountId; Decrypt no ciphertext.
func TestKMSDenialAndOtherOperations(t *testing.T) {
	env := amitytest.New(t)
	ctx := context.Background()
	root := env.RootConfig(owner, region)
	keyARN := createKey(t, root, &awskms.CreateKeyInput{Description: aws.String("records")})
	created := only(t, root, "CreateKey").rec
	want(t, created, map[string]any{
		"requestParameters":                         map[string]any{"description": "records"},
		"responseElements.keyMetadata.aWSAccountId": owner,
		"responseElements.keyMetadata.arn":          keyARN,
		"responseElements.keyMetadata.keyState":     "Enabled",
		"readOnly":                                  false,
	})
	if d, _ := get(created, "responseElements.keyMetadata.creationDate").(string); !javaDate.MatchString(d) {
		t.Errorf("creationDate %q", d)
	}

	nobody := env.NewUser(t, owner, region, "nobody")
	_, err := awskms.NewFromConfig(nobody).Encrypt(ctx, &awskms.EncryptInput{KeyId: aws.String(keyARN), Plaintext: []byte("x")})
	if code, _ := apiError(t, err); code != "AccessDeniedException" {
		t.Fatalf("Encrypt: %v", err)
	}
	denied := only(t, root, "Encrypt").rec
	want(t, denied, map[string]any{
		"errorCode": "AccessDenied",
		"errorMessage": "User: arn:aws:iam::" + owner + ":user/nobody is not authorized to perform: kms:Encrypt on resource: " +
			keyARN + " because no identity-based policy allows the kms:Encrypt action",
		"responseElements": nil,
		"resources":        []any{map[string]any{"accountId": owner, "type": "AWS::KMS::Key", "ARN": keyARN}},
	})

	enc, err := awskms.NewFromConfig(root).Encrypt(ctx, &awskms.EncryptInput{KeyId: aws.String(keyARN), Plaintext: []byte("y")})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := awskms.NewFromConfig(root).Decrypt(ctx, &awskms.DecryptInput{CiphertextBlob: enc.CiphertextBlob}); err != nil {
		t.Fatal(err)
	}
	decrypt := only(t, root, "Decrypt").rec
	want(t, decrypt, map[string]any{
		"requestParameters": map[string]any{"encryptionAlgorithm": "SYMMETRIC_DEFAULT"},
		"responseElements":  nil, "readOnly": true,
		"userIdentity": map[string]any{"type": "Root", "principalId": owner, "arn": "arn:aws:iam::" + owner + ":root",
			"accountId": owner, "accessKeyId": owner},
	})
	if ev := only(t, root, "Decrypt"); aws.ToString(ev.Username) != "root" {
		t.Errorf("Username %q", aws.ToString(ev.Username))
	}
}

// TestIAMRecords: IAM records name the request's members lowerCamel,
// record the answer of a change with Java dates and no secret, and list
// no resources; LookupEvents names IAM resources by name.
func TestIAMRecords(t *testing.T) {
	env := amitytest.New(t)
	ctx := context.Background()
	root := env.RootConfig(owner, region)
	client := awsiam.NewFromConfig(root)
	if _, err := client.CreateUser(ctx, &awsiam.CreateUserInput{UserName: aws.String("bob"), Path: aws.String("/team/")}); err != nil {
		t.Fatal(err)
	}
	ev := only(t, root, "CreateUser")
	want(t, ev.rec, map[string]any{
		"eventSource":                    "iam.amazonaws.com",
		"awsRegion":                      "us-east-1",
		"requestParameters":              map[string]any{"path": "/team/", "userName": "bob"},
		"responseElements.user.userName": "bob",
		"responseElements.user.arn":      "arn:aws:iam::" + owner + ":user/team/bob",
		"readOnly":                       false,
	})
	if d, _ := get(ev.rec, "responseElements.user.createDate").(string); !javaDate.MatchString(d) {
		t.Errorf("createDate %q", d)
	}
	if has(ev.rec, "resources") || len(ev.Resources) != 1 || aws.ToString(ev.Resources[0].ResourceType) != "AWS::IAM::User" ||
		aws.ToString(ev.Resources[0].ResourceName) != "bob" {
		t.Errorf("resources: record %v, lookup %+v", ev.rec["resources"], ev.Resources)
	}
	if _, err := client.GetUser(ctx, &awsiam.GetUserInput{UserName: aws.String("bob")}); err != nil {
		t.Fatal(err)
	}
	if got := only(t, root, "GetUser").rec; got["responseElements"] != nil || got["readOnly"] != true {
		t.Errorf("a read-only call records no answer: %s", recordJSON(got))
	}
}

// TestAssumeRoleAcrossAccounts: one AssumeRole, a record in each account
// with the same sharedEventID; the caller's account sees the user, the
// role's account only the calling account. The session's own calls
// carry its role as sessionIssuer.
func TestAssumeRoleAcrossAccounts(t *testing.T) {
	env := amitytest.New(t)
	ctx := context.Background()
	roleARN := "arn:aws:iam::" + other + ":role/deploy"
	trust := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::` + owner + `:root"},"Action":"sts:AssumeRole"}]}`
	if _, err := awsiam.NewFromConfig(env.RootConfig(other, region)).CreateRole(ctx, &awsiam.CreateRoleInput{
		RoleName: aws.String("deploy"), AssumeRolePolicyDocument: aws.String(trust)}); err != nil {
		t.Fatal(err)
	}
	dev := env.NewUser(t, owner, region, "dev", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"`+roleARN+`"}]}`)
	assumed, err := awssts.NewFromConfig(dev).AssumeRole(ctx, &awssts.AssumeRoleInput{RoleArn: aws.String(roleARN), RoleSessionName: aws.String("ci")})
	if err != nil {
		t.Fatal(err)
	}
	mine := only(t, env.RootConfig(owner, region), "AssumeRole")
	theirs := only(t, env.RootConfig(other, region), "AssumeRole")
	shared := mine.rec["sharedEventID"]
	if s, _ := shared.(string); !uuid.MatchString(s) || theirs.rec["sharedEventID"] != shared ||
		mine.rec["eventID"] == theirs.rec["eventID"] || mine.rec["requestID"] != theirs.rec["requestID"] {
		t.Errorf("shared %v / %v, event ids %v / %v", shared, theirs.rec["sharedEventID"], mine.rec["eventID"], theirs.rec["eventID"])
	}
	devID := get(mine.rec, "userIdentity.principalId")
	resources := []any{map[string]any{"accountId": other, "type": "AWS::IAM::Role", "ARN": roleARN}}
	want(t, mine.rec, map[string]any{
		"userIdentity.type": "IAMUser", "userIdentity.userName": "dev", "recipientAccountId": owner, "readOnly": true,
		"resources":         resources,
		"requestParameters": map[string]any{"roleArn": roleARN, "roleSessionName": "ci"},
		"responseElements.credentials.accessKeyId":     *assumed.Credentials.AccessKeyId,
		"responseElements.credentials.sessionToken":    *assumed.Credentials.SessionToken,
		"responseElements.assumedRoleUser.arn":         "arn:aws:sts::" + other + ":assumed-role/deploy/ci",
		"responseElements.credentials.secretAccessKey": nil,
	})
	want(t, theirs.rec, map[string]any{
		"userIdentity":       map[string]any{"type": "AWSAccount", "principalId": devID, "accountId": owner},
		"recipientAccountId": other, "resources": resources, "requestParameters": mine.rec["requestParameters"],
	})
	if theirs.Username != nil || theirs.AccessKeyId != nil {
		t.Errorf("the role's account learns the user: %+v", theirs.Event)
	}
	if d, _ := get(mine.rec, "responseElements.credentials.expiration").(string); !javaDate.MatchString(d) {
		t.Errorf("expiration %q", d)
	}

	session := env.Config(*assumed.Credentials.AccessKeyId, *assumed.Credentials.SecretAccessKey, *assumed.Credentials.SessionToken, region)
	if _, err := awssts.NewFromConfig(session).GetCallerIdentity(ctx, &awssts.GetCallerIdentityInput{}); err != nil {
		t.Fatal(err)
	}
	call := only(t, env.RootConfig(other, region), "GetCallerIdentity")
	roleID := get(call.rec, "userIdentity.sessionContext.sessionIssuer.principalId")
	if id, _ := roleID.(string); !strings.HasPrefix(id, "AROA") {
		t.Fatalf("issuer principalId %v", roleID)
	}
	want(t, call.rec, map[string]any{
		"userIdentity.type":        "AssumedRole",
		"userIdentity.principalId": roleID.(string) + ":ci",
		"userIdentity.arn":         "arn:aws:sts::" + other + ":assumed-role/deploy/ci",
		"userIdentity.accessKeyId": *assumed.Credentials.AccessKeyId,
		"userIdentity.sessionContext.sessionIssuer": map[string]any{"type": "Role", "principalId": roleID, "arn": roleARN,
			"accountId": other, "userName": "deploy"},
		"userIdentity.sessionContext.webIdFederationData":         map[string]any{},
		"userIdentity.sessionContext.attributes.mfaAuthenticated": "false",
		"responseElements": nil,
	})
	if _, err := time.Parse(time.RFC3339, get(call.rec, "userIdentity.sessionContext.attributes.creationDate").(string)); err != nil {
		t.Errorf("creationDate: %v", err)
	}
	if aws.ToString(call.Username) != "ci" {
		t.Errorf("Username %q", aws.ToString(call.Username))
	}
}

// TestFederatedUserRecord: a federated user's calls name the user who
// asked for the token as the session's issuer.
func TestFederatedUserRecord(t *testing.T) {
	env := amitytest.New(t)
	ctx := context.Background()
	alice := env.NewUser(t, owner, region, "alice", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["sts:GetFederationToken","sts:GetCallerIdentity"],"Resource":"*"}]}`)
	token, err := awssts.NewFromConfig(alice).GetFederationToken(ctx, &awssts.GetFederationTokenInput{Name: aws.String("bob"),
		Policy: aws.String(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:*","Resource":"*"}]}`)})
	if err != nil {
		t.Fatal(err)
	}
	bob := env.Config(*token.Credentials.AccessKeyId, *token.Credentials.SecretAccessKey, *token.Credentials.SessionToken, region)
	if _, err := awssts.NewFromConfig(bob).GetCallerIdentity(ctx, &awssts.GetCallerIdentityInput{}); err != nil {
		t.Fatal(err)
	}
	ev := lookup(t, env.RootConfig(owner, region), "Username", "bob")
	if len(ev) != 1 {
		t.Fatalf("bob's records: %v", names(ev))
	}
	aliceID := get(only(t, env.RootConfig(owner, region), "GetFederationToken").rec, "userIdentity.principalId")
	want(t, ev[0].rec, map[string]any{
		"userIdentity.type":        "FederatedUser",
		"userIdentity.principalId": owner + ":bob",
		"userIdentity.arn":         "arn:aws:sts::" + owner + ":federated-user/bob",
		"userIdentity.sessionContext.sessionIssuer": map[string]any{"type": "IAMUser", "principalId": aliceID,
			"arn": "arn:aws:iam::" + owner + ":user/alice", "accountId": owner, "userName": "alice"},
	})
}
