package kms_test

import (
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awskms "github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/kms/types"

	"github.com/amityhq/amity/internal/api/kmsapi"
	"github.com/amityhq/amity/internal/authz"
)

// seedKeyPolicy is seed 002's key policy: account A's own root statement,
// and "Allow use of the key" and "Allow attachment of persistent
// resources" for account B.
func seedKeyPolicy() string {
	principals := `{"AWS":["arn:aws:iam::` + acctA + `:root","arn:aws:iam::` + acctB + `:root"]}`
	return keyPolicy(rootStatement(acctA),
		`{"Sid":"Allow use of the key","Effect":"Allow","Principal":`+principals+`,
		  "Action":["kms:Encrypt","kms:Decrypt","kms:ReEncrypt*","kms:GenerateDataKey*","kms:DescribeKey"],"Resource":"*"}`,
		`{"Sid":"Allow attachment of persistent resources","Effect":"Allow","Principal":`+principals+`,
		  "Action":["kms:CreateGrant","kms:ListGrants","kms:RevokeGrant"],"Resource":"*",
		  "Condition":{"Bool":{"kms:GrantIsForAWSResource":"true"}}}`)
}

// kmsKeyUsagePolicy is seed 002's identity policy for the key, with the
// Bool condition's value written as given (true, or "true").
func kmsKeyUsagePolicy(keyARN, boolValue string) string {
	return `{"Version":"2012-10-17","Statement":[
	  {"Sid":"AllowUseOfTheKey","Effect":"Allow","Action":["kms:Encrypt","kms:Decrypt","kms:ReEncrypt*","kms:GenerateDataKey*","kms:DescribeKey"],
	   "Resource":["` + keyARN + `"]},
	  {"Sid":"AllowAttachmentOfPersistentResources","Effect":"Allow","Action":["kms:CreateGrant","kms:ListGrants","kms:RevokeGrant"],
	   "Resource":["` + keyARN + `"],"Condition":{"Bool":{"kms:GrantIsForAWSResource":` + boolValue + `}}}]}`
}

// launch does what EC2 does with the volume key when an account-B user
// launches an instance from an AMI copied with account A's key: EC2 calls
// KMS on the user's behalf (DescribeKey, GenerateDataKeyWithoutPlaintext
// for the volume, CreateGrant for the instance).
func launch(svc kmsapi.API, user *authz.Request, keyARN string) error {
	ec2 := authz.WithRequest(ctx(), user.OnBehalf("ec2."+regionA+".amazonaws.com", "ec2-frontend-api.amazonaws.com"))
	if _, err := svc.DescribeKey(ec2, &kmsapi.DescribeKeyInput{KeyId: &keyARN}); err != nil {
		return err
	}
	ec := map[string]string{"aws:ebs:id": "vol-0894f908458cca170"}
	if _, err := svc.GenerateDataKeyWithoutPlaintext(ec2, &kmsapi.GenerateDataKeyWithoutPlaintextInput{KeyId: &keyARN,
		NumberOfBytes: aws.Int32(64), EncryptionContext: ec}); err != nil {
		return err
	}
	_, err := svc.CreateGrant(ec2, &kmsapi.CreateGrantInput{KeyId: &keyARN,
		GranteePrincipal:  aws.String("arn:aws:sts::" + acctB + ":assumed-role/aws:ec2-infrastructure/i-0c9d812c0cfa2790f"),
		RetiringPrincipal: aws.String("ec2." + regionA + ".amazonaws.com"),
		Operations:        []string{"Decrypt"},
		Constraints:       &kmsapi.GrantConstraints{EncryptionContextSubset: ec}})
	return err
}

