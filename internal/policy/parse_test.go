package policy_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/amityhq/amity/internal/policy"
)

func TestParseRefusals(t *testing.T) {
	const allowAll = `{"Effect":"Allow","Action":"*","Resource":"*"}`
	stmt := func(s string) string { return `{"Version":"2012-10-17","Statement":[` + s + `]}` }
	tests := []struct {
		name string
		kind policy.Kind
		doc  string
		want string // "" when the document is valid
	}{
		{"valid identity", policy.Identity, stmt(allowAll), ""},
		{"statement as one object", policy.Identity, `{"Version":"2012-10-17","Statement":` + allowAll + `}`, ""},
		{"not JSON", policy.Identity, `{"Version":`, "Syntax errors in policy."},
		{"trust not JSON", policy.Trust, `{"Version":`, "This policy contains invalid Json"},
		{"not an object", policy.Identity, `[]`, "Syntax errors in policy."},
		{"unknown top-level field", policy.Identity, `{"Version":"2012-10-17","Statement":[` + allowAll + `],"Foo":1}`, "Syntax errors in policy."},
		{"unknown version", policy.Identity, `{"Version":"2013-10-17","Statement":[` + allowAll + `]}`, "Syntax errors in policy."},
		{"managed 2008", policy.Identity, `{"Version":"2008-10-17","Statement":[` + allowAll + `]}`, "Policy document must be version 2012-10-17 or greater."},
		{"managed no version", policy.Identity, `{"Statement":[` + allowAll + `]}`, "Policy document must be version 2012-10-17 or greater."},
		{"inline no version", policy.Inline, `{"Statement":[` + allowAll + `]}`, ""},
		{"key policy 2008", policy.Key, `{"Version":"2008-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"kms:*","Resource":"*"}]}`, ""},
		{"empty Statement", policy.Identity, `{"Version":"2012-10-17","Statement":[]}`, "Syntax errors in policy."},
		{"no Statement", policy.Identity, `{"Version":"2012-10-17"}`, "Syntax errors in policy."},
		{"unknown statement field", policy.Identity, stmt(`{"Effect":"Allow","Action":"*","Resource":"*","Foo":"x"}`), "Syntax errors in policy."},
		{"Effect odd case", policy.Identity, stmt(`{"Effect":"denY","Action":"*","Resource":"*"}`), "The policy failed legacy parsing"},
		{"Effect unknown", policy.Identity, stmt(`{"Effect":"Maybe","Action":"*","Resource":"*"}`), "Syntax errors in policy."},
		{"Effect not a string", policy.Identity, stmt(`{"Effect":true,"Action":"*","Resource":"*"}`), "Syntax errors in policy."},
		{"Effect missing", policy.Identity, stmt(`{"Action":"*","Resource":"*"}`), "Syntax errors in policy."},
		{"principal in identity policy", policy.Identity, stmt(`{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}`), "Policy document should not specify a principal."},
		{"NotPrincipal in identity policy", policy.Inline, stmt(`{"Effect":"Deny","NotPrincipal":{"AWS":"111122223333"},"Action":"*","Resource":"*"}`), "Policy document should not specify a principal."},
		{"no resource", policy.Identity, stmt(`{"Effect":"Allow","Action":"*"}`), "Policy statement must contain resources."},
		{"empty resource list", policy.Identity, stmt(`{"Effect":"Allow","Action":"*","Resource":[]}`), "Policy statement must contain resources."},
		{"no action", policy.Identity, stmt(`{"Effect":"Allow","Resource":"*"}`), "Policy statement must contain actions."},
		{"action without vendor", policy.Identity, stmt(`{"Effect":"Allow","Action":"invalid","Resource":"*"}`), "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc."},
		{"action with two colons", policy.Identity, stmt(`{"Effect":"Allow","Action":"s3:List:Bucket","Resource":"*"}`), "Actions/Condition can contain only one colon."},
		{"unknown but well-formed service", policy.Identity, stmt(`{"Effect":"Allow","Action":"foo:Bar","Resource":"*"}`), ""},
		{"resource not an ARN", policy.Identity, stmt(`{"Effect":"Allow","Action":"s3:*","Resource":"adf"}`), `Resource adf must be in ARN format or "*".`},
		{"duplicate sids", policy.Identity, stmt(`{"Sid":"A","Effect":"Allow","Action":"*","Resource":"*"},{"Sid":"A","Effect":"Deny","Action":"*","Resource":"*"}`), "Statement IDs (SID) in a single policy must be unique."},
		{"sid with spaces in identity policy", policy.Identity, stmt(`{"Sid":"Allow use","Effect":"Allow","Action":"*","Resource":"*"}`), "Statement IDs (SID) must be alpha-numeric. Check that your input satisfies the regular expression [0-9A-Za-z]*"},
		{"sid with spaces in key policy", policy.Key, stmt(`{"Sid":"Enable IAM User Permissions","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"kms:*","Resource":"*"}`), ""},
		{"unknown condition operator", policy.Identity, stmt(`{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"StringEqualz":{"aws:username":"a"}}}`), "Syntax errors in policy."},
		{"Null with IfExists", policy.Identity, stmt(`{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"NullIfExists":{"aws:username":"true"}}}`), "Syntax errors in policy."},
		{"condition key without vendor", policy.Identity, stmt(`{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"StringEquals":{"username":"a"}}}`), "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc."},
		{"malformed date", policy.Identity, stmt(`{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"DateGreaterThan":{"aws:CurrentTime":"yesterday"}}}`), "The policy failed legacy parsing"},
		{"condition value an object", policy.Identity, stmt(`{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"StringEquals":{"aws:username":{"a":1}}}}`), "Syntax errors in policy."},
		{"trust with resource", policy.Trust, stmt(`{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole","Resource":"*"}`), "Has prohibited field Resource"},
		{"trust without principal", policy.Trust, stmt(`{"Effect":"Allow","Action":"sts:AssumeRole"}`), "Missing required field Principal"},
		// access_policies: "If you create a resource-based policy, this
		// element [Resource] is optional"; KMS key policies require it.
		{"resource policy without Resource", policy.Resource, stmt(`{"Effect":"Allow","Principal":{"AWS":"999999999999"},"Action":"sns:*"}`), ""},
		{"key policy without Resource", policy.Key, stmt(`{"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"kms:*"}`), "Policy statement must contain resources."},
		{"valid trust", policy.Trust, stmt(`{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com","AWS":"arn:aws:iam::111122223333:root"},"Action":"sts:AssumeRole"}`), ""},
		{"principal wildcard inside ARN", policy.Trust, stmt(`{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:user/*"},"Action":"sts:AssumeRole"}`), `Invalid principal in policy: "AWS":"arn:aws:iam::111122223333:user/*"`},
		{"principal not an ARN", policy.Key, stmt(`{"Effect":"Allow","Principal":{"AWS":"bob"},"Action":"kms:*","Resource":"*"}`), `Invalid principal in policy: "AWS":"bob"`},
		{"principal group ARN", policy.Key, stmt(`{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:group/admins"},"Action":"kms:*","Resource":"*"}`), `Invalid principal in policy: "AWS":"arn:aws:iam::111122223333:group/admins"`},
		{"bad service principal", policy.Trust, stmt(`{"Effect":"Allow","Principal":{"Service":"ec2 amazonaws"},"Action":"sts:AssumeRole"}`), `Invalid principal in policy: "SERVICE":"ec2 amazonaws"`},
		{"principal unknown type", policy.Trust, stmt(`{"Effect":"Allow","Principal":{"Group":"x"},"Action":"sts:AssumeRole"}`), "Syntax errors in policy."},
		{"principal string other than star", policy.Key, stmt(`{"Effect":"Allow","Principal":"111122223333","Action":"kms:*","Resource":"*"}`), "Syntax errors in policy."},
		{"Action and NotAction", policy.Identity, stmt(`{"Effect":"Allow","Action":"*","NotAction":"s3:*","Resource":"*"}`), "Syntax errors in policy."},
		{"Action a number", policy.Identity, stmt(`{"Effect":"Allow","Action":5,"Resource":"*"}`), "Syntax errors in policy."},
		{"session policy", policy.Session, stmt(allowAll), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := policy.Parse(tt.kind, "test", tt.doc)
			if tt.want == "" {
				if err != nil {
					t.Fatalf("Parse: unexpected error %v", err)
				}
				return
			}
			var verr *policy.ValidationError
			if !errors.As(err, &verr) {
				t.Fatalf("Parse: error %v, want ValidationError %q", err, tt.want)
			}
			if verr.Message != tt.want {
				t.Errorf("message %q, want %q", verr.Message, tt.want)
			}
		})
	}
}

func TestPrincipalsLists(t *testing.T) {
	p := mustParse(t, policy.Trust, `{"Version":"2012-10-17","Statement":[{"Effect":"Allow",
		"Principal":{"Service":"ec2.amazonaws.com","AWS":["111122223333","arn:aws:iam::444455556666:role/x"]},"Action":"sts:AssumeRole"}]}`)
	var got []string
	for _, r := range p.Principals() {
		got = append(got, r.Type+"="+r.Value)
	}
	want := "AWS=111122223333 AWS=arn:aws:iam::444455556666:role/x Service=ec2.amazonaws.com"
	if strings.Join(got, " ") != want {
		t.Errorf("Principals() = %v, want %s", got, want)
	}
}

func TestSize(t *testing.T) {
	if n := policy.Size("{ \"a\" :\n\t\"b c\" }"); n != 10 {
		t.Errorf("Size = %d, want 10", n)
	}
}
