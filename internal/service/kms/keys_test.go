package kms_test

import (
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awskms "github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/kms/types"

	"github.com/amityhq/amity/internal/awsdata"
)

// createKey creates a key through client and returns its metadata.
func createKey(t testing.TB, client *awskms.Client, in *awskms.CreateKeyInput) *types.KeyMetadata {
	t.Helper()
	if in == nil {
		in = &awskms.CreateKeyInput{}
	}
	out, err := client.CreateKey(ctx(), in)
	if err != nil {
		t.Fatalf("CreateKey: %v", err)
	}
	return out.KeyMetadata
}

func TestCreateKeyMetadata(t *testing.T) {
	e := newEnv(t)
	client := e.root(acctA, regionA)
	before := time.Now().Add(-time.Second)
	m := createKey(t, client, &awskms.CreateKeyInput{Description: aws.String("test key 123")})
	id := aws.ToString(m.KeyId)
	want := types.KeyMetadata{
		AWSAccountId: aws.String(acctA),
		KeyId:        aws.String(id),
		Arn:          aws.String("arn:aws:kms:" + regionA + ":" + acctA + ":key/" + id),
		Enabled:      true,
		Description:  aws.String("test key 123"),
		KeyUsage:     types.KeyUsageTypeEncryptDecrypt,
		KeyState:     types.KeyStateEnabled,
		Origin:       types.OriginTypeAwsKms,
		KeyManager:   types.KeyManagerTypeCustomer,
		//lint:ignore SA1019 AWS still returns the deprecated field, and amity must too.
		CustomerMasterKeySpec: types.CustomerMasterKeySpecSymmetricDefault,
		KeySpec:               types.KeySpecSymmetricDefault,
		EncryptionAlgorithms:  []types.EncryptionAlgorithmSpec{types.EncryptionAlgorithmSpecSymmetricDefault},
		MultiRegion:           aws.Bool(false),
	}
	checkMetadata(t, m, &want)
	if m.CreationDate == nil || m.CreationDate.Before(before) {
		t.Errorf("CreationDate = %v", m.CreationDate)
	}
	if len(id) != 36 || id[14] != '4' {
		t.Errorf("KeyId %q is not a UUID", id)
	}
	d, err := client.DescribeKey(ctx(), &awskms.DescribeKeyInput{KeyId: m.Arn})
	if err != nil {
		t.Fatal(err)
	}
	checkMetadata(t, d.KeyMetadata, &want)
	p, err := client.GetKeyPolicy(ctx(), &awskms.GetKeyPolicyInput{KeyId: m.KeyId, PolicyName: aws.String("default")})
	if err != nil {
		t.Fatal(err)
	}
	if aws.ToString(p.Policy) != awsdata.DefaultKeyPolicy(acctA) || aws.ToString(p.PolicyName) != "default" {
		t.Errorf("GetKeyPolicy = %q %q", aws.ToString(p.Policy), aws.ToString(p.PolicyName))
	}
	names, err := client.ListKeyPolicies(ctx(), &awskms.ListKeyPoliciesInput{KeyId: m.KeyId})
	if err != nil || len(names.PolicyNames) != 1 || names.PolicyNames[0] != "default" || names.Truncated {
		t.Errorf("ListKeyPolicies = %+v, %v", names, err)
	}
}

func checkMetadata(t testing.TB, got, want *types.KeyMetadata) {
	t.Helper()
	check := func(field, g, w string) {
		if g != w {
			t.Errorf("%s = %q, want %q", field, g, w)
		}
	}
	check("AWSAccountId", aws.ToString(got.AWSAccountId), aws.ToString(want.AWSAccountId))
	check("KeyId", aws.ToString(got.KeyId), aws.ToString(want.KeyId))
	check("Arn", aws.ToString(got.Arn), aws.ToString(want.Arn))
	check("Description", aws.ToString(got.Description), aws.ToString(want.Description))
	check("KeyUsage", string(got.KeyUsage), string(want.KeyUsage))
	check("KeyState", string(got.KeyState), string(want.KeyState))
	check("Origin", string(got.Origin), string(want.Origin))
	check("KeyManager", string(got.KeyManager), string(want.KeyManager))
	//lint:ignore SA1019 AWS still returns the deprecated field, and amity must too.
	check("CustomerMasterKeySpec", string(got.CustomerMasterKeySpec), string(want.CustomerMasterKeySpec))
	check("KeySpec", string(got.KeySpec), string(want.KeySpec))
	if got.Enabled != want.Enabled || aws.ToBool(got.MultiRegion) || got.MultiRegion == nil {
		t.Errorf("Enabled = %v, MultiRegion = %v", got.Enabled, got.MultiRegion)
	}
	if len(got.EncryptionAlgorithms) != 1 || got.EncryptionAlgorithms[0] != types.EncryptionAlgorithmSpecSymmetricDefault {
		t.Errorf("EncryptionAlgorithms = %v", got.EncryptionAlgorithms)
	}
}

