package kms_test

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awskms "github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/kms/types"

	"github.com/amityhq/amity/internal/api/kmsapi"
)

func userARN(account, name string) string { return "arn:aws:iam::" + account + ":user/" + name }

func TestGrantAllowsItsGrantee(t *testing.T) {
	e := newEnv(t)
	root := e.root(acctA, regionA)
	m := createKey(t, root, nil)
	grantee, _ := e.user(acctA, regionA, "grantee")
	other, _ := e.user(acctA, regionA, "other")
	encrypt := func(c *awskms.Client, ec map[string]string) error {
		_, err := c.Encrypt(ctx(), &awskms.EncryptInput{KeyId: m.KeyId, Plaintext: []byte("x"), EncryptionContext: ec})
		return err
	}
	wantError(t, encrypt(grantee, nil), "AccessDeniedException", "-")
	g, err := root.CreateGrant(ctx(), &awskms.CreateGrantInput{KeyId: m.KeyId, GranteePrincipal: aws.String(userARN(acctA, "grantee")),
		Operations:  []types.GrantOperation{types.GrantOperationEncrypt, types.GrantOperationDecrypt},
		Constraints: &types.GrantConstraints{EncryptionContextSubset: map[string]string{"app": "billing"}}})
	if err != nil {
		t.Fatal(err)
	}
	if len(aws.ToString(g.GrantId)) != 64 || aws.ToString(g.GrantToken) == "" {
		t.Fatalf("CreateGrant = %+v", g)
	}
	tests := []struct {
		name    string
		client  *awskms.Client
		ec      map[string]string
		allowed bool
	}{
		{"grantee, constraint met", grantee, map[string]string{"app": "billing", "extra": "ok"}, true},
		{"grantee, constraint's key in another case", grantee, map[string]string{"App": "billing"}, true},
		{"grantee, constraint's value in another case", grantee, map[string]string{"app": "Billing"}, false},
		{"grantee, constraint not met", grantee, map[string]string{"app": "other"}, false},
		{"grantee, no context", grantee, nil, false},
		{"someone else", other, map[string]string{"app": "billing"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := encrypt(tt.client, tt.ec)
			if tt.allowed && err != nil {
				t.Fatal(err)
			}
			if !tt.allowed {
				wantError(t, err, "AccessDeniedException", "-")
			}
		})
	}
	// The grant does not allow what it does not list.
	_, err = grantee.DescribeKey(ctx(), &awskms.DescribeKeyInput{KeyId: m.KeyId})
	wantError(t, err, "AccessDeniedException", "-")
	// Revoked, it allows nothing.
	if _, err := root.RevokeGrant(ctx(), &awskms.RevokeGrantInput{KeyId: m.KeyId, GrantId: g.GrantId}); err != nil {
		t.Fatal(err)
	}
	wantError(t, encrypt(grantee, map[string]string{"app": "billing"}), "AccessDeniedException", "-")
	_, err = root.RevokeGrant(ctx(), &awskms.RevokeGrantInput{KeyId: m.KeyId, GrantId: g.GrantId})
	wantError(t, err, "NotFoundException", "-")
}

func TestGrantConstraintEquals(t *testing.T) {
	e := newEnv(t)
	root := e.root(acctA, regionA)
	m := createKey(t, root, nil)
	grantee, _ := e.user(acctA, regionA, "grantee")
	if _, err := root.CreateGrant(ctx(), &awskms.CreateGrantInput{KeyId: m.KeyId, GranteePrincipal: aws.String(userARN(acctA, "grantee")),
		Operations:  []types.GrantOperation{types.GrantOperationGenerateDataKey},
		Constraints: &types.GrantConstraints{EncryptionContextEquals: map[string]string{"a": "1"}}}); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		ec      map[string]string
		allowed bool
	}{{map[string]string{"a": "1"}, true}, {map[string]string{"A": "1"}, true}, {map[string]string{"a": "1", "b": "2"}, false}, {nil, false}} {
		_, err := grantee.GenerateDataKey(ctx(), &awskms.GenerateDataKeyInput{KeyId: m.KeyId, KeySpec: types.DataKeySpecAes256, EncryptionContext: tt.ec})
		if tt.allowed != (err == nil) {
			t.Errorf("context %v: err = %v", tt.ec, err)
		}
	}
}

