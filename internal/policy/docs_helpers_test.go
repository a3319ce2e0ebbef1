package policy_test

import (
	"strings"
	"testing"

	"github.com/amityhq/amity/internal/policy"
)

// The docs_*_test.go files encode the examples of AWS's documentation: each
// group cites its page, each example is run for the request the page
// describes and for its nearest neighbour (the other user, the missing key).
// Pages are cited by their file in awsdocs/iam-user-guide or
// awsdocs/aws-kms-developer-guide (doc_source/NAME.md, published as
// docs.aws.amazon.com/.../NAME.html); "current page" marks text that only
// the live page carries.

// runCases runs each case as a subtest.
func runCases(t *testing.T, cases []evalCase) {
	t.Helper()
	for _, tt := range cases {
		t.Run(tt.name, func(t *testing.T) { tt.run(t) })
	}
}

// fill gives each case the principal, action, resource, resource account,
// mode, identity policies, boundary and resource policy kind of base where
// the case sets none (a non-nil empty identity list stays empty).
func fill(base evalCase, cases []evalCase) []evalCase {
	for i := range cases {
		c := &cases[i]
		if c.principal == nil {
			c.principal = base.principal
		}
		if c.action == "" {
			c.action = base.action
		}
		if c.resource == "" {
			c.resource = base.resource
		}
		if c.resAcct == "" {
			c.resAcct = base.resAcct
		}
		if c.mode == policy.Standard {
			c.mode = base.mode
		}
		if c.identity == nil {
			c.identity = base.identity
		}
		if c.boundary == "" {
			c.boundary = base.boundary
		}
		if c.resKind == 0 {
			c.resKind = base.resKind
		}
	}
	return cases
}

// federatedUser is a session from sts:GetFederationToken called by the IAM
// user iamUser, named name.
func federatedUser(account, iamUser, name string) *policy.Principal {
	return &policy.Principal{Type: policy.FederatedUser, Account: account,
		ARN:       "arn:aws:sts::" + account + ":federated-user/" + name,
		IssuerARN: "arn:aws:iam::" + account + ":user/" + iamUser}
}

// stmts builds a 2012-10-17 document from statements written as JSON
// objects, as the guides print them.
func stmts(statements ...string) string {
	return `{"Version":"2012-10-17","Statement":[` + strings.Join(statements, ",") + `]}`
}

// allowAll is an identity policy allowing everything, for examples whose
// page shows only the Deny that limits it.
var allowAll = allowDoc("*", "*")

// statementApplies reports whether the statement with index i of a
// resource-based policy of the given kind applies to req. Some pages
// describe one statement ("the request is implicitly denied by this
// statement") rather than a whole decision.
func statementApplies(t *testing.T, kind policy.Kind, doc string, i int, req *policy.Request) bool {
	t.Helper()
	var tr policy.Trace
	policy.Evaluate(req, &policy.Policies{Resource: mustParse(t, kind, doc)}, &tr)
	return tr.Policies[0].Statements[i].Applies
}