// S5: across accounts both the key policy and the user's identity policy
// are needed; either alone fails. The Bool condition works with true and
// "true".
func TestS5CrossAccountKeyUse(t *testing.T) {
	tests := []struct {
		name      string
		shared    bool   // the key policy names account B
		identity  string // the Bool value in KmsKeyUsagePolicy, "" for no policy
		wantError string // the reason of the denial, "" for success
	}{
		{"neither", false, "", " because no resource-based policy allows the kms:DescribeKey action"},
		{"key policy alone", true, "", " because no identity-based policy allows the kms:DescribeKey action"},
		{"identity policy alone", false, "true", " because no resource-based policy allows the kms:DescribeKey action"},
		{"both", true, "true", ""},
		{"both, string true", true, `"true"`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t)
			in := &awskms.CreateKeyInput{}
			if tt.shared {
				in.Policy = aws.String(seedKeyPolicy())
			}
			m := createKey(t, e.root(acctA, regionA), in)
			arn := aws.ToString(m.Arn)
			var docs []string
			if tt.identity != "" {
				docs = append(docs, kmsKeyUsagePolicy(arn, tt.identity))
			}
			client, user := e.user(acctB, regionA, "launcher", docs...)
			err := launch(e.svc, user, arn)
			if tt.wantError != "" {
				wantCode(t, err, "AccessDeniedException", "User: arn:aws:iam::"+acctB+":user/launcher is not authorized to perform: kms:DescribeKey on resource: "+
					arn+tt.wantError)
				return
			}
			if err != nil {
				t.Fatalf("launch: %v", err)
			}
			// The user may use the key directly too, by its ARN ...
			enc, err := client.Encrypt(ctx(), &awskms.EncryptInput{KeyId: m.Arn, Plaintext: []byte("x")})
			if err != nil {
				t.Fatalf("Encrypt across accounts: %v", err)
			}
			if _, err := client.Decrypt(ctx(), &awskms.DecryptInput{CiphertextBlob: enc.CiphertextBlob}); err != nil {
				t.Fatalf("Decrypt across accounts: %v", err)
			}
			// ... but never create a grant itself: kms:GrantIsForAWSResource
			// is true only when an AWS service calls.
			_, err = client.CreateGrant(ctx(), &awskms.CreateGrantInput{KeyId: m.Arn, Operations: []types.GrantOperation{types.GrantOperationDecrypt},
				GranteePrincipal: aws.String("arn:aws:iam::" + acctB + ":user/launcher")})
			wantError(t, err, "AccessDeniedException", "User: arn:aws:iam::"+acctB+":user/launcher is not authorized to perform: kms:CreateGrant on resource: "+
				arn+" because no resource-based policy allows the kms:CreateGrant action")
			// A key id alone names a key of the caller's own account.
			_, err = client.DescribeKey(ctx(), &awskms.DescribeKeyInput{KeyId: m.KeyId})
			wantError(t, err, "NotFoundException", "Key 'arn:aws:kms:"+regionA+":"+acctB+":key/"+aws.ToString(m.KeyId)+"' does not exist")
		})
	}
}

// S6: a user with only ec2:* starting an instance: EC2's CreateGrant on the
// user's behalf is denied, with the reason AWS gives today after the seed's
// prefix.
func TestS6CreateGrantDeniedForEC2User(t *testing.T) {
	e := newEnv(t)
	m := createKey(t, e.root(acctA, regionA), nil)
	_, user := e.user(acctA, regionA, "test", allowAll("ec2:*", "*"))
	ec2 := authz.WithRequest(ctx(), user.OnBehalf("ec2."+regionA+".amazonaws.com", "ec2-frontend-api.amazonaws.com"))
	_, err := e.svc.CreateGrant(ec2, &kmsapi.CreateGrantInput{KeyId: m.Arn, Operations: []string{"Decrypt"},
		GranteePrincipal: aws.String("arn:aws:sts::" + acctA + ":assumed-role/aws:ec2-infrastructure/i-0c9d812c0cfa2790f")})
	prefix := "User: arn:aws:iam::" + acctA + ":user/test is not authorized to perform: kms:CreateGrant on resource: " + aws.ToString(m.Arn)
	wantCode(t, err, "AccessDeniedException", prefix+" because no identity-based policy allows the kms:CreateGrant action")
	if !strings.HasPrefix(err.Error(), "AccessDeniedException: "+prefix) {
		t.Fatalf("message does not begin with the seed's text: %v", err)
	}
	// The fix: an identity policy allowing CreateGrant for AWS resources.
	e.policies.set(acctA+"/user/test", t, allowAll("ec2:*", "*"), `{"Version":"2012-10-17","Statement":[{"Effect":"Allow",
	  "Action":"kms:CreateGrant","Resource":"`+aws.ToString(m.Arn)+`","Condition":{"Bool":{"kms:GrantIsForAWSResource":true}}}]}`)
	if _, err := e.svc.CreateGrant(ec2, &kmsapi.CreateGrantInput{KeyId: m.Arn, Operations: []string{"Decrypt"},
		GranteePrincipal: aws.String("arn:aws:sts::" + acctA + ":assumed-role/aws:ec2-infrastructure/i-0c9d812c0cfa2790f")}); err != nil {
		t.Fatalf("CreateGrant after the fix: %v", err)
	}
}
