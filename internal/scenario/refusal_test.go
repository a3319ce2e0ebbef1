package scenario_test

import (
	"strings"
	"testing"

	"github.com/amityhq/amity/internal/amitytest"
	"github.com/amityhq/amity/internal/scenario"
)

// TestARefusedCallIsTheFailure: a call of the flow that AWS refuses ends
// the flow, and doctor explains that request rather than the file's
// subject (which the flow never made).
func TestARefusedCallIsTheFailure(t *testing.T) {
	f, err := scenario.Parse([]byte(`
name: refused
title: A user without permissions creates a key
accounts: {app: "111122223333"}
as: app
setup:
  - call: iam CreateUser
    input: {UserName: dev}
fixed:
  - call: iam PutUserPolicy
    input:
      UserName: dev
      PolicyName: kms
      PolicyDocument: {Version: 2012-10-17, Statement: [{Effect: Allow, Action: "kms:CreateKey", Resource: "*"}]}
flow:
  - call: kms CreateKey
    as: app/user/dev
    save: {key: KeyMetadata.Arn}
expect: {key: "${key}"}
doctor: {kind: image, id: "${key}"}
`))
	if err != nil {
		t.Fatal(err)
	}
	env := amitytest.New(t)
	res, err := scenario.Execute(ctx(), f, scenario.Options{Endpoint: env.URL})
	if err != nil {
		t.Fatal(err)
	}
	if res.Succeeded || res.RequestID == "" || !strings.HasPrefix(res.Failure, "kms CreateKey was refused: AccessDeniedException: User: arn:aws:iam::111122223333:user/dev") ||
		res.Doctor == nil || res.Doctor.Resource != res.RequestID || !res.Doctor.Failed || !res.AsExpected() {
		t.Fatalf("result %+v, doctor %+v", res, res.Doctor)
	}
	if res, err := scenario.Execute(ctx(), f, scenario.Options{Endpoint: env.URL, Fixed: true, FreshAccounts: true}); err != nil || !res.Succeeded {
		t.Errorf("with the fix: %+v, %v", res, err)
	}
}
