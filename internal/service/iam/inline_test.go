package iam_test

import (
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
)

// inlineOps drives the inline-policy operations of one entity type.
type inlineOps struct {
	noun   string
	create func(c *iam.Client, name string) error
	put    func(c *iam.Client, name, policy, doc string) error
	get    func(c *iam.Client, name, policy string) (string, error)
	list   func(c *iam.Client, name string) ([]string, error)
	del    func(c *iam.Client, name, policy string) error
	quota  int
}

var inlineKinds = []inlineOps{
	{noun: "user", quota: 2048,
		create: func(c *iam.Client, n string) error {
			_, err := c.CreateUser(ctx, &iam.CreateUserInput{UserName: &n})
			return err
		},
		put: func(c *iam.Client, n, p, d string) error {
			_, err := c.PutUserPolicy(ctx, &iam.PutUserPolicyInput{UserName: &n, PolicyName: &p, PolicyDocument: &d})
			return err
		},
		get: func(c *iam.Client, n, p string) (string, error) {
			out, err := c.GetUserPolicy(ctx, &iam.GetUserPolicyInput{UserName: &n, PolicyName: &p})
			if err != nil {
				return "", err
			}
			return *out.PolicyDocument, nil
		},
		list: func(c *iam.Client, n string) ([]string, error) {
			out, err := c.ListUserPolicies(ctx, &iam.ListUserPoliciesInput{UserName: &n})
			if err != nil {
				return nil, err
			}
			return out.PolicyNames, nil
		},
		del: func(c *iam.Client, n, p string) error {
			_, err := c.DeleteUserPolicy(ctx, &iam.DeleteUserPolicyInput{UserName: &n, PolicyName: &p})
			return err
		}},
	{noun: "group", quota: 5120,
		create: func(c *iam.Client, n string) error {
			_, err := c.CreateGroup(ctx, &iam.CreateGroupInput{GroupName: &n})
			return err
		},
		put: func(c *iam.Client, n, p, d string) error {
			_, err := c.PutGroupPolicy(ctx, &iam.PutGroupPolicyInput{GroupName: &n, PolicyName: &p, PolicyDocument: &d})
			return err
		},
		get: func(c *iam.Client, n, p string) (string, error) {
			out, err := c.GetGroupPolicy(ctx, &iam.GetGroupPolicyInput{GroupName: &n, PolicyName: &p})
			if err != nil {
				return "", err
			}
			return *out.PolicyDocument, nil
		},
		list: func(c *iam.Client, n string) ([]string, error) {
			out, err := c.ListGroupPolicies(ctx, &iam.ListGroupPoliciesInput{GroupName: &n})
			if err != nil {
				return nil, err
			}
			return out.PolicyNames, nil
		},
		del: func(c *iam.Client, n, p string) error {
			_, err := c.DeleteGroupPolicy(ctx, &iam.DeleteGroupPolicyInput{GroupName: &n, PolicyName: &p})
			return err
		}},
	{noun: "role", quota: 10240,
		create: func(c *iam.Client, n string) error {
			_, err := c.CreateRole(ctx, &iam.CreateRoleInput{RoleName: &n, AssumeRolePolicyDocument: aws.String(trustEC2)})
			return err
		},
		put: func(c *iam.Client, n, p, d string) error {
			_, err := c.PutRolePolicy(ctx, &iam.PutRolePolicyInput{RoleName: &n, PolicyName: &p, PolicyDocument: &d})
			return err
		},
		get: func(c *iam.Client, n, p string) (string, error) {
			out, err := c.GetRolePolicy(ctx, &iam.GetRolePolicyInput{RoleName: &n, PolicyName: &p})
			if err != nil {
				return "", err
			}
			return *out.PolicyDocument, nil
		},
		list: func(c *iam.Client, n string) ([]string, error) {
			out, err := c.ListRolePolicies(ctx, &iam.ListRolePoliciesInput{RoleName: &n})
			if err != nil {
				return nil, err
			}
			return out.PolicyNames, nil
		},
		del: func(c *iam.Client, n, p string) error {
			_, err := c.DeleteRolePolicy(ctx, &iam.DeleteRolePolicyInput{RoleName: &n, PolicyName: &p})
			return err
		}},
}

// sized is an identity policy of exactly n characters without white
// space (policy.Size), its Sid padding it out.
func sized(n int) string {
	head := `{"Version":"2012-10-17","Statement":[{"Sid":"`
	tail := `","Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}`
	return head + strings.Repeat("a", n-len(head)-len(tail)) + tail
}

func TestInlinePolicies(t *testing.T) {
	for _, k := range inlineKinds {
		t.Run(k.noun, func(t *testing.T) {
			e := newEnv(t)
			root := e.root(account)
			if err := k.create(root, "e"); err != nil {
				t.Fatal(err)
			}
			doc := "{\"Version\": \"2012-10-17\", \"Statement\": {\"Effect\": \"Allow\", \"Action\": \"s3:ListBucket\", \"Resource\": \"*\"}}"
			for _, p := range []string{"b", "a"} {
				if err := k.put(root, "e", p, doc); err != nil {
					t.Fatal(err)
				}
			}
			got, err := k.get(root, "e", "a")
			if decoded, _ := url.PathUnescape(got); err != nil || decoded != doc || !strings.Contains(got, "%20") {
				t.Errorf("Get%sPolicy = %q (%v), want the document URL-encoded", k.noun, got, err)
			}
			if names, err := k.list(root, "e"); err != nil || !slices.Equal(names, []string{"a", "b"}) {
				t.Errorf("List%sPolicies = %v (%v), want a and b", k.noun, names, err)
			}

			// The quota counts all of the entity's inline policies together.
			half := k.quota / 2
			if err := k.put(root, "e", "a", sized(half)); err != nil {
				t.Fatal(err)
			}
			if err := k.put(root, "e", "b", sized(k.quota-half)); err != nil {
				t.Fatalf("policies adding up to the quota: %v", err)
			}
			wantError(t, k.put(root, "e", "c", sized(200)), apiError{"LimitExceeded",
				"Maximum policy size of " + strconv.Itoa(k.quota) + " bytes exceeded for " + k.noun + " e", 409})

			wantError(t, k.put(root, "e", "p", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*"}]}`),
				apiError{"MalformedPolicyDocument", "Policy statement must contain resources.", 400})
			wantError(t, k.put(root, "e", "p", `{"Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*","Sid":"a-b"}]}`),
				apiError{"MalformedPolicyDocument", "Statement IDs (SID) must be alpha-numeric. Check that your input satisfies the regular expression [0-9A-Za-z]*", 400})
			if err := k.del(root, "e", "a"); err != nil {
				t.Fatal(err)
			}
			missing := apiError{"NoSuchEntity", "The " + k.noun + " policy with name a cannot be found.", 404}
			_, err = k.get(root, "e", "a")
			wantError(t, err, missing)
			wantError(t, k.del(root, "e", "a"), missing)
			wantError(t, k.put(root, "nobody", "p", doc), apiError{"NoSuchEntity", "The " + k.noun + " with name nobody cannot be found.", 404})
		})
	}
}
