package authz

import (
	"strconv"
	"strings"

	"github.com/amityhq/amity/internal/policy"
)

// Explain says in one line why the record's request was refused, for
// amity's log: the statement that denied it, or every policy type whose
// allow it lacked (AWS's message names only one). Empty for an allowed
// request.
//
//	kms:Decrypt on arn:aws:kms:…:key/…: denied by statement "NoDecrypt" of the identity-based policy user/dev inline deny
//	iam:CreateRole on arn:aws:iam::…:role/x: no identity-based policy allows it
func (r Record) Explain() string {
	head := r.Action + " on " + r.Resource + ": "
	switch r.Effect {
	case policy.Allow:
		return ""
	case policy.ExplicitDeny:
		return head + "denied by statement " + r.statement() + " of the " + r.By.String() + " " + r.Policy
	}
	lacking := r.Lacking.List()
	if len(lacking) == 0 {
		lacking = []policy.PolicyType{r.By}
	}
	names := make([]string, len(lacking))
	for i, t := range lacking {
		names[i] = t.String()
	}
	if len(names) == 1 && lacking[0] == policy.NoPolicy {
		return head + "no policy allows it"
	}
	return head + "no " + strings.Join(names, " and no ") + " allows it"
}

// statement names the deciding statement by its Sid, or by its position.
func (r Record) statement() string {
	if r.Sid != "" {
		return strconv.Quote(r.Sid)
	}
	return "#" + strconv.Itoa(r.Statement+1)
}
