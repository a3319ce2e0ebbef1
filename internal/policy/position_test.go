package policy_test

import (
	"testing"

	"github.com/amityhq/amity/internal/policy"
)

// TestStatementPositions: a trace locates each statement in its document
// as IAM's policy simulator does: just after the opening brace to just
// after the closing one, lines and columns from 1, columns in characters.
func TestStatementPositions(t *testing.T) {
	tests := []struct {
		name, doc string
		want      [][2]policy.Position
	}{
		{"the AWS CLI's simulate-custom-policy example",
			`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"dynamodb:*","Resource":"*","Condition":{"DateGreaterThan":{"aws:CurrentTime":"2018-08-16T12:00:00Z"}}}}`,
			[][2]policy.Position{{{Line: 1, Column: 38}, {Line: 1, Column: 167}}}},
		{"an indented array",
			"{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n      \"Action\": \"s3:*\",\n      \"Resource\": \"*\"\n    },\n    {\"Effect\": \"Deny\", \"Action\": \"s3:Delete*\", \"Resource\": [\"*\"]}\n  ]\n}",
			[][2]policy.Position{{{Line: 4, Column: 6}, {Line: 8, Column: 6}}, {{Line: 9, Column: 6}, {Line: 9, Column: 66}}}},
		{"characters, not bytes",
			`{"Id":"é—ü","Statement":[{"Sid":"x","Effect":"Allow","Action":"s3:*","Resource":"*"}],"Version":"2012-10-17"}`,
			[][2]policy.Position{{{Line: 1, Column: 27}, {Line: 1, Column: 85}}}}, // 31 in bytes
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := mustParse(t, policy.Identity, tt.doc)
			var tr policy.Trace
			policy.Evaluate(&policy.Request{Principal: user(acctA, "alice"), Action: "s3:GetObject", Resource: "*"},
				&policy.Policies{Identity: []*policy.Policy{p}}, &tr)
			sts := tr.Policies[0].Statements
			if len(sts) != len(tt.want) {
				t.Fatalf("%d statements traced, want %d", len(sts), len(tt.want))
			}
			for i, st := range sts {
				if st.Start != tt.want[i][0] || st.End != tt.want[i][1] {
					t.Errorf("statement %d at %+v–%+v, want %+v–%+v", i, st.Start, st.End, tt.want[i][0], tt.want[i][1])
				}
			}
		})
	}
}