// A grant never overrides an explicit deny (AWS_TEXTS.md, correction 12).
func TestGrantDoesNotOverrideExplicitDeny(t *testing.T) {
	e := newEnv(t)
	root := e.root(acctA, regionA)
	m := createKey(t, root, &awskms.CreateKeyInput{Policy: aws.String(keyPolicy(rootStatement(acctA),
		`{"Effect":"Deny","Principal":{"AWS":"`+userARN(acctA, "grantee")+`"},"Action":"kms:Decrypt","Resource":"*"}`))})
	grantee, _ := e.user(acctA, regionA, "grantee")
	if _, err := root.CreateGrant(ctx(), &awskms.CreateGrantInput{KeyId: m.KeyId, GranteePrincipal: aws.String(userARN(acctA, "grantee")),
		Operations: []types.GrantOperation{types.GrantOperationEncrypt, types.GrantOperationDecrypt}}); err != nil {
		t.Fatal(err)
	}
	enc, err := grantee.Encrypt(ctx(), &awskms.EncryptInput{KeyId: m.KeyId, Plaintext: []byte("x")})
	if err != nil {
		t.Fatalf("Encrypt through the grant: %v", err)
	}
	_, err = grantee.Decrypt(ctx(), &awskms.DecryptInput{CiphertextBlob: enc.CiphertextBlob})
	wantError(t, err, "AccessDeniedException", "User: "+userARN(acctA, "grantee")+" is not authorized to perform: kms:Decrypt on resource: "+
		aws.ToString(m.Arn)+" with an explicit deny in a resource-based policy")
}

// The EBS flow: EC2 creates, on a user's behalf, a grant for the instance's
// infrastructure session, which then decrypts the volume's data key.
func TestGrantForEC2InfrastructureSession(t *testing.T) {
	e := newEnv(t)
	m := createKey(t, e.root(acctA, regionA), nil)
	_, user := e.user(acctA, regionA, "launcher", allowAll("kms:*", "*"))
	ec2 := withRequest(user.OnBehalf("ec2."+regionA+".amazonaws.com", "ec2-frontend-api.amazonaws.com"))
	volume := map[string]string{"aws:ebs:id": "vol-0894f908458cca170"}
	dk, err := e.svc.GenerateDataKeyWithoutPlaintext(ec2, &kmsapi.GenerateDataKeyWithoutPlaintextInput{KeyId: m.Arn,
		NumberOfBytes: aws.Int32(64), EncryptionContext: volume})
	if err != nil {
		t.Fatal(err)
	}
	instance := e.session(acctA, regionA, "aws:ec2-infrastructure", "i-0c9d812c0cfa2790f")
	decrypt := func(ec map[string]string) error {
		_, err := e.svc.Decrypt(withRequest(instance), &kmsapi.DecryptInput{CiphertextBlob: dk.CiphertextBlob, EncryptionContext: ec})
		return err
	}
	wantCode(t, decrypt(volume), "AccessDeniedException", "User: arn:aws:sts::"+acctA+
		":assumed-role/aws:ec2-infrastructure/i-0c9d812c0cfa2790f is not authorized to perform: kms:Decrypt on resource: "+
		aws.ToString(m.Arn)+" because no identity-based policy allows the kms:Decrypt action")
	g, err := e.svc.CreateGrant(ec2, &kmsapi.CreateGrantInput{KeyId: m.Arn,
		GranteePrincipal:  aws.String(instance.Principal.ARN),
		RetiringPrincipal: aws.String("ec2." + regionA + ".amazonaws.com"),
		Operations:        []string{"Decrypt"},
		Constraints:       &kmsapi.GrantConstraints{EncryptionContextSubset: volume}})
	if err != nil {
		t.Fatal(err)
	}
	if err := decrypt(volume); err != nil {
		t.Fatalf("Decrypt through the grant: %v", err)
	}
	wantCode(t, decrypt(map[string]string{"aws:ebs:id": "vol-other"}), "AccessDeniedException", "-")
	// EC2 lists the grants it may retire, and retires this one.
	list, err := e.root(acctA, regionA).ListRetirableGrants(ctx(), &awskms.ListRetirableGrantsInput{RetiringPrincipal: aws.String("ec2." + regionA + ".amazonaws.com")})
	if err != nil || len(list.Grants) != 1 || aws.ToString(list.Grants[0].GrantId) != aws.ToString(g.GrantId) {
		t.Fatalf("ListRetirableGrants = %+v, %v", list, err)
	}
	retire := &kmsapi.RetireGrantInput{GrantToken: g.GrantToken}
	_, err = e.svc.RetireGrant(withRequest(e.session(acctA, regionA, "someone", "s")), retire)
	wantCode(t, err, "AccessDeniedException", "-")
	if _, err := e.svc.RetireGrant(withRequest(e.rootRequest(acctA, regionA)), retire); err != nil {
		t.Fatalf("RetireGrant by the issuing account: %v", err)
	}
	wantCode(t, decrypt(volume), "AccessDeniedException", "-")
}