func TestKeyIdentifiers(t *testing.T) {
	e := newEnv(t)
	client := e.root(acctA, regionA)
	m := createKey(t, client, nil)
	if _, err := client.CreateAlias(ctx(), &awskms.CreateAliasInput{AliasName: aws.String("alias/app"), TargetKeyId: m.KeyId}); err != nil {
		t.Fatal(err)
	}
	const unknown = "00000000-0000-4000-8000-000000000000"
	arn := func(region, resource string) string { return "arn:aws:kms:" + region + ":" + acctA + ":" + resource }
	tests := []struct {
		name    string
		id      string
		code    string
		message string
	}{
		{"key id", aws.ToString(m.KeyId), "", ""},
		{"key ARN", aws.ToString(m.Arn), "", ""},
		{"alias name", "alias/app", "", ""},
		{"alias ARN", arn(regionA, "alias/app"), "", ""},
		{"upper-case key id", toUpper(aws.ToString(m.KeyId)), "", ""},
		{"unknown key id", unknown, "NotFoundException", "Key '" + arn(regionA, "key/"+unknown) + "' does not exist"},
		{"unknown key ARN", arn(regionA, "key/"+unknown), "NotFoundException", "Key '" + arn(regionA, "key/"+unknown) + "' does not exist"},
		{"malformed key id", "fake-key-id", "NotFoundException", "Invalid keyId 'fake-key-id'"},
		{"key id without dashes", "134f2428cec14b25a1ae9048164dba47", "NotFoundException", "Invalid keyId '134f2428cec14b25a1ae9048164dba47'"},
		{"ARN of another Region", arn(regionB, "key/"+aws.ToString(m.KeyId)), "NotFoundException", "Invalid arn " + regionB},
		{"unknown alias", "alias/nope", "NotFoundException", "Alias " + arn(regionA, "alias/nope") + " is not found."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, err := client.DescribeKey(ctx(), &awskms.DescribeKeyInput{KeyId: aws.String(tt.id)})
			if tt.code != "" {
				wantError(t, err, tt.code, tt.message)
				return
			}
			if err != nil || aws.ToString(out.KeyMetadata.KeyId) != aws.ToString(m.KeyId) {
				t.Fatalf("DescribeKey(%s) = %v, %v", tt.id, out, err)
			}
		})
	}
	// Management operations take a key id or key ARN only.
	_, err := client.EnableKey(ctx(), &awskms.EnableKeyInput{KeyId: aws.String("alias/app")})
	wantError(t, err, "NotFoundException", "Invalid keyId 'alias/app'")
}

func toUpper(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'a' <= c && c <= 'z' {
			b[i] = c - 'a' + 'A'
		}
	}
	return string(b)
}

