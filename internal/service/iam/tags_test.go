package iam_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/iam/types"
)

func tagList(kv ...string) []types.Tag {
	var tags []types.Tag
	for i := 0; i < len(kv); i += 2 {
		tags = append(tags, types.Tag{Key: aws.String(kv[i]), Value: aws.String(kv[i+1])})
	}
	return tags
}

func tagPairs(tags []types.Tag) []string {
	var out []string
	for _, t := range tags {
		out = append(out, *t.Key+"="+*t.Value)
	}
	return out
}

// tagOps drives the tag operations of one taggable thing, named by id.
type tagOps struct {
	name   string
	id     string
	tag    func(c *iam.Client, id string, tags []types.Tag) error
	untag  func(c *iam.Client, id string, keys []string) error
	list   func(c *iam.Client, id string) ([]types.Tag, error)
	quota  string
	create func(c *iam.Client) error
}

func TestTags(t *testing.T) {
	kinds := []tagOps{
		{name: "user", id: "u", quota: "TagsPerUser",
			create: func(c *iam.Client) error {
				_, err := c.CreateUser(ctx, &iam.CreateUserInput{UserName: aws.String("u"), Tags: tagList("team", "blue")})
				return err
			},
			tag: func(c *iam.Client, id string, tags []types.Tag) error {
				_, err := c.TagUser(ctx, &iam.TagUserInput{UserName: &id, Tags: tags})
				return err
			},
			untag: func(c *iam.Client, id string, keys []string) error {
				_, err := c.UntagUser(ctx, &iam.UntagUserInput{UserName: &id, TagKeys: keys})
				return err
			},
			list: func(c *iam.Client, id string) ([]types.Tag, error) {
				out, err := c.ListUserTags(ctx, &iam.ListUserTagsInput{UserName: &id})
				if err != nil {
					return nil, err
				}
				return out.Tags, nil
			}},
		{name: "role", id: "r", quota: "TagsPerRole",
			create: func(c *iam.Client) error {
				_, err := c.CreateRole(ctx, &iam.CreateRoleInput{RoleName: aws.String("r"), AssumeRolePolicyDocument: aws.String(trustEC2),
					Tags: tagList("team", "blue")})
				return err
			},
			tag: func(c *iam.Client, id string, tags []types.Tag) error {
				_, err := c.TagRole(ctx, &iam.TagRoleInput{RoleName: &id, Tags: tags})
				return err
			},
			untag: func(c *iam.Client, id string, keys []string) error {
				_, err := c.UntagRole(ctx, &iam.UntagRoleInput{RoleName: &id, TagKeys: keys})
				return err
			},
			list: func(c *iam.Client, id string) ([]types.Tag, error) {
				out, err := c.ListRoleTags(ctx, &iam.ListRoleTagsInput{RoleName: &id})
				if err != nil {
					return nil, err
				}
				return out.Tags, nil
			}},
		{name: "policy", id: "arn:aws:iam::111122223333:policy/p", quota: "TagsPerPolicy",
			create: func(c *iam.Client) error {
				_, err := c.CreatePolicy(ctx, &iam.CreatePolicyInput{PolicyName: aws.String("p"), PolicyDocument: aws.String(readS3),
					Tags: tagList("team", "blue")})
				return err
			},
			tag: func(c *iam.Client, id string, tags []types.Tag) error {
				_, err := c.TagPolicy(ctx, &iam.TagPolicyInput{PolicyArn: &id, Tags: tags})
				return err
			},
			untag: func(c *iam.Client, id string, keys []string) error {
				_, err := c.UntagPolicy(ctx, &iam.UntagPolicyInput{PolicyArn: &id, TagKeys: keys})
				return err
			},
			list: func(c *iam.Client, id string) ([]types.Tag, error) {
				out, err := c.ListPolicyTags(ctx, &iam.ListPolicyTagsInput{PolicyArn: &id})
				if err != nil {
					return nil, err
				}
				return out.Tags, nil
			}},
	}
	for _, k := range kinds {
		t.Run(k.name, func(t *testing.T) {
			e := newEnv(t)
			root := e.root(account)
			if err := k.create(root); err != nil {
				t.Fatal(err)
			}
			// A key already there (in any case) takes the new value in place.
			if err := k.tag(root, k.id, tagList("env", "prod", "TEAM", "red")); err != nil {
				t.Fatal(err)
			}
			tags, err := k.list(root, k.id)
			if got := fmt.Sprint(tagPairs(tags)); err != nil || got != "[team=red env=prod]" {
				t.Errorf("tags = %s (%v), want [team=red env=prod]", got, err)
			}
			if err := k.untag(root, k.id, []string{"Team"}); err != nil {
				t.Fatal(err)
			}
			tags, _ = k.list(root, k.id)
			if got := fmt.Sprint(tagPairs(tags)); got != "[env=prod]" {
				t.Errorf("after untag: %s, want [env=prod]", got)
			}

			var many []string
			for i := range 50 {
				many = append(many, fmt.Sprintf("k%d", i), "v")
			}
			wantError(t, k.tag(root, k.id, tagList(many...)), apiError{"LimitExceeded", "Cannot exceed quota for " + k.quota + ": 50", 409})
			wantError(t, k.tag(root, k.id, tagList("a", "1", "A", "2")),
				apiError{"InvalidInput", "Duplicate tag keys found. Please note that Tag keys are case insensitive.", 400})
		})
	}
}

// TestSparseTagIndexes: a tag sent at any index is read, in index order,
// so none is dropped while the user is still created, and all count
// against the 50-tag limit.
func TestSparseTagIndexes(t *testing.T) {
	e := newEnv(t)
	creds := aws.Credentials{AccessKeyID: account, SecretAccessKey: "test"}
	form := "Action=CreateUser&Version=2010-05-08&UserName=sparse" +
		"&Tags.member.99999999.Key=last&Tags.member.99999999.Value=z&Tags.member.1.Key=first&Tags.member.1.Value=a"
	if status, body := e.PostForm(t, creds, "iam", "us-east-1", form); status != 200 {
		t.Fatalf("CreateUser: %d %s", status, body)
	}
	out, err := e.root(account).ListUserTags(ctx, &iam.ListUserTagsInput{UserName: aws.String("sparse")})
	if got := fmt.Sprint(tagPairs(out.Tags)); err != nil || got != "[first=a last=z]" {
		t.Errorf("tags = %s (%v), want [first=a last=z]", got, err)
	}

	form = "Action=CreateUser&Version=2010-05-08&UserName=many"
	for i := 1; i <= 51; i++ {
		index := i
		if i == 51 {
			index = 52 // past a gap
		}
		form += fmt.Sprintf("&Tags.member.%d.Key=k%d&Tags.member.%d.Value=v", index, i, index)
	}
	status, body := e.PostForm(t, creds, "iam", "us-east-1", form)
	if status != 400 || !strings.Contains(body, "<Code>ValidationError</Code>") ||
		!strings.Contains(body, "Member must have length less than or equal to 50") {
		t.Errorf("51 tags: %d %s", status, body)
	}
	_, err = e.root(account).GetUser(ctx, &iam.GetUserInput{UserName: aws.String("many")})
	wantError(t, err, apiError{"NoSuchEntity", "The user with name many cannot be found.", 404})
}
