package kms_test

import (
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awskms "github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/kms/types"

	"github.com/amityhq/amity/internal/api/kmsapi"
)

// keyPolicy is a key policy whose statements are given as JSON objects.
func keyPolicy(statements ...string) string {
	return `{"Version":"2012-10-17","Statement":[` + strings.Join(statements, ",") + `]}`
}

// rootStatement lets IAM decide for account (the default policy's).
func rootStatement(account string) string {
	return `{"Sid":"Enable IAM User Permissions","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::` + account + `:root"},"Action":"kms:*","Resource":"*"}`
}

// allowAll is an identity policy allowing action on resource.
func allowAll(action, resource string) string {
	return `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"` + action + `","Resource":"` + resource + `"}]}`
}

func TestDenialMessages(t *testing.T) {
	e := newEnv(t)
	root := e.root(acctA, regionA)
	delegating := createKey(t, root, nil)
	closed := createKey(t, root, &awskms.CreateKeyInput{BypassPolicyLockoutSafetyCheck: true, Policy: aws.String(keyPolicy(
		`{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::` + acctA + `:user/admin"},"Action":"kms:*","Resource":"*"}`))})
	denying := createKey(t, root, &awskms.CreateKeyInput{Policy: aws.String(keyPolicy(rootStatement(acctA),
		`{"Effect":"Deny","Principal":{"AWS":"*"},"Action":"kms:Encrypt","Resource":"*"}`))})
	alice, _ := e.user(acctA, regionA, "alice")
	bob, _ := e.user(acctA, regionA, "bob", allowAll("kms:*", "*"),
		`{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"kms:Decrypt","Resource":"*"}]}`)
	carol, _ := e.user(acctA, regionA, "carol", allowAll("kms:*", "*"))
	blob, err := root.Encrypt(ctx(), &awskms.EncryptInput{KeyId: delegating.KeyId, Plaintext: []byte("x")})
	if err != nil {
		t.Fatal(err)
	}
	user := func(name string) string { return "arn:aws:iam::" + acctA + ":user/" + name }
	tests := []struct {
		name string
		call func() error
		want string
	}{
		{"no identity policy", func() error {
			_, err := alice.Encrypt(ctx(), &awskms.EncryptInput{KeyId: delegating.KeyId, Plaintext: []byte("x")})
			return err
		}, "User: " + user("alice") + " is not authorized to perform: kms:Encrypt on resource: " + aws.ToString(delegating.Arn) +
			" because no identity-based policy allows the kms:Encrypt action"},
		{"key policy lets nothing through", func() error {
			_, err := carol.DisableKey(ctx(), &awskms.DisableKeyInput{KeyId: closed.KeyId})
			return err
		}, "User: " + user("carol") + " is not authorized to perform: kms:DisableKey on resource: " + aws.ToString(closed.Arn) +
			" because no resource-based policy allows the kms:DisableKey action"},
		{"explicit deny in the key policy", func() error {
			_, err := carol.Encrypt(ctx(), &awskms.EncryptInput{KeyId: denying.KeyId, Plaintext: []byte("x")})
			return err
		}, "User: " + user("carol") + " is not authorized to perform: kms:Encrypt on resource: " + aws.ToString(denying.Arn) +
			" with an explicit deny in a resource-based policy"},
		{"explicit deny in an identity policy", func() error {
			_, err := bob.Decrypt(ctx(), &awskms.DecryptInput{CiphertextBlob: blob.CiphertextBlob})
			return err
		}, "User: " + user("bob") + " is not authorized to perform: kms:Decrypt on resource: " + aws.ToString(delegating.Arn) +
			" with an explicit deny in an identity-based policy"},
		{"account action", func() error {
			_, err := alice.ListKeys(ctx(), &awskms.ListKeysInput{})
			return err
		}, "User: " + user("alice") + " is not authorized to perform: kms:ListKeys on resource: * because no identity-based policy allows the kms:ListKeys action"},
		{"alias", func() error {
			_, err := alice.CreateAlias(ctx(), &awskms.CreateAliasInput{AliasName: aws.String("alias/a"), TargetKeyId: delegating.KeyId})
			return err
		}, "User: " + user("alice") + " is not authorized to perform: kms:CreateAlias on resource: arn:aws:kms:" + regionA + ":" + acctA +
			":alias/a because no identity-based policy allows the kms:CreateAlias action"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wantError(t, tt.call(), "AccessDeniedException", tt.want)
		})
	}
	if _, err := carol.Encrypt(ctx(), &awskms.EncryptInput{KeyId: delegating.KeyId, Plaintext: []byte("x")}); err != nil {
		t.Errorf("a user with kms:* on a delegating key: %v", err)
	}
}

func TestSessionDenialNamesTheSession(t *testing.T) {
	e := newEnv(t)
	m := createKey(t, e.root(acctA, regionA), nil)
	req := e.session(acctA, regionA, "deployer", "run-1")
	_, err := e.svc.Encrypt(withRequest(req), &kmsapi.EncryptInput{KeyId: m.KeyId, Plaintext: []byte("x")})
	wantCode(t, err, "AccessDeniedException", "User: arn:aws:sts::"+acctA+":assumed-role/deployer/run-1 is not authorized to perform: kms:Encrypt on resource: "+
		aws.ToString(m.Arn)+" because no identity-based policy allows the kms:Encrypt action")
}