func TestKeyStates(t *testing.T) {
	e := newEnv(t)
	client := e.root(acctA, regionA)
	m := createKey(t, client, nil)
	arn := aws.ToString(m.Arn)
	encrypt := func() error {
		_, err := client.Encrypt(ctx(), &awskms.EncryptInput{KeyId: m.KeyId, Plaintext: []byte("x")})
		return err
	}
	state := func(want types.KeyState) {
		t.Helper()
		d, err := client.DescribeKey(ctx(), &awskms.DescribeKeyInput{KeyId: m.KeyId})
		if err != nil || d.KeyMetadata.KeyState != want || d.KeyMetadata.Enabled != (want == types.KeyStateEnabled) {
			t.Fatalf("DescribeKey = %+v, %v; want %s", d, err, want)
		}
	}
	blob, err := client.Encrypt(ctx(), &awskms.EncryptInput{KeyId: m.KeyId, Plaintext: []byte("kept")})
	if err != nil {
		t.Fatal(err)
	}

	if _, err := client.DisableKey(ctx(), &awskms.DisableKeyInput{KeyId: m.KeyId}); err != nil {
		t.Fatal(err)
	}
	state(types.KeyStateDisabled)
	wantError(t, encrypt(), "DisabledException", arn+" is disabled.")
	_, err = client.Decrypt(ctx(), &awskms.DecryptInput{CiphertextBlob: blob.CiphertextBlob})
	wantError(t, err, "DisabledException", arn+" is disabled.")
	if _, err := client.EnableKey(ctx(), &awskms.EnableKeyInput{KeyId: m.KeyId}); err != nil {
		t.Fatal(err)
	}
	state(types.KeyStateEnabled)
	if err := encrypt(); err != nil {
		t.Fatal(err)
	}

	_, err = client.ScheduleKeyDeletion(ctx(), &awskms.ScheduleKeyDeletionInput{KeyId: m.KeyId, PendingWindowInDays: aws.Int32(6)})
	wantError(t, err, "ValidationException", "PendingWindowInDays should be between 7 and 30, but it is 6")
	before := e.clock.Now()
	sched, err := client.ScheduleKeyDeletion(ctx(), &awskms.ScheduleKeyDeletionInput{KeyId: m.KeyId, PendingWindowInDays: aws.Int32(7)})
	if err != nil {
		t.Fatal(err)
	}
	if aws.ToString(sched.KeyId) != arn || sched.KeyState != types.KeyStatePendingDeletion || aws.ToInt32(sched.PendingWindowInDays) != 7 ||
		sched.DeletionDate.Sub(before) < 7*24*time.Hour-time.Second || sched.DeletionDate.Sub(before) > 7*24*time.Hour+time.Minute {
		t.Fatalf("ScheduleKeyDeletion = %+v", sched)
	}
	d, err := client.DescribeKey(ctx(), &awskms.DescribeKeyInput{KeyId: m.KeyId})
	if err != nil || aws.ToInt32(d.KeyMetadata.PendingDeletionWindowInDays) != 7 || d.KeyMetadata.DeletionDate == nil {
		t.Fatalf("DescribeKey while pending deletion = %+v, %v", d, err)
	}
	wantError(t, encrypt(), "KMSInvalidStateException", arn+" is pending deletion.")
	_, err = client.EnableKey(ctx(), &awskms.EnableKeyInput{KeyId: m.KeyId})
	wantError(t, err, "KMSInvalidStateException", arn+" is pending deletion.")
	_, err = client.ScheduleKeyDeletion(ctx(), &awskms.ScheduleKeyDeletionInput{KeyId: m.KeyId})
	wantError(t, err, "KMSInvalidStateException", arn+" is pending deletion.")

	cancel, err := client.CancelKeyDeletion(ctx(), &awskms.CancelKeyDeletionInput{KeyId: m.KeyId})
	if err != nil || aws.ToString(cancel.KeyId) != arn {
		t.Fatalf("CancelKeyDeletion = %+v, %v", cancel, err)
	}
	state(types.KeyStateDisabled)
	_, err = client.CancelKeyDeletion(ctx(), &awskms.CancelKeyDeletionInput{KeyId: m.KeyId})
	wantError(t, err, "KMSInvalidStateException", arn+" is not pending deletion.")

	// Once the waiting period has passed the key is gone.
	if _, err := client.ScheduleKeyDeletion(ctx(), &awskms.ScheduleKeyDeletionInput{KeyId: m.KeyId, PendingWindowInDays: aws.Int32(7)}); err != nil {
		t.Fatal(err)
	}
	e.clock.advance(7*24*time.Hour + time.Minute)
	_, err = client.DescribeKey(ctx(), &awskms.DescribeKeyInput{KeyId: m.KeyId})
	wantError(t, err, "NotFoundException", "Key '"+arn+"' does not exist")
	_, err = client.Decrypt(ctx(), &awskms.DecryptInput{CiphertextBlob: blob.CiphertextBlob})
	wantError(t, err, "InvalidCiphertextException", "")
	list, err := client.ListKeys(ctx(), &awskms.ListKeysInput{})
	if err != nil || len(list.Keys) != 0 {
		t.Fatalf("ListKeys after deletion = %+v, %v", list, err)
	}
}

func TestUpdateKeyDescription(t *testing.T) {
	e := newEnv(t)
	client := e.root(acctA, regionA)
	m := createKey(t, client, nil)
	if _, err := client.UpdateKeyDescription(ctx(), &awskms.UpdateKeyDescriptionInput{KeyId: m.KeyId, Description: aws.String("new")}); err != nil {
		t.Fatal(err)
	}
	d, err := client.DescribeKey(ctx(), &awskms.DescribeKeyInput{KeyId: m.KeyId})
	if err != nil || aws.ToString(d.KeyMetadata.Description) != "new" {
		t.Fatalf("Description = %v, %v", d, err)
	}
}

func TestUnsupportedKeyKinds(t *testing.T) {
	e := newEnv(t)
	client := e.root(acctA, regionA)
	tests := []*awskms.CreateKeyInput{
		{KeySpec: types.KeySpecSm2, KeyUsage: types.KeyUsageTypeSignVerify},
	}
	for _, in := range tests {
		_, err := client.CreateKey(ctx(), in)
		var code string
		if err != nil {
			code = errorCode(err)
		}
		if code != "NotImplemented" {
			t.Errorf("CreateKey(%+v) = %v, want NotImplemented", in, err)
		}
	}
	// No custom key store exists: a key in one is refused as AWS refuses
	// a key in a store that does not exist.
	_, err := client.CreateKey(ctx(), &awskms.CreateKeyInput{CustomKeyStoreId: aws.String("cks-1234567890abcdef0")})
	wantError(t, err, "CustomKeyStoreNotFoundException", "")
}
