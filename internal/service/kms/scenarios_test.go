package kms_test

import (
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
	return keyPolicy(rootStatement(acctA), keyUseStatement(), attachmentStatement())
}

// seedPrincipals are the principals of seed 002's statements for account B.
const seedPrincipals = `{"AWS":["arn:aws:iam::` + acctA + `:root","arn:aws:iam::` + acctB + `:root"]}`

func keyUseStatement() string {
	return `{"Sid":"Allow use of the key","Effect":"Allow","Principal":` + seedPrincipals + `,
	  "Action":["kms:Encrypt","kms:Decrypt","kms:ReEncrypt*","kms:GenerateDataKey*","kms:DescribeKey"],"Resource":"*"}`
}

func attachmentStatement() string {
	return `{"Sid":"Allow attachment of persistent resources","Effect":"Allow","Principal":` + seedPrincipals + `,
	  "Action":["kms:CreateGrant","kms:ListGrants","kms:RevokeGrant"],"Resource":"*",
	  "Condition":{"Bool":{"kms:GrantIsForAWSResource":"true"}}}`
}

// kmsKeyUsagePolicy is seed 002's identity policy for the key, with the
// Bool condition's value written as given (true, or "true").
func kmsKeyUsagePolicy(keyARN, boolValue string) string {
	return `{"Version":"2012-10-17","Statement":[` + identityKeyUse(keyARN) + `,
	  {"Sid":"AllowAttachmentOfPersistentResources","Effect":"Allow","Action":["kms:CreateGrant","kms:ListGrants","kms:RevokeGrant"],
	   "Resource":["` + keyARN + `"],"Condition":{"Bool":{"kms:GrantIsForAWSResource":` + boolValue + `}}}]}`
}

