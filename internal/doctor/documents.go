package doctor

import (
	"context"
	"encoding/json"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/amityhq/amity/internal/policy"
	"github.com/amityhq/amity/internal/wire/jsonio"
)

// iamRegion is where the AWS CLI signs IAM's global calls.
const iamRegion = "us-east-1"

// The seven KMS actions Image Builder's roles use [SCENARIOS.md S2, S4].
var imageBuilderKMS = []string{"kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKeyWithoutPlaintext", "kms:DescribeKey",
	"kms:CreateGrant", "kms:ReEncryptFrom", "kms:ReEncryptTo"}

type statement = map[string]any

func doc(statements ...statement) map[string]any {
	list := make([]any, len(statements))
	for i, s := range statements {
		list[i] = s
	}
	return map[string]any{"Version": "2012-10-17", "Statement": list}
}

// compact writes a document as one line of JSON, its members in the order
// AWS's documents use (Version before Statement, Sid, Effect, Principal,
// Action, Resource, Condition), so that a fix reads like the policies in
// AWS's guides.
func compact(v any) string {
	var b strings.Builder
	writeOrdered(&b, v)
	return b.String()
}

// memberRank orders policy elements; the rest follow alphabetically.
var memberRank = map[string]int{"Version": 1, "Id": 2, "Statement": 3, "Sid": 4, "Effect": 5, "Principal": 6,
	"NotPrincipal": 7, "Action": 8, "NotAction": 9, "Resource": 10, "NotResource": 11, "Condition": 12}

func writeOrdered(b *strings.Builder, v any) {
	switch v := v.(type) {
	case map[string]any:
		keys := slices.Collect(maps.Keys(v))
		slices.SortFunc(keys, func(x, y string) int {
			rx, ry := rank(x), rank(y)
			if rx != ry {
				return rx - ry
			}
			return strings.Compare(x, y)
		})
		b.WriteByte('{')
		for i, k := range keys {
			if i > 0 {
				b.WriteByte(',')
			}
			writeOrdered(b, k)
			b.WriteByte(':')
			writeOrdered(b, v[k])
		}
		b.WriteByte('}')
	case []any:
		b.WriteByte('[')
		for i, e := range v {
			if i > 0 {
				b.WriteByte(',')
			}
			writeOrdered(b, e)
		}
		b.WriteByte(']')
	default:
		enc, err := json.Marshal(v)
		if err != nil {
			panic("doctor: document does not marshal: " + err.Error())
		}
		b.Write(enc)
	}
}

func rank(member string) int {
	if r, ok := memberRank[member]; ok {
		return r
	}
	return len(memberRank) + 1
}

func raw(v any) json.RawMessage { return json.RawMessage(compact(v)) }

// withStatements returns a policy document with statements appended (one
// with the same Sid replaced), keeping the others as written.
func withStatements(document string, add ...statement) (map[string]any, error) {
	var p map[string]any
	if err := json.Unmarshal([]byte(document), &p); err != nil {
		return nil, err
	}
	var list []any
	switch st := p["Statement"].(type) {
	case []any:
		list = st
	case map[string]any:
		list = []any{st}
	}
	for _, a := range add {
		replaced := false
		for i, old := range list {
			if m, ok := old.(map[string]any); ok && a["Sid"] != nil && m["Sid"] == a["Sid"] {
				list[i], replaced = a, true
			}
		}
		if !replaced {
			list = append(list, a)
		}
	}
	p["Statement"] = list
	return p, nil
}

// withoutStatement returns a policy document without its statement at
// index.
func withoutStatement(document string, index int) (map[string]any, error) {
	var p map[string]any
	if err := json.Unmarshal([]byte(document), &p); err != nil {
		return nil, err
	}
	if list, ok := p["Statement"].([]any); ok && index < len(list) {
		p["Statement"] = append(list[:index:index], list[index+1:]...)
	}
	return p, nil
}

// keyPolicyCommand writes a key's whole new policy: its current one with
// statements added.
func (d *Doctor) keyPolicyCommand(ctx context.Context, key string, add ...statement) (Command, map[string]any, error) {
	current, _, err := d.src.KeyPolicies.KeyPolicy(ctx, key)
	if err != nil {
		return Command{}, nil, err
	}
	p, err := withStatements(current, add...)
	if err != nil {
		return Command{}, nil, err
	}
	account, region := arnAccount(key), arnRegion(key)
	return Command{Account: account, Region: region, As: keyAdministrator(current, key),
		Argv: []string{"aws", "kms", "put-key-policy", "--key-id", key, "--policy-name", "default", "--policy", compact(p)}}, p, nil
}

