package kms_test

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awskms "github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/kms/types"
)

func tagsOf(pairs ...string) []types.Tag {
	var tags []types.Tag
	for i := 0; i < len(pairs); i += 2 {
		tags = append(tags, types.Tag{TagKey: aws.String(pairs[i]), TagValue: aws.String(pairs[i+1])})
	}
	return tags
}

func TestTags(t *testing.T) {
	e := newEnv(t)
	root := e.root(acctA, regionA)
	m := createKey(t, root, &awskms.CreateKeyInput{Tags: tagsOf("b", "2", "a", "1")})
	if _, err := root.TagResource(ctx(), &awskms.TagResourceInput{KeyId: m.KeyId, Tags: tagsOf("c", "3", "a", "one")}); err != nil {
		t.Fatal(err)
	}
	if _, err := root.UntagResource(ctx(), &awskms.UntagResourceInput{KeyId: m.KeyId, TagKeys: []string{"b", "unknown"}}); err != nil {
		t.Fatal(err)
	}
	var got []string
	var marker *string
	for {
		out, err := root.ListResourceTags(ctx(), &awskms.ListResourceTagsInput{KeyId: m.KeyId, Limit: aws.Int32(1), Marker: marker})
		if err != nil {
			t.Fatal(err)
		}
		for _, tg := range out.Tags {
			got = append(got, aws.ToString(tg.TagKey)+"="+aws.ToString(tg.TagValue))
		}
		if !out.Truncated {
			break
		}
		marker = out.NextMarker
	}
	if want := []string{"a=one", "c=3"}; len(got) != 2 || got[0] != want[0] || got[1] != want[1] {
		t.Fatalf("tags = %v, want %v", got, want)
	}
	_, err := root.TagResource(ctx(), &awskms.TagResourceInput{KeyId: m.KeyId, Tags: tagsOf("aws:owner", "x")})
	wantError(t, err, "TagException", "Tags beginning with aws: are reserved")
	_, err = root.ListResourceTags(ctx(), &awskms.ListResourceTagsInput{KeyId: m.KeyId, Limit: aws.Int32(51)})
	wantError(t, err, "ValidationException", "-")
	// A user may tag only what its policies allow, with aws:TagKeys.
	tagger, _ := e.user(acctA, regionA, "tagger", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"kms:TagResource","Resource":"*",
	  "Condition":{"ForAllValues:StringEquals":{"aws:TagKeys":["team"]}}}]}`)
	if _, err := tagger.TagResource(ctx(), &awskms.TagResourceInput{KeyId: m.KeyId, Tags: tagsOf("team", "x")}); err != nil {
		t.Fatal(err)
	}
	_, err = tagger.TagResource(ctx(), &awskms.TagResourceInput{KeyId: m.KeyId, Tags: tagsOf("cost", "x")})
	wantError(t, err, "AccessDeniedException", "-")
}
