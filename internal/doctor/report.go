package doctor

import (
	"encoding/json"
)

// Report is amity doctor's answer about one resource or request: what
// failed, the root cause in the seed articles' terms, the statements that
// decided and what each lacked, and the minimal fixes — least privilege
// first — each as the documents to apply and the AWS CLI commands that
// apply them. Its JSON is `amity doctor --json`'s contract.
type Report struct {
	Failed   bool   `json:"failed"`
	Resource string `json:"resource"`
	// What says what failed, as AWS shows it (a state and its reason).
	What       string      `json:"what,omitempty"`
	Cause      *Cause      `json:"cause,omitempty"`
	Statements []Statement `json:"statements"`
	Fixes      []Fix       `json:"fixes"`
	// Requests are the failed calls the explanation rests on.
	Requests []string `json:"requests,omitempty"`
}

// Cause is a failure's root cause: a stable id and one sentence.
type Cause struct {
	ID      string `json:"id"`
	Summary string `json:"summary"`
}

// Statement is a policy statement (or its absence) that decided a
// request, and what it lacked.
type Statement struct {
	Policy    string `json:"policy"`           // its name ("key policy of arn:…", "role x trust policy", …)
	Type      string `json:"type"`             // identity-based policy, resource-based policy, …
	Sid       string `json:"sid,omitempty"`    //
	Index     int    `json:"index"`            // position in the document, from 0
	Effect    string `json:"effect"`           // Allow or Deny
	Applied   bool   `json:"applied"`          // every element matched
	Lacked    string `json:"lacked,omitempty"` // what did not match: "principal", "action", "resource", "condition kms:ViaService"
	Principal string `json:"principal"`        // who asked
	Action    string `json:"action"`
	Resource  string `json:"resource"`
}

// Fix is one way to make the failure pass.
type Fix struct {
	Summary   string                     `json:"summary"`
	Documents map[string]json.RawMessage `json:"documents,omitempty"`
	Commands  []Command                  `json:"commands"`
}

// Command is an AWS CLI command, run under the named account's
// administrator credentials in the named Region, with the user's own
// endpoint settings (no endpoint or credential flag inside).
type Command struct {
	Account string `json:"account"`
	Region  string `json:"region"`
	// As, when set, is the principal that must run the command because
	// the account's administrators may not (a key policy that names
	// neither the account nor them).
	As   string   `json:"as,omitempty"`
	Argv []string `json:"argv"`
}