// identityKeyUse is the first statement of KmsKeyUsagePolicy alone.
func identityKeyUse(keyARN string) string {
	return `{"Sid":"AllowUseOfTheKey","Effect":"Allow","Action":["kms:Encrypt","kms:Decrypt","kms:ReEncrypt*","kms:GenerateDataKey*","kms:DescribeKey"],
	   "Resource":["` + keyARN + `"]}`
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
// are needed; either alone fails, and so does either without its grant
// statement (EC2's CreateGrant). The Bool condition works with true and
// "true".
func TestS5CrossAccountKeyUse(t *testing.T) {
	const (
		useOnly    = "use only"   // the key policy shares only "Allow use of the key"
		usePolicy  = "use policy" // the identity policy has only AllowUseOfTheKey
		noneShared = ""           // the key policy does not name account B
	)
	tests := []struct {
		name      string
		shared    string // "all", useOnly or noneShared
		identity  string // the Bool value in KmsKeyUsagePolicy, usePolicy, or "" for no policy
		action    string // the action denied, "" for success
		wantError string // the reason of the denial
	}{
		{"neither", noneShared, "", "DescribeKey", " because no resource-based policy allows the kms:DescribeKey action"},
		{"key policy alone", "all", "", "DescribeKey", " because no identity-based policy allows the kms:DescribeKey action"},
		{"identity policy alone", noneShared, "true", "DescribeKey", " because no resource-based policy allows the kms:DescribeKey action"},
		{"identity policy alone, string true", noneShared, `"true"`, "DescribeKey", " because no resource-based policy allows the kms:DescribeKey action"},
		{"key policy without the attachment statement", useOnly, "true", "CreateGrant", " because no resource-based policy allows the kms:CreateGrant action"},
		{"identity policy without the attachment statement", "all", usePolicy, "CreateGrant", " because no identity-based policy allows the kms:CreateGrant action"},
		{"both", "all", "true", "", ""},
		{"both, string true", "all", `"true"`, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t)
			in := &awskms.CreateKeyInput{}
			switch tt.shared {
			case "all":
				in.Policy = aws.String(seedKeyPolicy())
			case useOnly:
				in.Policy = aws.String(keyPolicy(rootStatement(acctA), keyUseStatement()))
			}
			m := createKey(t, e.root(acctA, regionA), in)
			arn := aws.ToString(m.Arn)
			var docs []string
			switch tt.identity {
			case "":
			case usePolicy:
				docs = append(docs, `{"Version":"2012-10-17","Statement":[`+identityKeyUse(arn)+`]}`)
			default:
				docs = append(docs, kmsKeyUsagePolicy(arn, tt.identity))
			}
			client, user := e.user(acctB, regionA, "launcher", docs...)
			err := launch(e.svc, user, arn)
			if tt.action != "" {
				wantCode(t, err, "AccessDeniedException", "User: arn:aws:iam::"+acctB+":user/launcher is not authorized to perform: kms:"+tt.action+
					" on resource: "+arn+tt.wantError)
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
// prefix, until one of the two fixes of AWS_TEXTS.md (correction 1) is
// made. The user never may create the grant itself.
func TestS6CreateGrantForEC2User(t *testing.T) {
	userARN := "arn:aws:iam::" + acctA + ":user/test"
	grantCreateGrant := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"kms:CreateGrant","Resource":"*",
	  "Condition":{"Bool":{"kms:GrantIsForAWSResource":true}}}]}`
	admin := `{"Sid":"Key administrators","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::` + acctA + `:user/admin"},"Action":"kms:*","Resource":"*"}`
	namingUser := `{"Sid":"Allow attachment of persistent resources","Effect":"Allow","Principal":{"AWS":"` + userARN + `"},
	  "Action":"kms:CreateGrant","Resource":"*","Condition":{"Bool":{"kms:GrantIsForAWSResource":"true"}}}`
	denyGrants := `{"Effect":"Deny","Principal":{"AWS":"*"},"Action":"kms:CreateGrant","Resource":"*"}`
	tests := []struct {
		name      string
		keyPolicy string   // "" for the default policy (the root statement)
		identity  []string // besides ec2:*
		direct    bool     // the user calls CreateGrant itself, not EC2
		reason    string   // "" when allowed
	}{
		{"the seed: ec2:* only", "", nil, false, " because no identity-based policy allows the kms:CreateGrant action"},
		{"key policy without the root statement", keyPolicy(admin), nil, false,
			" because no resource-based policy allows the kms:CreateGrant action"},
		{"fix (a): an IAM allow for AWS resources", "", []string{grantCreateGrant}, false, ""},
		{"fix (a) without the root statement to let IAM decide", keyPolicy(admin), []string{grantCreateGrant}, false,
			" because no resource-based policy allows the kms:CreateGrant action"},
		{"fix (b): the key policy names the user", keyPolicy(admin, namingUser), nil, false, ""},
		{"fix (a), called directly", "", []string{grantCreateGrant}, true,
			" because no identity-based policy allows the kms:CreateGrant action"},
		{"fix (b), called directly", keyPolicy(admin, namingUser), nil, true,
			" because no resource-based policy allows the kms:CreateGrant action"},
		{"an explicit deny in the key policy", keyPolicy(rootStatement(acctA), denyGrants), []string{grantCreateGrant}, false,
			" with an explicit deny in a resource-based policy"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t)
			root := withRequest(e.rootRequest(acctA, regionA))
			in := &kmsapi.CreateKeyInput{}
			if tt.keyPolicy != "" {
				in.Policy, in.BypassPolicyLockoutSafetyCheck = aws.String(tt.keyPolicy), aws.Bool(true)
			}
			out, err := e.svc.CreateKey(root, in)
			if err != nil {
				t.Fatal(err)
			}
			arn := aws.ToString(out.KeyMetadata.Arn)
			_, user := e.user(acctA, regionA, "test", append([]string{allowAll("ec2:*", "*")}, tt.identity...)...)
			caller := withRequest(user.OnBehalf("ec2."+regionA+".amazonaws.com", "ec2-frontend-api.amazonaws.com"))
			if tt.direct {
				caller = withRequest(user)
			}
			_, err = e.svc.CreateGrant(caller, &kmsapi.CreateGrantInput{KeyId: &arn, Operations: []string{"Decrypt"},
				GranteePrincipal:  aws.String("arn:aws:sts::" + acctA + ":assumed-role/aws:ec2-infrastructure/i-0c9d812c0cfa2790f"),
				RetiringPrincipal: aws.String("ec2." + regionA + ".amazonaws.com"),
				Constraints:       &kmsapi.GrantConstraints{EncryptionContextSubset: map[string]string{"aws:ebs:id": "vol-0894f908458cca170"}}})
			if tt.reason == "" {
				if err != nil {
					t.Fatalf("CreateGrant: %v", err)
				}
				return
			}
			// The seed's text is the prefix; AWS appends the reason today.
			prefix := "User: " + userARN + " is not authorized to perform: kms:CreateGrant on resource: " + arn
			wantCode(t, err, "AccessDeniedException", prefix+tt.reason)
		})
	}
}
