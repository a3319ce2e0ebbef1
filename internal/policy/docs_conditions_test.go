package policy_test

import (
	"testing"

	"github.com/amityhq/amity/internal/policy"
)

// reference_policies_elements_condition_operators: each operator family's
// example, for the request the page describes and its neighbour.
func TestDocsConditionOperators(t *testing.T) {
	// "the principal making the request must be tagged with the
	// iamuser-admin job category ... If a user without the tag attempts to
	// view or edit an access key, the condition returns false".
	jobCategory := stmts(`{"Effect":"Allow","Action":"iam:*AccessKey*","Resource":"arn:aws:iam::111122223333:user/*",
		"Condition":{"StringEquals":{"aws:PrincipalTag/job-category":"iamuser-admin"}}}`)
	// "lets an IAM user use the Amazon S3 console to manage his or her own
	// "home directory" ... as long as the s3:prefix matches any one of the
	// specified patterns".
	homeDir := stmts(`{"Effect":"Allow","Action":["s3:ListAllMyBuckets","s3:GetBucketLocation"],"Resource":"arn:aws:s3:::*"}`,
		`{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::BUCKET-NAME",
		  "Condition":{"StringLike":{"s3:prefix":["","home/","home/${aws:username}/"]}}}`,
		`{"Effect":"Allow","Action":"s3:*","Resource":["arn:aws:s3:::BUCKET-NAME/home/${aws:username}","arn:aws:s3:::BUCKET-NAME/home/${aws:username}/*"]}`)
	// "the requester can list up to 10 objects in example_bucket at a time".
	maxKeys := stmts(`{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::example_bucket",
		"Condition":{"NumericLessThanEquals":{"s3:max-keys":"10"}}}`)
	// "the temporary security credentials used to make the request were
	// issued in 2020 ... if an IAM user attempts to view or edit an access
	// key, the request is denied".
	tokenIssued := stmts(`{"Effect":"Allow","Action":"iam:*AccessKey*","Resource":"arn:aws:iam::111122223333:user/*",
		"Condition":{"DateGreaterThan":{"aws:TokenIssueTime":"2020-01-01T00:00:01Z"}}}`)
	// "deny all S3 actions on a bucket and its contents if the request is not
	// over SSL ... This policy does not allow any actions."
	tls := stmts(`{"Sid":"BooleanExample","Action":"s3:*","Effect":"Deny",
		"Resource":["arn:aws:s3:::DOC-EXAMPLE-BUCKET","arn:aws:s3:::DOC-EXAMPLE-BUCKET/*"],
		"Condition":{"Bool":{"aws:SecureTransport":"false"}}}`)
	tlsAllow := stmts(`{"Effect":"Allow","Action":"iam:*AccessKey*","Resource":"arn:aws:iam::111122223333:user/*",
		"Condition":{"Bool":{"aws:SecureTransport":"true"}}}`)
	// "the request must come from the IP range 203.0.113.0 to
	// 203.0.113.255", and the same with an IPv6 range added.
	sourceIP := stmts(`{"Effect":"Allow","Action":"iam:*AccessKey*","Resource":"arn:aws:iam::111122223333:user/*",
		"Condition":{"IpAddress":{"aws:SourceIp":"203.0.113.0/24"}}}`)
	dualStack := stmts(`{"Effect":"Allow","Action":"someservice:*","Resource":"*",
		"Condition":{"IpAddress":{"aws:SourceIp":["203.0.113.0/24","2001:DB8:1234:5678::/64"]}}}`)
	// "The intent of the preceding policy is to enable the user to launch any
	// instance that is type t1, t2 or m3 ... These additional resources do
	// not have the ec2:InstanceType condition key, so the StringLike check
	// fails".
	doesNotWork := stmts(`{"Sid":"THISPOLICYDOESNOTWORK","Effect":"Allow","Action":"ec2:RunInstances","Resource":"*",
		"Condition":{"StringLike":{"ec2:InstanceType":["t1.*","t2.*","m3.*"]}}}`)
	ifExists := stmts(`{"Sid":"RunInstance","Effect":"Allow","Action":"ec2:RunInstances","Resource":"*",
		"Condition":{"StringLikeIfExists":{"ec2:InstanceType":["t1.*","t2.*","m3.*"]}}}`,
		`{"Sid":"DescribeActions","Effect":"Allow","Action":["ec2:DescribeImages","ec2:DescribeInstances","ec2:DescribeVpcs",
		  "ec2:DescribeKeyPairs","ec2:DescribeSubnets","ec2:DescribeSecurityGroups"],"Resource":"*"}`)
	// "If you are using an "Effect": "Deny" element with a negated condition
	// operator like StringNotEqualsIfExists, the request is still denied even
	// if the tag is missing."
	denyUnlessTagged := stmts(`{"Effect":"Deny","Action":"ec2:*","Resource":"*",
		"Condition":{"StringNotEqualsIfExists":{"aws:ResourceTag/team":"blue"}}}`)
	// "the user must not be using temporary credentials (the key must not
	// exist) for the user to use the Amazon EC2 API".
	noTempCreds := stmts(`{"Action":"ec2:*","Effect":"Allow","Resource":"*","Condition":{"Null":{"aws:TokenIssueTime":"true"}}}`)
	image := "arn:aws:ec2:us-east-1::image/ami-1"
	instance := "arn:aws:ec2:us-east-1:111122223333:instance/*"
	key := "arn:aws:iam::111122223333:user/alice"
	alice := user(acctA, "alice")
	runCases(t, fill(evalCase{principal: alice, action: "iam:CreateAccessKey", resource: key}, []evalCase{
		{name: "StringEquals: tagged iamuser-admin", ctx: ctx("aws:PrincipalTag/job-category", "iamuser-admin"),
			identity: []string{jobCategory}, want: policy.Allow},
		{name: "StringEquals: tagged otherwise", ctx: ctx("aws:PrincipalTag/job-category", "developer"),
			identity: []string{jobCategory}, want: policy.ImplicitDeny},
		{name: "StringEquals: not tagged", identity: []string{jobCategory}, want: policy.ImplicitDeny},
		{name: "StringLike: list the bucket root", action: "s3:ListBucket", resource: "arn:aws:s3:::BUCKET-NAME",
			ctx: ctx("s3:prefix", "", "aws:username", "alice"), identity: []string{homeDir}, want: policy.Allow},
		{name: "StringLike: list home/", action: "s3:ListBucket", resource: "arn:aws:s3:::BUCKET-NAME",
			ctx: ctx("s3:prefix", "home/", "aws:username", "alice"), identity: []string{homeDir}, want: policy.Allow},
		{name: "StringLike: list one's own home", action: "s3:ListBucket", resource: "arn:aws:s3:::BUCKET-NAME",
			ctx: ctx("s3:prefix", "home/alice/", "aws:username", "alice"), identity: []string{homeDir}, want: policy.Allow},
		{name: "StringLike: list another's home", action: "s3:ListBucket", resource: "arn:aws:s3:::BUCKET-NAME",
			ctx: ctx("s3:prefix", "home/bob/", "aws:username", "alice"), identity: []string{homeDir}, want: policy.ImplicitDeny},
		{name: "home directory: one's own object", action: "s3:PutObject", resource: "arn:aws:s3:::BUCKET-NAME/home/alice/notes.txt",
			ctx: ctx("aws:username", "alice"), identity: []string{homeDir}, want: policy.Allow},
		{name: "home directory: another's object", action: "s3:GetObject", resource: "arn:aws:s3:::BUCKET-NAME/home/bob/notes.txt",
			ctx: ctx("aws:username", "alice"), identity: []string{homeDir}, want: policy.ImplicitDeny},
		{name: "NumericLessThanEquals: 10 keys", action: "s3:ListBucket", resource: "arn:aws:s3:::example_bucket",
			ctx: ctx("s3:max-keys", "10"), identity: []string{maxKeys}, want: policy.Allow},
		{name: "NumericLessThanEquals: 11 keys", action: "s3:ListBucket", resource: "arn:aws:s3:::example_bucket",
			ctx: ctx("s3:max-keys", "11"), identity: []string{maxKeys}, want: policy.ImplicitDeny},
		{name: "NumericLessThanEquals: no max-keys", action: "s3:ListBucket", resource: "arn:aws:s3:::example_bucket",
			identity: []string{maxKeys}, want: policy.ImplicitDeny},
		{name: "DateGreaterThan: credentials issued in 2020", ctx: ctx("aws:TokenIssueTime", "2020-03-04T05:06:07Z"),
			identity: []string{tokenIssued}, want: policy.Allow},
		{name: "DateGreaterThan: credentials issued in 2019", ctx: ctx("aws:TokenIssueTime", "2019-12-31T23:59:59Z"),
			identity: []string{tokenIssued}, want: policy.ImplicitDeny},
		{name: "DateGreaterThan: an IAM user's access keys", identity: []string{tokenIssued}, want: policy.ImplicitDeny},
		{name: "Bool: S3 without SSL", action: "s3:GetObject", resource: "arn:aws:s3:::DOC-EXAMPLE-BUCKET/x",
			ctx: ctx("aws:SecureTransport", "false"), identity: []string{allowAll, tls}, want: policy.ExplicitDeny},
		{name: "Bool: S3 over SSL", action: "s3:GetObject", resource: "arn:aws:s3:::DOC-EXAMPLE-BUCKET/x",
			ctx: ctx("aws:SecureTransport", "true"), identity: []string{allowAll, tls}, want: policy.Allow},
		{name: "Bool: the deny allows nothing", action: "s3:GetObject", resource: "arn:aws:s3:::DOC-EXAMPLE-BUCKET/x",
			ctx: ctx("aws:SecureTransport", "true"), identity: []string{tls}, want: policy.ImplicitDeny},
		{name: "Bool: access keys over SSL", ctx: ctx("aws:SecureTransport", "true"), identity: []string{tlsAllow}, want: policy.Allow},
		{name: "Bool: access keys without SSL", ctx: ctx("aws:SecureTransport", "false"), identity: []string{tlsAllow}, want: policy.ImplicitDeny},
		{name: "IpAddress: inside the range", ctx: ctx("aws:SourceIp", "203.0.113.255"), identity: []string{sourceIP}, want: policy.Allow},
		{name: "IpAddress: outside the range", ctx: ctx("aws:SourceIp", "203.0.114.0"), identity: []string{sourceIP}, want: policy.ImplicitDeny},
		{name: "IpAddress: through a VPC endpoint, no aws:SourceIp", identity: []string{sourceIP}, want: policy.ImplicitDeny},
		{name: "IpAddress: IPv6 in the range", action: "someservice:Act", resource: "*",
			ctx: ctx("aws:SourceIp", "2001:db8:1234:5678:abcd::1"), identity: []string{dualStack}, want: policy.Allow},
		{name: "IpAddress: IPv6 outside the range", action: "someservice:Act", resource: "*",
			ctx: ctx("aws:SourceIp", "2001:db8:1234:5679::1"), identity: []string{dualStack}, want: policy.ImplicitDeny},
		{name: "IpAddress: IPv4 in the mixed list", action: "someservice:Act", resource: "*",
			ctx: ctx("aws:SourceIp", "203.0.113.10"), identity: []string{dualStack}, want: policy.Allow},
		{name: "IfExists: StringLike fails for the image", action: "ec2:RunInstances", resource: image,
			identity: []string{doesNotWork}, want: policy.ImplicitDeny},
		{name: "IfExists: StringLike holds for a t2 instance", action: "ec2:RunInstances", resource: instance,
			ctx: ctx("ec2:InstanceType", "t2.micro"), identity: []string{doesNotWork}, want: policy.Allow},
		{name: "IfExists: StringLikeIfExists holds for the image", action: "ec2:RunInstances", resource: image,
			identity: []string{ifExists}, want: policy.Allow},
		{name: "IfExists: StringLikeIfExists for an m5 instance", action: "ec2:RunInstances", resource: instance,
			ctx: ctx("ec2:InstanceType", "m5.large"), identity: []string{ifExists}, want: policy.ImplicitDeny},
		{name: "IfExists: the DescribeActions statement", action: "ec2:DescribeImages", resource: "*",
			identity: []string{ifExists}, want: policy.Allow},
		{name: "IfExists: a Deny with StringNotEqualsIfExists and no tag", action: "ec2:StartInstances", resource: instance,
			identity: []string{allowAll, denyUnlessTagged}, want: policy.ExplicitDeny},
		{name: "IfExists: a Deny with StringNotEqualsIfExists and the tag", action: "ec2:StartInstances", resource: instance,
			ctx: ctx("aws:ResourceTag/team", "blue"), identity: []string{allowAll, denyUnlessTagged}, want: policy.Allow},
		{name: "Null: long-term credentials", action: "ec2:DescribeInstances", resource: "*",
			identity: []string{noTempCreds}, want: policy.Allow},
		{name: "Null: temporary credentials", action: "ec2:DescribeInstances", resource: "*",
			ctx: ctx("aws:TokenIssueTime", "2026-01-01T00:00:00Z"), identity: []string{noTempCreds}, want: policy.ImplicitDeny},
	}))

	// "If the key that you specify in a policy condition is not present in
	// the request context, the values do not match and the condition is
	// false. If the policy condition requires that the key is not matched,
	// such as StringNotLike or ArnNotLike, and the right key is not present,
	// the condition is true." And the BinaryEquals example.
	for _, tt := range []struct {
		condition string
		c         policy.Keys
		want      bool
	}{
		{`{"StringLike":{"aws:PrincipalTag/team":"*"}}`, ctx(), false},
		{`{"StringNotLike":{"aws:PrincipalTag/team":"red*"}}`, ctx(), true},
		{`{"ArnNotLike":{"aws:SourceArn":"arn:aws:sns:*:*:*"}}`, ctx(), true},
		{`{"ArnLike":{"aws:SourceArn":"arn:aws:sns:*:*:*"}}`, ctx(), false},
		{`{"BinaryEquals":{"x:key":"QmluYXJ5VmFsdWVJbkJhc2U2NA=="}}`, ctx("x:key", "QmluYXJ5VmFsdWVJbkJhc2U2NA=="), true},
		{`{"BinaryEquals":{"x:key":"QmluYXJ5VmFsdWVJbkJhc2U2NA=="}}`, ctx("x:key", "QmluYXJ5VmFsdWVJbkJhc2U2NQ=="), false},
		{`{"BinaryEquals":{"x:key":"QmluYXJ5VmFsdWVJbkJhc2U2NA=="}}`, ctx(), false},
		// "If you specify an IP address without the associated routing
		// prefix, IAM uses the default prefix value of /32."
		{`{"IpAddress":{"aws:SourceIp":"203.0.113.7"}}`, ctx("aws:SourceIp", "203.0.113.8"), false},
		// The ARN example: "With a StringLike condition, the match succeeds
		// ... With an ArnLike condition, which matches elements between
		// colons, the match fails."
		{`{"StringLike":{"aws:SourceArn":"arn:aws:someservice:*:111122223333:finance/*"}}`,
			ctx("aws:SourceArn", "arn:aws:someservice:us-east-2:999999999999:store/abc:111122223333:finance/document.txt"), true},
		{`{"ArnLike":{"aws:SourceArn":"arn:aws:someservice:*:111122223333:finance/*"}}`,
			ctx("aws:SourceArn", "arn:aws:someservice:us-east-2:999999999999:store/abc:111122223333:finance/document.txt"), false},
		{`{"ArnLike":{"aws:SourceArn":"arn:aws:someservice:*:111122223333:finance/*"}}`,
			ctx("aws:SourceArn", "arn:aws:someservice:us-east-2:111122223333:finance/document.txt"), true},
	} {
		if got := conditionHolds(t, tt.condition, tt.c); got != tt.want {
			t.Errorf("condition %s with %v = %v, want %v", tt.condition, tt.c, got, tt.want)
		}
	}

	// "gives Amazon SNS permission to send messages to the queue ... but only
	// if the service is sending the messages on behalf of a particular Amazon
	// SNS topic ... If an IAM user attempts to perform this operation
	// directly, the condition returns false and the request is implicitly
	// denied by this statement."
	queue := stmts(`{"Effect":"Allow","Principal":{"AWS":"123456789012"},"Action":"SQS:SendMessage",
		"Resource":"arn:aws:sqs:us-east-1:123456789012:QUEUE-ID",
		"Condition":{"ArnEquals":{"aws:SourceArn":"arn:aws:sns:us-east-1:123456789012:TOPIC-ID"}}}`)
	send := func(c policy.Keys) *policy.Request {
		return &policy.Request{Principal: user("123456789012", "dev"), Action: "sqs:SendMessage",
			Resource: "arn:aws:sqs:us-east-1:123456789012:QUEUE-ID", ResourceAccount: "123456789012", Context: c}
	}
	if !statementApplies(t, policy.Resource, queue, 0, send(ctx("aws:SourceArn", "arn:aws:sns:us-east-1:123456789012:TOPIC-ID"))) {
		t.Error("ArnEquals: the statement does not apply on behalf of the topic")
	}
	if statementApplies(t, policy.Resource, queue, 0, send(ctx())) {
		t.Error("ArnEquals: the statement applies to a direct call")
	}
	if statementApplies(t, policy.Resource, queue, 0, send(ctx("aws:SourceArn", "arn:aws:sns:us-east-1:123456789012:OTHER"))) {
		t.Error("ArnEquals: the statement applies on behalf of another topic")
	}
}

