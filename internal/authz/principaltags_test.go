package authz_test

import (
	"context"
	"testing"

	"github.com/amityhq/amity/internal/authz"
	"github.com/amityhq/amity/internal/policy"
)

// TestSessionTagsArePrincipalTags: a session's tags join its role's in
// aws:PrincipalTag and override a role tag of the same key in any case.
func TestSessionTagsArePrincipalTags(t *testing.T) {
	tests := []struct {
		condition string
		want      bool
	}{
		{`{"StringEquals":{"aws:PrincipalTag/team":"red"}}`, true},   // the session's value wins
		{`{"StringEquals":{"aws:PrincipalTag/Team":"blue"}}`, false}, // the role's is overridden
		{`{"StringEquals":{"aws:PrincipalTag/cost":"42"}}`, true},    // the role's other tags stay
		{`{"StringEquals":{"aws:PrincipalTag/project":"x"}}`, true},  // a session tag the role lacks
	}
	for _, tt := range tests {
		req := sessionRequest()
		req.Credential.Session.Tags = map[string]string{"TEAM": "red", "project": "x"}
		az := authz.New(source{policies: []*policy.Policy{allowIf(t, tt.condition)}, tags: map[string]string{"Team": "blue", "cost": "42"}}, authz.Options{})
		check := &authz.Check{Action: "s3:GetObject", Resource: "arn:aws:s3:::b/k", ResourceAccount: "111122223333"}
		d, err := az.Authorize(context.Background(), req, check)
		if err != nil {
			t.Fatal(err)
		}
		if d.Allowed() != tt.want {
			t.Errorf("%s: allowed = %v, want %v", tt.condition, d.Allowed(), tt.want)
		}
	}
}
