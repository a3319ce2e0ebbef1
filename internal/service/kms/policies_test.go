package kms_test

import (
	"context"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awskms "github.com/aws/aws-sdk-go-v2/service/kms"

	"github.com/amityhq/amity/internal/api/kmsapi"
	"github.com/amityhq/amity/internal/service/kms"
)

func TestPutKeyPolicy(t *testing.T) {
	e := newEnv(t)
	root := e.root(acctA, regionA)
	m := createKey(t, root, nil)
	// Whitespace and order as written: GetKeyPolicy returns the document
	// exactly as stored.
	own := "{\n  \"Version\" : \"2012-10-17\",\n  \"Statement\" : [ " + rootStatement(acctA) + " ]\n}"
	onlyAdmin := keyPolicy(`{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::` + acctA + `:user/admin"},"Action":"kms:*","Resource":"*"}`)
	tests := []struct {
		name    string
		in      awskms.PutKeyPolicyInput
		code    string
		message string
	}{
		{"own policy", awskms.PutKeyPolicyInput{Policy: aws.String(own)}, "", ""},
		{"lockout", awskms.PutKeyPolicyInput{Policy: aws.String(onlyAdmin)},
			"MalformedPolicyDocumentException", "The new key policy will not allow you to update the key policy in the future."},
		{"not JSON", awskms.PutKeyPolicyInput{Policy: aws.String("not a real policy statement")}, "MalformedPolicyDocumentException", ""},
		{"invalid principal", awskms.PutKeyPolicyInput{Policy: aws.String(keyPolicy(
			`{"Effect":"Allow","Principal":{"AWS":"not-an-arn"},"Action":"kms:*","Resource":"*"}`))},
			"MalformedPolicyDocumentException", "Policy contains a statement with one or more invalid principals."},
		{"over 32 KB", awskms.PutKeyPolicyInput{Policy: aws.String(keyPolicy(rootStatement(acctA)) + strings.Repeat(" ", 32*1024))},
			"LimitExceededException", "-"},
		{"other policy name", awskms.PutKeyPolicyInput{Policy: aws.String(own), PolicyName: aws.String("other")},
			"NotFoundException", "No such policy exists"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := tt.in
			in.KeyId = m.KeyId
			_, err := root.PutKeyPolicy(ctx(), &in)
			if tt.code != "" {
				wantError(t, err, tt.code, tt.message)
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			got, err := root.GetKeyPolicy(ctx(), &awskms.GetKeyPolicyInput{KeyId: m.KeyId})
			if err != nil || aws.ToString(got.Policy) != aws.ToString(tt.in.Policy) {
				t.Fatalf("GetKeyPolicy = %q, %v", aws.ToString(got.Policy), err)
			}
		})
	}
	// The safety check can be bypassed; then even the root is locked out.
	if _, err := root.PutKeyPolicy(ctx(), &awskms.PutKeyPolicyInput{KeyId: m.KeyId, Policy: aws.String(onlyAdmin),
		BypassPolicyLockoutSafetyCheck: true}); err != nil {
		t.Fatal(err)
	}
	_, err := root.PutKeyPolicy(ctx(), &awskms.PutKeyPolicyInput{KeyId: m.KeyId, Policy: aws.String(own)})
	wantError(t, err, "AccessDeniedException", "User: arn:aws:iam::"+acctA+":root is not authorized to perform: kms:PutKeyPolicy on resource: "+
		aws.ToString(m.Arn)+" because no resource-based policy allows the kms:PutKeyPolicy action")
}

func TestCreateKeyWithPolicy(t *testing.T) {
	e := newEnv(t)
	root := e.root(acctA, regionA)
	_, err := root.CreateKey(ctx(), &awskms.CreateKeyInput{Policy: aws.String(keyPolicy(
		`{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::` + acctB + `:root"},"Action":"kms:*","Resource":"*"}`))})
	wantError(t, err, "MalformedPolicyDocumentException", "The new key policy will not allow you to update the key policy in the future.")
	doc := keyPolicy(rootStatement(acctA))
	m := createKey(t, root, &awskms.CreateKeyInput{Policy: aws.String(doc)})
	got, err := root.GetKeyPolicy(ctx(), &awskms.GetKeyPolicyInput{KeyId: m.KeyId})
	if err != nil || aws.ToString(got.Policy) != doc {
		t.Fatalf("GetKeyPolicy = %v, %v", got, err)
	}
	// A user allowed kms:CreateKey passes the check only if the policy
	// lets it update the policy afterwards.
	creator, _ := e.user(acctA, regionA, "creator", allowAll("kms:CreateKey", "*"))
	_, err = creator.CreateKey(ctx(), &awskms.CreateKeyInput{Policy: aws.String(doc)})
	wantError(t, err, "MalformedPolicyDocumentException", "The new key policy will not allow you to update the key policy in the future.")
	if _, err := creator.CreateKey(ctx(), &awskms.CreateKeyInput{Policy: aws.String(keyPolicy(rootStatement(acctA),
		`{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::`+acctA+`:user/creator"},"Action":"kms:PutKeyPolicy","Resource":"*"}`))}); err != nil {
		t.Fatal(err)
	}
}

// principalSet is IAM as far as KMS asks it: which principals exist.
type principalSet map[string]bool

func (p principalSet) PrincipalExists(_ context.Context, arn string) (bool, error) {
	return p[arn], nil
}

// A key policy naming a principal that does not exist is refused; roots
// are checked as ARNs, "*" and service principals are not checked.
func TestKeyPolicyPrincipalsMustExist(t *testing.T) {
	e := newEnv(t)
	svc := kms.New(kms.Options{Store: e.dir.Store, Sealer: e.dir.Sealer, Authorizer: e.authorizer, Now: e.clock.Now,
		Principals: principalSet{"arn:aws:iam::" + acctA + ":root": true, userARN(acctA, "alice"): true}})
	c := withRequest(e.rootRequest(acctA, regionA))
	statement := func(principal string) string {
		return `{"Effect":"Allow","Principal":` + principal + `,"Action":"kms:Decrypt","Resource":"*"}`
	}
	tests := []struct {
		name      string
		principal string
		ok        bool
	}{
		{"existing user", `{"AWS":"` + userARN(acctA, "alice") + `"}`, true},
		{"account id", `{"AWS":"` + acctA + `"}`, true},
		{"everyone", `{"AWS":"*"}`, true},
		{"service", `{"Service":"ec2.amazonaws.com"}`, true},
		{"missing user", `{"AWS":"` + userARN(acctA, "ghost") + `"}`, false},
		{"missing account", `{"AWS":"arn:aws:iam::` + acctB + `:root"}`, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := svc.CreateKey(c, &kmsapi.CreateKeyInput{Policy: aws.String(keyPolicy(rootStatement(acctA), statement(tt.principal)))})
			if tt.ok && err != nil {
				t.Fatal(err)
			}
			if !tt.ok {
				wantCode(t, err, "MalformedPolicyDocumentException", "Policy contains a statement with one or more invalid principals.")
			}
		})
	}
}