// reference_policies_multi-value-conditions, and the current guide's
// multivalued context key examples (reference_policies_condition_examples-
// multi-valued-context-keys, current page).
func TestDocsMultivaluedKeys(t *testing.T) {
	// "assume that you want to let user John access your Amazon SQS queue
	// ... The two values for aws:SourceIp are evaluated using OR. The three
	// separate condition operators are evaluated using AND."
	john := stmts(`{"Effect":"Allow","Action":"sqs:*","Resource":"*","Condition":{
		"DateGreaterThan":{"aws:CurrentTime":"2019-07-16T12:00:00Z"},
		"DateLessThan":{"aws:CurrentTime":"2019-07-16T15:00:00Z"},
		"IpAddress":{"aws:SourceIp":["192.0.2.0/24","203.0.113.0/24"]}}}`)
	// "The condition allows a user to request only the attributes ID,
	// Message, or Tags from the DynamoDB table named Thread."
	getItem := func(op string, attrs string) string {
		return stmts(`{"Effect":"Allow","Action":"dynamodb:GetItem","Resource":"arn:aws:dynamodb:*:*:table/Thread",
			"Condition":{"` + op + `":{"dynamodb:Attributes":` + attrs + `}}}`)
	}
	// "deny access to the ID and PostDateTime attributes if the user tries
	// to perform the PutItem action".
	putItem := stmts(`{"Effect":"Deny","Action":"dynamodb:PutItem","Resource":"arn:aws:dynamodb:*:*:table/Thread",
		"Condition":{"ForAnyValue:StringEquals":{"dynamodb:Attributes":["ID","PostDateTime"]}}}`)
	// Current page, "Deny policy with condition set operator ForAllValues":
	// "To prevent missing context keys or context keys with empty values
	// from evaluating to true, include the Null condition operator in your
	// policy with a value of false".
	denyTags := stmts(`{"Sid":"DenyRestrictedTags","Effect":"Deny","Action":["iam:Tag*","iam:UnTag*"],"Resource":["*"],
		"Condition":{"Null":{"aws:TagKeys":"false"},"ForAllValues:StringLike":{"aws:TagKeys":["key1*","key2*","key3*"]}}}`)
	// Current page, "Deny policy with condition set operator ForAnyValue":
	// "denies creating snapshots of EC2 instance volumes if any snapshots are
	// tagged with one of the tag keys specified in the policy, environment or
	// webserver".
	denySnapshots := stmts(`{"Effect":"Deny","Action":"ec2:CreateSnapshot","Resource":"arn:aws:ec2:us-west-2::snapshot/*",
		"Condition":{"ForAnyValue:StringEquals":{"aws:TagKeys":["environment","webserver"]}}}`)
	thread := "arn:aws:dynamodb:us-east-1:111122223333:table/Thread"
	attrs := func(v ...string) policy.Keys { return ctx("dynamodb:Attributes", v) }
	runCases(t, fill(evalCase{principal: user(acctA, "John")}, []evalCase{
		{name: "John at 13:00 from 203.0.113.5", action: "sqs:SendMessage", resource: "*",
			ctx: ctx("aws:CurrentTime", "2019-07-16T13:00:00Z", "aws:SourceIp", "203.0.113.5"), identity: []string{john}, want: policy.Allow},
		{name: "John at 13:00 from 192.0.2.200", action: "sqs:SendMessage", resource: "*",
			ctx: ctx("aws:CurrentTime", "2019-07-16T13:00:00Z", "aws:SourceIp", "192.0.2.200"), identity: []string{john}, want: policy.Allow},
		{name: "John at 16:00", action: "sqs:SendMessage", resource: "*",
			ctx: ctx("aws:CurrentTime", "2019-07-16T16:00:00Z", "aws:SourceIp", "203.0.113.5"), identity: []string{john}, want: policy.ImplicitDeny},
		{name: "John from 198.51.100.1", action: "sqs:SendMessage", resource: "*",
			ctx: ctx("aws:CurrentTime", "2019-07-16T13:00:00Z", "aws:SourceIp", "198.51.100.1"), identity: []string{john}, want: policy.ImplicitDeny},
		// "the request is allowed because the user's requested attributes all
		// match values specified in the policy ... if the user's request
		// includes the UserName attribute, the request fails".
		{name: "ForAllValues: Message and Tags", action: "dynamodb:GetItem", resource: thread, ctx: attrs("ID", "Message", "Tags"),
			identity: []string{getItem("ForAllValues:StringEquals", `["ID","Message","Tags"]`)}, want: policy.Allow},
		{name: "ForAllValues: with UserName", action: "dynamodb:GetItem", resource: thread, ctx: attrs("ID", "Message", "UserName"),
			identity: []string{getItem("ForAllValues:StringEquals", `["ID","Message","Tags"]`)}, want: policy.ImplicitDeny},
		// "There's no match for UserName, so the condition operator returns
		// false" (PostDateTime, Message, Tags against PostDateTime, UserName).
		{name: "ForAllValues: PostDateTime and UserName", action: "dynamodb:GetItem", resource: thread, ctx: attrs("PostDateTime", "UserName"),
			identity: []string{getItem("ForAllValues:StringEquals", `["PostDateTime","Message","Tags"]`)}, want: policy.ImplicitDeny},
		// The page's earlier text, with ForAllValues:StringLike.
		{name: "ForAllValues:StringLike: PostDateTime and Message", action: "dynamodb:GetItem", resource: thread, ctx: attrs("PostDateTime", "Message"),
			identity: []string{getItem("ForAllValues:StringLike", `["PostDateTime","Message","Tags"]`)}, want: policy.Allow},
		// "there is one match (PostDateTime), so the condition is true ...
		// Because the policy's effect is Deny, the request is denied."
		{name: "ForAnyValue deny: PostDateTime and Message", action: "dynamodb:PutItem", resource: thread, ctx: attrs("PostDateTime", "Message"),
			identity: []string{allowAll, putItem}, want: policy.ExplicitDeny},
		{name: "ForAnyValue deny: UserName, Message and PostDateTime", action: "dynamodb:PutItem", resource: thread,
			ctx: attrs("UserName", "Message", "PostDateTime"), identity: []string{allowAll, putItem}, want: policy.ExplicitDeny},
		// "None of the attributes in the request (just UserName) match ...
		// the request is not denied by this policy."
		{name: "ForAnyValue deny: just UserName", action: "dynamodb:PutItem", resource: thread, ctx: attrs("UserName"),
			identity: []string{allowAll, putItem}, want: policy.Allow},
		{name: "ForAnyValue deny: no allow elsewhere", action: "dynamodb:PutItem", resource: thread, ctx: attrs("UserName"),
			identity: []string{putItem}, want: policy.ImplicitDeny},
		{name: "Null and ForAllValues deny: only restricted prefixes", action: "iam:TagUser", resource: "*",
			ctx: ctx("aws:TagKeys", []string{"key1-owner", "key3-cost"}), identity: []string{allowAll, denyTags}, want: policy.ExplicitDeny},
		{name: "Null and ForAllValues deny: one other key", action: "iam:TagUser", resource: "*",
			ctx: ctx("aws:TagKeys", []string{"key1-owner", "project"}), identity: []string{allowAll, denyTags}, want: policy.Allow},
		{name: "Null and ForAllValues deny: no tag keys", action: "iam:TagUser", resource: "*",
			identity: []string{allowAll, denyTags}, want: policy.Allow},
		{name: "Null and ForAllValues deny: an empty tag key", action: "iam:TagUser", resource: "*",
			ctx: ctx("aws:TagKeys", ""), identity: []string{allowAll, denyTags}, want: policy.Allow},
		{name: "ForAnyValue deny: a snapshot tagged environment", action: "ec2:CreateSnapshot", resource: "arn:aws:ec2:us-west-2::snapshot/snap-1",
			ctx: ctx("aws:TagKeys", []string{"owner", "environment"}), identity: []string{allowAll, denySnapshots}, want: policy.ExplicitDeny},
		{name: "ForAnyValue deny: a snapshot tagged otherwise", action: "ec2:CreateSnapshot", resource: "arn:aws:ec2:us-west-2::snapshot/snap-1",
			ctx: ctx("aws:TagKeys", []string{"owner"}), identity: []string{allowAll, denySnapshots}, want: policy.Allow},
		{name: "ForAnyValue deny: an untagged snapshot", action: "ec2:CreateSnapshot", resource: "arn:aws:ec2:us-west-2::snapshot/snap-1",
			identity: []string{allowAll, denySnapshots}, want: policy.Allow},
	}))

	// "ForAllValues ... also returns true if there are no keys in the
	// request, or if the key values resolve to a null data set, such as an
	// empty string." "ForAnyValue ... For no matching key or a null dataset,
	// the condition returns false."
	for _, tt := range []struct {
		condition string
		c         policy.Keys
		want      bool
	}{
		{`{"ForAllValues:StringEquals":{"dynamodb:Attributes":["ID"]}}`, ctx(), true},
		{`{"ForAllValues:StringEquals":{"dynamodb:Attributes":["ID"]}}`, ctx("dynamodb:Attributes", ""), true},
		{`{"ForAllValues:StringEquals":{"dynamodb:Attributes":["ID"]}}`, ctx("dynamodb:Attributes", "UserName"), false},
		{`{"ForAnyValue:StringEquals":{"dynamodb:Attributes":["ID"]}}`, ctx(), false},
		{`{"ForAnyValue:StringEquals":{"dynamodb:Attributes":["ID"]}}`, ctx("dynamodb:Attributes", ""), false},
		{`{"ForAnyValue:StringEquals":{"dynamodb:Attributes":["ID",""]}}`, ctx("dynamodb:Attributes", ""), false},
		{`{"ForAnyValue:StringEquals":{"dynamodb:Attributes":["ID"]}}`, ctx("dynamodb:Attributes", "ID"), true},
		// The Null operator sees the same null data set: "use either true
		// (the key doesn't exist — it is null) or false (the key exists and
		// its value is not null)".
		{`{"Null":{"aws:TagKeys":"false"}}`, ctx("aws:TagKeys", ""), false},
		{`{"Null":{"aws:TagKeys":"true"}}`, ctx("aws:TagKeys", ""), true},
		{`{"Null":{"aws:TagKeys":"false"}}`, ctx("aws:TagKeys", "env"), true},
	} {
		if got := conditionHolds(t, tt.condition, tt.c); got != tt.want {
			t.Errorf("condition %s with %v = %v, want %v", tt.condition, tt.c, got, tt.want)
		}
	}
}

