package kms_test

import (
	"fmt"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awskms "github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/kms/types"
)

// TestOnDemandRotations: ListKeyRotations shows each rotation with its
// key material id (the key's current one last), and the 26th on-demand
// rotation is refused; only symmetric encryption keys rotate.
func TestOnDemandRotations(t *testing.T) {
	e := newEnv(t)
	client := e.root(acctA, regionA)
	m := createKey(t, client, nil)
	for range 25 {
		if _, err := client.RotateKeyOnDemand(ctx(), &awskms.RotateKeyOnDemandInput{KeyId: m.KeyId}); err != nil {
			t.Fatal(err)
		}
	}
	_, err := client.RotateKeyOnDemand(ctx(), &awskms.RotateKeyOnDemandInput{KeyId: m.KeyId})
	wantError(t, err, "LimitExceededException", "-")
	d, _ := client.DescribeKey(ctx(), &awskms.DescribeKeyInput{KeyId: m.KeyId})
	out, err := client.ListKeyRotations(ctx(), &awskms.ListKeyRotationsInput{KeyId: m.KeyId, Limit: aws.Int32(100)})
	if err != nil || len(out.Rotations) != 25 {
		t.Fatalf("ListKeyRotations = %d rotations, %v", len(out.Rotations), err)
	}
	last := out.Rotations[24]
	if aws.ToString(last.KeyMaterialId) != aws.ToString(d.KeyMetadata.CurrentKeyMaterialId) || last.KeyMaterialState != types.KeyMaterialStateCurrent ||
		last.RotationType != types.RotationTypeOnDemand || last.RotationDate == nil {
		t.Fatalf("last rotation = %+v, current material %s", last, aws.ToString(d.KeyMetadata.CurrentKeyMaterialId))
	}
	all, _ := client.ListKeyRotations(ctx(), &awskms.ListKeyRotationsInput{KeyId: m.KeyId, IncludeKeyMaterial: types.IncludeKeyMaterialAllKeyMaterial, Limit: aws.Int32(100)})
	if len(all.Rotations) != 26 || aws.ToString(all.Rotations[0].KeyMaterialId) != aws.ToString(m.CurrentKeyMaterialId) {
		t.Fatalf("ALL_KEY_MATERIAL = %d entries", len(all.Rotations))
	}
	ec := createKey(t, client, &awskms.CreateKeyInput{KeySpec: types.KeySpecEccNistP256, KeyUsage: types.KeyUsageTypeSignVerify})
	_, err = client.RotateKeyOnDemand(ctx(), &awskms.RotateKeyOnDemandInput{KeyId: ec.KeyId})
	wantError(t, err, "UnsupportedOperationException", "-")
	_, err = client.EnableKeyRotation(ctx(), &awskms.EnableKeyRotationInput{KeyId: ec.KeyId})
	wantError(t, err, "UnsupportedOperationException", "-")
}

func TestTagRules(t *testing.T) {
	e := newEnv(t)
	client := e.root(acctA, regionA)
	tag := func(k string) types.Tag { return types.Tag{TagKey: aws.String(k), TagValue: aws.String("v")} }
	_, err := client.CreateKey(ctx(), &awskms.CreateKeyInput{Tags: []types.Tag{tag("a"), tag("a")}})
	wantError(t, err, "TagException", "Duplicate tag keys")
	var fifty []types.Tag
	for i := range 50 {
		fifty = append(fifty, tag(fmt.Sprint("k", i)))
	}
	_, err = client.CreateKey(ctx(), &awskms.CreateKeyInput{Tags: append(fifty, tag("one more"))})
	wantError(t, err, "TagException", "-")
	m := createKey(t, client, &awskms.CreateKeyInput{Tags: fifty})
	_, err = client.TagResource(ctx(), &awskms.TagResourceInput{KeyId: m.KeyId, Tags: []types.Tag{tag("new")}})
	wantError(t, err, "TagException", "-")
	if _, err := client.TagResource(ctx(), &awskms.TagResourceInput{KeyId: m.KeyId, Tags: []types.Tag{tag("k1")}}); err != nil {
		t.Fatalf("replacing a tag's value: %v", err)
	}
	_, err = client.TagResource(ctx(), &awskms.TagResourceInput{KeyId: m.KeyId, Tags: []types.Tag{tag("aws:x")}})
	wantError(t, err, "TagException", "Tags beginning with aws: are reserved")
}

func TestCreateGrantPrincipals(t *testing.T) {
	e := newEnv(t)
	client := e.root(acctA, regionA)
	m := createKey(t, client, nil)
	grant := func(grantee, retiring string, ops ...types.GrantOperation) error {
		in := &awskms.CreateGrantInput{KeyId: m.KeyId, GranteePrincipal: aws.String(grantee), Operations: ops}
		if retiring != "" {
			in.RetiringPrincipal = aws.String(retiring)
		}
		_, err := client.CreateGrant(ctx(), in)
		return err
	}
	for _, ok := range []string{userARN(acctA, "u"), "arn:aws:iam::" + acctB + ":root", "arn:aws:iam::" + acctA + ":role/r",
		"arn:aws:sts::" + acctA + ":assumed-role/aws:ec2-infrastructure/i-0123", "ec2.eu-west-1.amazonaws.com"} {
		if err := grant(ok, "", types.GrantOperationDecrypt); err != nil {
			t.Errorf("grantee %s: %v", ok, err)
		}
	}
	for _, bad := range []string{"notanarn", "arn:aws:s3:::bucket", "arn:aws:iam::12:user/u", "arn:aws:iam::" + acctA + ":group/g"} {
		wantError(t, grant(bad, "", types.GrantOperationDecrypt), "InvalidArnException", "ARN does not refer to a valid principal: "+bad)
	}
	wantError(t, grant(userARN(acctA, "u"), "notanarn", types.GrantOperationDecrypt), "InvalidArnException", "-")
	wantError(t, grant(userARN(acctA, "u"), "", types.GrantOperationCreateGrant), "ValidationException", "Grants must not contain only the CreateGrant operation.")
}