// Decrypt without KeyId is authorized against the key the blob names: a
// policy scoped to that key's ARN allows it, one scoped to another key
// does not.
func TestDecryptIsAuthorizedAgainstTheBlobsKey(t *testing.T) {
	e := newEnv(t)
	root := e.root(acctA, regionA)
	a := createKey(t, root, nil)
	b := createKey(t, root, nil)
	user, _ := e.user(acctA, regionA, "reader", allowAll("kms:Decrypt", aws.ToString(a.Arn)))
	for _, m := range []*struct{ id, arn *string }{{a.KeyId, a.Arn}, {b.KeyId, b.Arn}} {
		enc, err := root.Encrypt(ctx(), &awskms.EncryptInput{KeyId: m.id, Plaintext: []byte("x")})
		if err != nil {
			t.Fatal(err)
		}
		_, err = user.Decrypt(ctx(), &awskms.DecryptInput{CiphertextBlob: enc.CiphertextBlob})
		if m.arn == a.Arn && err != nil {
			t.Errorf("Decrypt under the allowed key: %v", err)
		}
		if m.arn == b.Arn {
			wantError(t, err, "AccessDeniedException", "User: arn:aws:iam::"+acctA+":user/reader is not authorized to perform: kms:Decrypt on resource: "+
				aws.ToString(b.Arn)+" because no identity-based policy allows the kms:Decrypt action")
		}
	}
}

// The condition keys KMS supplies reach the policies.
func TestConditionKeys(t *testing.T) {
	e := newEnv(t)
	root := e.root(acctA, regionA)
	m := createKey(t, root, &awskms.CreateKeyInput{Tags: []types.Tag{{TagKey: aws.String("team"), TagValue: aws.String("blue")}}})
	if _, err := root.CreateAlias(ctx(), &awskms.CreateAliasInput{AliasName: aws.String("alias/blue"), TargetKeyId: m.KeyId}); err != nil {
		t.Fatal(err)
	}
	conditioned := func(condition string) string {
		return `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"kms:Encrypt","Resource":"*","Condition":` + condition + `}]}`
	}
	tests := []struct {
		name      string
		condition string
		in        awskms.EncryptInput
		allowed   bool
	}{
		{"encryption context value", `{"StringEquals":{"kms:EncryptionContext:purpose":"backup"}}`,
			awskms.EncryptInput{KeyId: m.KeyId, EncryptionContext: map[string]string{"purpose": "backup"}}, true},
		{"encryption context key in another case (condition key names ignore case)", `{"StringEquals":{"kms:EncryptionContext:PURPOSE":"backup"}}`,
			awskms.EncryptInput{KeyId: m.KeyId, EncryptionContext: map[string]string{"Purpose": "backup"}}, true},
		{"encryption context value in another case", `{"StringEquals":{"kms:EncryptionContext:purpose":"backup"}}`,
			awskms.EncryptInput{KeyId: m.KeyId, EncryptionContext: map[string]string{"purpose": "Backup"}}, false},
		{"encryption context value differs", `{"StringEquals":{"kms:EncryptionContext:purpose":"backup"}}`,
			awskms.EncryptInput{KeyId: m.KeyId, EncryptionContext: map[string]string{"purpose": "other"}}, false},
		{"encryption context keys", `{"ForAllValues:StringEquals":{"kms:EncryptionContextKeys":["aws:ebs:id"]},"Null":{"kms:EncryptionContextKeys":"false"}}`,
			awskms.EncryptInput{KeyId: m.KeyId, EncryptionContext: map[string]string{"aws:ebs:id": "vol-1"}}, true},
		{"encryption context keys, other key", `{"ForAllValues:StringEquals":{"kms:EncryptionContextKeys":["aws:ebs:id"]}}`,
			awskms.EncryptInput{KeyId: m.KeyId, EncryptionContext: map[string]string{"other": "x"}}, false},
		{"request alias", `{"StringEquals":{"kms:RequestAlias":"alias/blue"}}`, awskms.EncryptInput{KeyId: aws.String("alias/blue")}, true},
		{"request alias absent", `{"StringEquals":{"kms:RequestAlias":"alias/blue"}}`, awskms.EncryptInput{KeyId: m.KeyId}, false},
		{"resource aliases", `{"ForAnyValue:StringEquals":{"kms:ResourceAliases":"alias/blue"}}`, awskms.EncryptInput{KeyId: m.KeyId}, true},
		{"resource tag", `{"StringEquals":{"aws:ResourceTag/team":"blue"}}`, awskms.EncryptInput{KeyId: m.KeyId}, true},
		{"resource tag key in another case", `{"StringEquals":{"aws:ResourceTag/TEAM":"blue"}}`, awskms.EncryptInput{KeyId: m.KeyId}, true},
		{"resource tag absent", `{"StringEquals":{"aws:ResourceTag/owner":"blue"}}`, awskms.EncryptInput{KeyId: m.KeyId}, false},
		{"caller account", `{"StringEquals":{"kms:CallerAccount":"` + acctA + `"}}`, awskms.EncryptInput{KeyId: m.KeyId}, true},
		{"key spec and usage", `{"StringEquals":{"kms:KeySpec":"SYMMETRIC_DEFAULT","kms:KeyUsage":"ENCRYPT_DECRYPT","kms:KeyOrigin":"AWS_KMS"}}`,
			awskms.EncryptInput{KeyId: m.KeyId}, true},
		{"via service (a direct call has none)", `{"StringLike":{"kms:ViaService":"ec2.*.amazonaws.com"}}`, awskms.EncryptInput{KeyId: m.KeyId}, false},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			client, _ := e.user(acctA, regionA, "u"+string(rune('a'+i)), conditioned(tt.condition))
			in := tt.in
			in.Plaintext = []byte("x")
			_, err := client.Encrypt(ctx(), &in)
			if tt.allowed && err != nil {
				t.Fatalf("denied: %v", err)
			}
			if !tt.allowed {
				wantError(t, err, "AccessDeniedException", "-")
			}
		})
	}
}