// reference_policies_variables.
func TestDocsPolicyVariables(t *testing.T) {
	// "allows the user to list, read, and write objects with a prefix David
	// in the Amazon S3 bucket mybucket", then the same for every user with
	// ${aws:username}.
	home := stmts(`{"Action":["s3:ListBucket"],"Effect":"Allow","Resource":["arn:aws:s3:::mybucket"],
		"Condition":{"StringLike":{"s3:prefix":["${aws:username}/*"]}}}`,
		`{"Action":["s3:GetObject","s3:PutObject"],"Effect":"Allow","Resource":["arn:aws:s3:::mybucket/${aws:username}/*"]}`)
	// "allow each user to manage his or her own access keys".
	ownKeys := stmts(`{"Action":["iam:*AccessKey*"],"Effect":"Allow","Resource":["arn:aws:iam::111122223333:user/${aws:username}"]}`)
	// "the ability to create, use, and delete queues that have their names
	// and that are in the us-east-2 Region".
	queues := stmts(`{"Sid":"ListForConsole","Effect":"Allow","Action":"sqs:ListQueues","Resource":"*"}`,
		`{"Sid":"AllQueueActions","Effect":"Allow","Action":"sqs:*","Resource":"arn:aws:sqs:us-east-2:*:${aws:username}-queue"}`)
	// "refers to only a bucket that is named the same as the value in the
	// requesting user's department tag".
	department := stmts(`{"Effect":"Allow","Action":"s3:*","Resource":["arn:aws:s3:::bucket/${aws:PrincipalTag/department}"]}`)
	// "allows full access to IAM users, but only if the tag costCenter is
	// attached to the user. The tag must also have a value of either 12345
	// or 67890. If the tag has no value, or has any other value, then the
	// request fails."
	costCenter := stmts(`{"Effect":"Allow","Action":["iam:*user*"],"Resource":"*",
		"Condition":{"StringLike":{"iam:ResourceTag/costCenter":["12345","67890"]}}}`)
	// "anonymous users will not populate the ${aws:userid} variable. You can
	// set the default value to anonymous for those users."
	defaults := stmts(`{"Effect":"Allow","Action":"s3:GetObject","Resource":"*",
		"Condition":{"StringEquals":{"aws:Resource":"arn:aws:s3:::/bucket/${aws:userid, 'anonymous'}"}}}`)
	david := user(acctA, "David")
	davidCtx := func(kv ...any) policy.Keys { return ctx(append([]any{"aws:username", "David"}, kv...)...) }
	runCases(t, fill(evalCase{principal: david}, []evalCase{
		{name: "list one's own prefix", action: "s3:ListBucket", resource: "arn:aws:s3:::mybucket",
			ctx: davidCtx("s3:prefix", "David/photos"), identity: []string{home}, want: policy.Allow},
		{name: "list another's prefix", action: "s3:ListBucket", resource: "arn:aws:s3:::mybucket",
			ctx: davidCtx("s3:prefix", "Adele/photos"), identity: []string{home}, want: policy.ImplicitDeny},
		{name: "write one's own object", action: "s3:PutObject", resource: "arn:aws:s3:::mybucket/David/a.jpg",
			ctx: davidCtx(), identity: []string{home}, want: policy.Allow},
		{name: "read another's object", action: "s3:GetObject", resource: "arn:aws:s3:::mybucket/Adele/a.jpg",
			ctx: davidCtx(), identity: []string{home}, want: policy.ImplicitDeny},
		{name: "one's own access keys", action: "iam:CreateAccessKey", resource: "arn:aws:iam::111122223333:user/David",
			ctx: davidCtx(), identity: []string{ownKeys}, want: policy.Allow},
		{name: "another user's access keys", action: "iam:CreateAccessKey", resource: "arn:aws:iam::111122223333:user/Adele",
			ctx: davidCtx(), identity: []string{ownKeys}, want: policy.ImplicitDeny},
		// "not present means that the value is not in the current request
		// information, and any attempt to match it fails and causes the
		// statement to be invalid" (aws:username for a role session).
		{name: "a role session has no aws:username", principal: session(acctA, "David", "David"), action: "iam:CreateAccessKey",
			resource: "arn:aws:iam::111122223333:user/David", identity: []string{ownKeys}, want: policy.ImplicitDeny},
		{name: "list queues", action: "sqs:ListQueues", resource: "*", ctx: davidCtx(), identity: []string{queues}, want: policy.Allow},
		{name: "one's own queue in us-east-2", action: "sqs:DeleteQueue", resource: "arn:aws:sqs:us-east-2:111122223333:David-queue",
			ctx: davidCtx(), identity: []string{queues}, want: policy.Allow},
		{name: "one's own queue in us-west-2", action: "sqs:DeleteQueue", resource: "arn:aws:sqs:us-west-2:111122223333:David-queue",
			ctx: davidCtx(), identity: []string{queues}, want: policy.ImplicitDeny},
		{name: "another's queue", action: "sqs:DeleteQueue", resource: "arn:aws:sqs:us-east-2:111122223333:Adele-queue",
			ctx: davidCtx(), identity: []string{queues}, want: policy.ImplicitDeny},
		{name: "the department's bucket", action: "s3:ListBucket", resource: "arn:aws:s3:::bucket/hr",
			ctx: davidCtx("aws:PrincipalTag/department", "hr"), identity: []string{department}, want: policy.Allow},
		{name: "another department's bucket", action: "s3:ListBucket", resource: "arn:aws:s3:::bucket/finance",
			ctx: davidCtx("aws:PrincipalTag/department", "hr"), identity: []string{department}, want: policy.ImplicitDeny},
		{name: "no department tag", action: "s3:ListBucket", resource: "arn:aws:s3:::bucket/hr",
			ctx: davidCtx(), identity: []string{department}, want: policy.ImplicitDeny},
		{name: "costCenter 67890", action: "iam:GetUser", resource: "arn:aws:iam::111122223333:user/Adele",
			ctx: ctx("iam:ResourceTag/costCenter", "67890"), identity: []string{costCenter}, want: policy.Allow},
		{name: "costCenter 11111", action: "iam:GetUser", resource: "arn:aws:iam::111122223333:user/Adele",
			ctx: ctx("iam:ResourceTag/costCenter", "11111"), identity: []string{costCenter}, want: policy.ImplicitDeny},
		{name: "no costCenter tag", action: "iam:GetUser", resource: "arn:aws:iam::111122223333:user/Adele",
			identity: []string{costCenter}, want: policy.ImplicitDeny},
		{name: "default value for an absent aws:userid", action: "s3:GetObject", resource: "arn:aws:s3:::bucket/x",
			ctx: ctx("aws:Resource", "arn:aws:s3:::/bucket/anonymous"), identity: []string{defaults}, want: policy.Allow},
		{name: "aws:userid present: the default does not apply", action: "s3:GetObject", resource: "arn:aws:s3:::bucket/x",
			ctx: ctx("aws:Resource", "arn:aws:s3:::/bucket/anonymous", "aws:userid", "AIDAEXAMPLE"), identity: []string{defaults}, want: policy.ImplicitDeny},
		{name: "aws:userid present and matching", action: "s3:GetObject", resource: "arn:aws:s3:::bucket/x",
			ctx: ctx("aws:Resource", "arn:aws:s3:::/bucket/AIDAEXAMPLE", "aws:userid", "AIDAEXAMPLE"), identity: []string{defaults}, want: policy.Allow},
		// "${*} - use where you need an * (asterisk) character".
		{name: "${*} is a literal asterisk", action: "s3:GetObject", resource: "arn:aws:s3:::bucket/a*b",
			identity: []string{allowDoc("s3:*", "arn:aws:s3:::bucket/a${*}b")}, want: policy.Allow},
		{name: "${*} is not a wildcard", action: "s3:GetObject", resource: "arn:aws:s3:::bucket/axyzb",
			identity: []string{allowDoc("s3:*", "arn:aws:s3:::bucket/a${*}b")}, want: policy.ImplicitDeny},
	}))

	// "The following Amazon SNS topic policy gives users in AWS account
	// 999999999999 the ability to manage (perform all actions for) the
	// topic. However this permission is granted only if the URL matches their
	// AWS user name." A resource-based policy may omit Resource.
	topic := stmts(`{"Principal":{"AWS":"999999999999"},"Effect":"Allow","Action":"sns:*",
		"Condition":{"StringLike":{"sns:endpoint":"https://example.com/${aws:username}/"},"StringEquals":{"sns:Protocol":"https"}}}`)
	runCases(t, fill(evalCase{principal: user("999999999999", "Adele"), action: "sns:Subscribe",
		resource: "arn:aws:sns:us-east-1:111122223333:topic", resAcct: acctA, identity: []string{allowDoc("sns:*", "*")}}, []evalCase{
		{name: "SNS: the user's own endpoint", resPolicy: topic,
			ctx: ctx("aws:username", "Adele", "sns:endpoint", "https://example.com/Adele/", "sns:Protocol", "https"), want: policy.Allow},
		{name: "SNS: another user's endpoint", resPolicy: topic,
			ctx: ctx("aws:username", "Adele", "sns:endpoint", "https://example.com/David/", "sns:Protocol", "https"), want: policy.ImplicitDeny},
		{name: "SNS: over http", resPolicy: topic,
			ctx: ctx("aws:username", "Adele", "sns:endpoint", "https://example.com/Adele/", "sns:Protocol", "http"), want: policy.ImplicitDeny},
	}))
}