// identityCommand attaches an inline policy to the IAM principal an ARN
// names (a user, or a session's role); nil for a principal that takes
// none (a service-linked role, the root).
func identityCommand(principal, name string, document map[string]any) *Command {
	account, kind, entity := principalEntity(principal)
	switch kind {
	case "user":
		return &Command{Account: account, Region: iamRegion, Argv: []string{"aws", "iam", "put-user-policy", "--user-name", entity,
			"--policy-name", name, "--policy-document", compact(document)}}
	case "role":
		if strings.HasPrefix(entity, "AWSServiceRoleFor") || strings.HasPrefix(entity, "aws:") {
			return nil
		}
		return &Command{Account: account, Region: iamRegion, Argv: []string{"aws", "iam", "put-role-policy", "--role-name", entity,
			"--policy-name", name, "--policy-document", compact(document)}}
	}
	return nil
}

// principalEntity names the IAM entity behind a principal ARN: ("user",
// name) for a user, ("role", name) for a role or its session, ("root",
// "") for an account.
func principalEntity(arn string) (account, kind, name string) {
	account = arnAccount(arn)
	res := arn[strings.LastIndexByte(arn[:strings.Index(arn, "/")+1], ':')+1:]
	switch {
	case strings.HasPrefix(res, "user/"):
		return account, "user", res[strings.LastIndexByte(res, '/')+1:]
	case strings.HasPrefix(res, "assumed-role/"):
		return account, "role", strings.Split(res, "/")[1]
	case strings.HasPrefix(res, "role/"):
		return account, "role", res[strings.LastIndexByte(res, '/')+1:]
	}
	return account, "root", ""
}

func arnPart(arn string, i int) string {
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) <= i {
		return ""
	}
	return parts[i]
}

func arnAccount(arn string) string { return arnPart(arn, 4) }
func arnRegion(arn string) string  { return arnPart(arn, 3) }

func rootARN(account string) string { return "arn:aws:iam::" + account + ":root" }

// encodeList writes values with their generated JSON encoders, as the
// API (and so the AWS CLI's JSON arguments) spells them.
func encodeList[T any, P interface {
	*T
	EncodeJSON(*jsonio.Encoder)
}](values []T) string {
	var b strings.Builder
	b.WriteByte('[')
	for i := range values {
		if i > 0 {
			b.WriteByte(',')
		}
		var e jsonio.Encoder
		P(&values[i]).EncodeJSON(&e)
		b.Write(e.Bytes())
	}
	b.WriteByte(']')
	return b.String()
}

func itoa(n int) string { return strconv.Itoa(n) }

// keyAdministrator is who must rewrite a key's policy: "" when the
// account's administrators may (the policy allows the account's root
// kms:PutKeyPolicy), otherwise the first IAM user or role of the account
// the policy allows it — or "" when none is named.
func keyAdministrator(document, key string) string {
	p, err := policy.Parse(policy.Key, "key policy", document)
	if err != nil {
		return ""
	}
	account := arnAccount(key)
	may := func(principal *policy.Principal) bool {
		req := &policy.Request{Principal: principal, Action: "kms:PutKeyPolicy", Resource: key, ResourceAccount: account}
		return policy.Evaluate(req, &policy.Policies{Mode: policy.ResourcePolicyRequired, Resource: p}, nil).Allowed()
	}
	if may(&policy.Principal{Type: policy.Root, Account: account, ARN: rootARN(account)}) {
		return ""
	}
	for _, arn := range namedPrincipals(document) {
		switch _, kind, name := principalEntity(arn); {
		case arnAccount(arn) != account:
		case kind == "user" && may(&policy.Principal{Type: policy.User, Account: account, ARN: arn}):
			return arn
		case kind == "role" && may(&policy.Principal{Type: policy.AssumedRole, Account: account,
			ARN: "arn:aws:sts::" + account + ":assumed-role/" + name + "/admin", IssuerARN: arn}):
			return arn
		}
	}
	return ""
}

// namedPrincipals are the AWS principals a policy document names.
func namedPrincipals(document string) []string {
	var p struct {
		Statement json.RawMessage
	}
	if json.Unmarshal([]byte(document), &p) != nil {
		return nil
	}
	var list []struct{ Principal json.RawMessage }
	if json.Unmarshal(p.Statement, &list) != nil {
		var one struct{ Principal json.RawMessage }
		if json.Unmarshal(p.Statement, &one) != nil {
			return nil
		}
		list = append(list, one)
	}
	var out []string
	for _, st := range list {
		var named struct{ AWS json.RawMessage }
		if json.Unmarshal(st.Principal, &named) != nil {
			continue
		}
		var many []string
		if json.Unmarshal(named.AWS, &many) != nil {
			var one string
			if json.Unmarshal(named.AWS, &one) != nil {
				continue
			}
			many = []string{one}
		}
		out = append(out, many...)
	}
	return out
}
