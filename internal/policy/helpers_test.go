package policy_test

import (
	"testing"

	"github.com/amityhq/amity/internal/policy"
)

const (
	acctA = "111122223333"
	acctB = "444455556666"
)

func mustParse(t testing.TB, kind policy.Kind, doc string) *policy.Policy {
	t.Helper()
	p, err := policy.Parse(kind, "test", doc)
	if err != nil {
		t.Fatalf("Parse(%s): %v\n%s", kind, err, doc)
	}
	return p
}

func user(account, name string) *policy.Principal {
	return &policy.Principal{Type: policy.User, Account: account,
		ARN: "arn:aws:iam::" + account + ":user/" + name}
}

func session(account, role, name string) *policy.Principal {
	return &policy.Principal{Type: policy.AssumedRole, Account: account,
		ARN:       "arn:aws:sts::" + account + ":assumed-role/" + role + "/" + name,
		IssuerARN: "arn:aws:iam::" + account + ":role/" + role}
}

func root(account string) *policy.Principal {
	return &policy.Principal{Type: policy.Root, Account: account, ARN: policy.RootARN(account)}
}

func service(name string) *policy.Principal {
	return &policy.Principal{Type: policy.Service, ARN: name}
}

// ctx builds a context from key, values... pairs: ctx("k1", "v", "k2", "v").
// A key whose value list must hold several values is given as k, []string.
func ctx(kv ...any) policy.Keys {
	c := policy.Keys{}
	for i := 0; i < len(kv); i += 2 {
		switch v := kv[i+1].(type) {
		case string:
			c.Set(kv[i].(string), v)
		case []string:
			c.Set(kv[i].(string), v...)
		}
	}
	return c
}