func TestGrantManagement(t *testing.T) {
	e := newEnv(t)
	root := e.root(acctA, regionA)
	m := createKey(t, root, nil)
	grantee := userARN(acctA, "app")
	in := &awskms.CreateGrantInput{KeyId: m.KeyId, GranteePrincipal: aws.String(grantee), Name: aws.String("app-grant"),
		RetiringPrincipal: aws.String(userARN(acctA, "retirer")),
		Operations:        []types.GrantOperation{types.GrantOperationDecrypt, types.GrantOperationRetireGrant}}
	first, err := root.CreateGrant(ctx(), in)
	if err != nil {
		t.Fatal(err)
	}
	again, err := root.CreateGrant(ctx(), in)
	if err != nil || aws.ToString(again.GrantId) != aws.ToString(first.GrantId) || aws.ToString(again.GrantToken) == aws.ToString(first.GrantToken) {
		t.Fatalf("CreateGrant retried with the same Name = %+v, %v; first %+v", again, err, first)
	}
	list, err := root.ListGrants(ctx(), &awskms.ListGrantsInput{KeyId: m.KeyId})
	if err != nil || len(list.Grants) != 1 || list.Truncated {
		t.Fatalf("ListGrants = %+v, %v", list, err)
	}
	got := list.Grants[0]
	if aws.ToString(got.KeyId) != aws.ToString(m.Arn) || aws.ToString(got.GranteePrincipal) != grantee || aws.ToString(got.Name) != "app-grant" ||
		aws.ToString(got.IssuingAccount) != "arn:aws:iam::"+acctA+":root" || aws.ToString(got.RetiringPrincipal) != userARN(acctA, "retirer") ||
		len(got.Operations) != 2 || got.CreationDate == nil {
		t.Errorf("grant = %+v", got)
	}
	_, err = root.ListGrants(ctx(), &awskms.ListGrantsInput{KeyId: m.KeyId, GrantId: aws.String("0000")})
	wantError(t, err, "InvalidGrantIdException", "")
	// Grant tokens are checked for form.
	_, err = root.Encrypt(ctx(), &awskms.EncryptInput{KeyId: m.KeyId, Plaintext: []byte("x"), GrantTokens: []string{"not-a-token"}})
	wantError(t, err, "InvalidGrantTokenException", "")
	if _, err := root.Encrypt(ctx(), &awskms.EncryptInput{KeyId: m.KeyId, Plaintext: []byte("x"), GrantTokens: []string{aws.ToString(first.GrantToken)}}); err != nil {
		t.Fatalf("Encrypt with a valid grant token: %v", err)
	}
	// The grantee may retire a grant that allows RetireGrant.
	app, _ := e.user(acctA, regionA, "app")
	if _, err := app.RetireGrant(ctx(), &awskms.RetireGrantInput{KeyId: m.Arn, GrantId: first.GrantId}); err != nil {
		t.Fatalf("RetireGrant by the grantee: %v", err)
	}
	_, err = app.RetireGrant(ctx(), &awskms.RetireGrantInput{GrantToken: first.GrantToken})
	wantError(t, err, "NotFoundException", "-")
	// A disabled key takes no new grants.
	if _, err := root.DisableKey(ctx(), &awskms.DisableKeyInput{KeyId: m.KeyId}); err != nil {
		t.Fatal(err)
	}
	_, err = root.CreateGrant(ctx(), &awskms.CreateGrantInput{KeyId: m.KeyId, GranteePrincipal: aws.String(grantee),
		Operations: []types.GrantOperation{types.GrantOperationDecrypt}})
	wantError(t, err, "DisabledException", aws.ToString(m.Arn)+" is disabled.")
}

// A grant that allows CreateGrant lets its grantee create grants no wider
// than itself.
func TestGrantAllowingCreateGrant(t *testing.T) {
	e := newEnv(t)
	root := e.root(acctA, regionA)
	m := createKey(t, root, nil)
	delegate, _ := e.user(acctA, regionA, "delegate")
	if _, err := root.CreateGrant(ctx(), &awskms.CreateGrantInput{KeyId: m.KeyId, GranteePrincipal: aws.String(userARN(acctA, "delegate")),
		Operations:  []types.GrantOperation{types.GrantOperationDecrypt, types.GrantOperationCreateGrant},
		Constraints: &types.GrantConstraints{EncryptionContextSubset: map[string]string{"tenant": "a"}}}); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name        string
		ops         []types.GrantOperation
		constraints *types.GrantConstraints
		allowed     bool
	}{
		{"same", []types.GrantOperation{types.GrantOperationDecrypt}, &types.GrantConstraints{EncryptionContextSubset: map[string]string{"tenant": "a"}}, true},
		{"stricter", []types.GrantOperation{types.GrantOperationDecrypt}, &types.GrantConstraints{EncryptionContextEquals: map[string]string{"tenant": "a", "x": "y"}}, true},
		{"more operations", []types.GrantOperation{types.GrantOperationEncrypt}, &types.GrantConstraints{EncryptionContextSubset: map[string]string{"tenant": "a"}}, false},
		{"looser", []types.GrantOperation{types.GrantOperationDecrypt}, nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := delegate.CreateGrant(ctx(), &awskms.CreateGrantInput{KeyId: m.KeyId, GranteePrincipal: aws.String(userARN(acctA, "third")),
				Operations: tt.ops, Constraints: tt.constraints})
			if tt.allowed && err != nil {
				t.Fatal(err)
			}
			if !tt.allowed {
				wantError(t, err, "AccessDeniedException", "-")
			}
		})
	}
}
