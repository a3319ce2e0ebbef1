package cloudtrail_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsct "github.com/aws/aws-sdk-go-v2/service/cloudtrail"
	cttypes "github.com/aws/aws-sdk-go-v2/service/cloudtrail/types"
	awskms "github.com/aws/aws-sdk-go-v2/service/kms"
	awssts "github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/amityhq/amity/internal/amitytest"
)

func names(evs []event) []string {
	var out []string
	for _, ev := range evs {
		out = append(out, aws.ToString(ev.EventName))
	}
	return out
}

// TestLookupAttributes: each attribute LookupEvents filters on finds the
// records that have it, and only those.
func TestLookupAttributes(t *testing.T) {
	env := amitytest.New(t)
	ctx := context.Background()
	root := env.RootConfig(owner, region)
	keyARN := createKey(t, root, &awskms.CreateKeyInput{})
	user := env.NewUser(t, owner, region, "carol", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["kms:*","sts:*"],"Resource":"*"}]}`)
	creds, _ := user.Credentials.Retrieve(ctx)
	if _, err := awskms.NewFromConfig(user).DescribeKey(ctx, &awskms.DescribeKeyInput{KeyId: aws.String(keyARN)}); err != nil {
		t.Fatal(err)
	}
	if _, err := awssts.NewFromConfig(user).GetCallerIdentity(ctx, &awssts.GetCallerIdentityInput{}); err != nil {
		t.Fatal(err)
	}
	describe := only(t, root, "DescribeKey")

	tests := []struct {
		key   cttypes.LookupAttributeKey
		value string
		want  []string
	}{
		{cttypes.LookupAttributeKeyEventName, "DescribeKey", []string{"DescribeKey"}},
		{cttypes.LookupAttributeKeyEventId, aws.ToString(describe.EventId), []string{"DescribeKey"}},
		{cttypes.LookupAttributeKeyUsername, "carol", []string{"GetCallerIdentity", "DescribeKey"}},
		{cttypes.LookupAttributeKeyAccessKeyId, creds.AccessKeyID, []string{"GetCallerIdentity", "DescribeKey"}},
		{cttypes.LookupAttributeKeyEventSource, "sts.amazonaws.com", []string{"GetCallerIdentity"}},
		{cttypes.LookupAttributeKeyResourceName, keyARN, []string{"DescribeKey", "CreateKey"}},
		{cttypes.LookupAttributeKeyResourceType, "AWS::KMS::Key", []string{"DescribeKey", "CreateKey"}},
		{cttypes.LookupAttributeKeyReadOnly, "false", []string{"CreateAccessKey", "PutUserPolicy", "CreateUser", "CreateKey"}},
		{cttypes.LookupAttributeKeyUsername, "nobody", nil},
	}
	for _, tt := range tests {
		if got := names(lookup(t, root, tt.key, tt.value)); !slices.Equal(got, tt.want) {
			t.Errorf("%s=%s: %v, want %v", tt.key, tt.value, got, tt.want)
		}
	}
	// The LookupEvents calls above are recorded too, read-only.
	if got := names(lookup(t, root, cttypes.LookupAttributeKeyReadOnly, "true")); len(got) < len(tests) || got[len(got)-1] != "DescribeKey" {
		t.Errorf("read-only: %v", got)
	}
}

// TestLookupTimeRangesAndPages: StartTime and EndTime bound the records,
// both included; pages come newest first and a NextToken only serves the
// parameters that made it.
func TestLookupTimeRangesAndPages(t *testing.T) {
	env := amitytest.New(t)
	ctx := context.Background()
	root := env.RootConfig(owner, region)
	client := awssts.NewFromConfig(root)
	var marks []time.Time
	for range 3 {
		marks = append(marks, env.Clock.Now())
		for range 20 {
			if _, err := client.GetCallerIdentity(ctx, &awssts.GetCallerIdentityInput{}); err != nil {
				t.Fatal(err)
			}
		}
		env.Clock.Advance(3 * time.Minute)
	}
	ct := awsct.NewFromConfig(root)
	attr := []cttypes.LookupAttribute{{AttributeKey: cttypes.LookupAttributeKeyEventName, AttributeValue: aws.String("GetCallerIdentity")}}
	middle := &awsct.LookupEventsInput{LookupAttributes: attr, StartTime: aws.Time(marks[1]), EndTime: aws.Time(marks[2].Add(-time.Millisecond)), MaxResults: aws.Int32(7)}
	var got []time.Time
	seen := map[string]bool{}
	pages := 0
	for p := awsct.NewLookupEventsPaginator(ct, middle); p.HasMorePages(); pages++ {
		out, err := p.NextPage(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(out.Events) > 7 {
			t.Errorf("page of %d", len(out.Events))
		}
		for _, ev := range out.Events {
			if seen[*ev.EventId] {
				t.Errorf("event %s twice", *ev.EventId)
			}
			seen[*ev.EventId] = true
			got = append(got, *ev.EventTime)
		}
	}
	if len(got) != 20 || pages != 3 {
		t.Fatalf("%d events in %d pages, want 20 in 3", len(got), pages)
	}
	for i, at := range got {
		if at.Before(marks[1].Truncate(time.Second)) || !at.Before(marks[2]) || (i > 0 && at.After(got[i-1])) {
			t.Errorf("event %d at %v: outside the range or out of order", i, at)
		}
	}

	// A token serves only the lookup that made it.
	first, err := ct.LookupEvents(ctx, middle)
	if err != nil || first.NextToken == nil {
		t.Fatalf("%v %v", first, err)
	}
	changed := *middle
	changed.LookupAttributes = []cttypes.LookupAttribute{{AttributeKey: cttypes.LookupAttributeKeyUsername, AttributeValue: aws.String("root")}}
	changed.NextToken = first.NextToken
	_, err = ct.LookupEvents(ctx, &changed)
	if code, _ := apiError(t, err); code != "InvalidNextTokenException" {
		t.Errorf("token of another lookup: %v", err)
	}
	_, err = ct.LookupEvents(ctx, &awsct.LookupEventsInput{NextToken: aws.String("not a token")})
	if code, _ := apiError(t, err); code != "InvalidNextTokenException" {
		t.Errorf("garbage token: %v", err)
	}
}

// TestLookupRefusals: LookupEvents' own checks, each with its exception.
func TestLookupRefusals(t *testing.T) {
	env := amitytest.New(t)
	ct := awsct.NewFromConfig(env.RootConfig(owner, region))
	now := time.Now()
	a := func(k cttypes.LookupAttributeKey, v string) cttypes.LookupAttribute {
		return cttypes.LookupAttribute{AttributeKey: k, AttributeValue: aws.String(v)}
	}
	tests := []struct {
		name string
		in   awsct.LookupEventsInput
		code string
	}{
		{"two attributes", awsct.LookupEventsInput{LookupAttributes: []cttypes.LookupAttribute{
			a(cttypes.LookupAttributeKeyEventName, "x"), a(cttypes.LookupAttributeKeyUsername, "y")}}, "InvalidLookupAttributesException"},
		{"unknown attribute", awsct.LookupEventsInput{LookupAttributes: []cttypes.LookupAttribute{a("Colour", "x")}}, "InvalidLookupAttributesException"},
		{"empty value", awsct.LookupEventsInput{LookupAttributes: []cttypes.LookupAttribute{a(cttypes.LookupAttributeKeyEventName, "")}}, "InvalidLookupAttributesException"},
		{"too many results", awsct.LookupEventsInput{MaxResults: aws.Int32(51)}, "InvalidMaxResultsException"},
		{"no results", awsct.LookupEventsInput{MaxResults: aws.Int32(0)}, "InvalidMaxResultsException"},
		{"start after end", awsct.LookupEventsInput{StartTime: aws.Time(now), EndTime: aws.Time(now.Add(-time.Hour))}, "InvalidTimeRangeException"},
		{"unknown category", awsct.LookupEventsInput{EventCategory: "gossip"}, "InvalidEventCategoryException"},
	}
	for _, tt := range tests {
		_, err := ct.LookupEvents(context.Background(), &tt.in)
		if code, msg := apiError(t, err); code != tt.code || msg == "" {
			t.Errorf("%s: %s %q, want %s", tt.name, code, msg, tt.code)
		}
	}
	out, err := ct.LookupEvents(context.Background(), &awsct.LookupEventsInput{EventCategory: cttypes.EventCategoryInsight})
	if err != nil || len(out.Events) != 0 {
		t.Errorf("Insights events: %v %v", out, err)
	}
}

// TestLookupIsAuthorizedPerAccountAndRegion: LookupEvents needs
// cloudtrail:LookupEvents, and shows the caller's account's records of
// the Region asked.
func TestLookupIsAuthorizedPerAccountAndRegion(t *testing.T) {
	env := amitytest.New(t)
	ctx := context.Background()
	nobody := env.NewUser(t, owner, region, "nobody")
	_, err := awsct.NewFromConfig(nobody).LookupEvents(ctx, &awsct.LookupEventsInput{})
	code, msg := apiError(t, err)
	if code != "AccessDeniedException" || msg != "User: arn:aws:iam::"+owner+":user/nobody is not authorized to perform: "+
		"cloudtrail:LookupEvents because no identity-based policy allows the cloudtrail:LookupEvents action" {
		t.Errorf("%s: %s", code, msg)
	}
	auditor := env.NewUser(t, owner, region, "auditor", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"cloudtrail:LookupEvents","Resource":"*"}]}`)
	if _, err := awssts.NewFromConfig(env.RootConfig(owner, "eu-west-1")).GetCallerIdentity(ctx, &awssts.GetCallerIdentityInput{}); err != nil {
		t.Fatal(err)
	}
	if _, err := awssts.NewFromConfig(env.RootConfig(other, region)).GetCallerIdentity(ctx, &awssts.GetCallerIdentityInput{}); err != nil {
		t.Fatal(err)
	}
	if got := lookup(t, auditor, cttypes.LookupAttributeKeyEventName, "GetCallerIdentity"); len(got) != 0 {
		t.Errorf("us-east-1 of %s shows %v", owner, names(got))
	}
	euWest := auditor.Copy()
	euWest.Region = "eu-west-1"
	if got := lookup(t, euWest, cttypes.LookupAttributeKeyEventName, "GetCallerIdentity"); len(got) != 1 || got[0].rec["awsRegion"] != "eu-west-1" {
		t.Errorf("eu-west-1 shows %v", names(got))
	}
	denied := lookup(t, env.RootConfig(owner, region), cttypes.LookupAttributeKeyUsername, "nobody")
	if len(denied) != 1 {
		t.Fatalf("nobody's records: %v", names(denied))
	}
	want(t, denied[0].rec, map[string]any{"errorCode": "AccessDeniedException", "eventSource": "cloudtrail.amazonaws.com", "readOnly": true})
}
