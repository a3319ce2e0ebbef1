package policy

import "testing"

// A literal ARN pattern is matched by comparing the whole ARN: the same
// answer as matching it segment by segment.
func TestLiteralARNPattern(t *testing.T) {
	patterns := []string{"arn:aws:kms:eu-west-1:111122223333:key/k", "arn:aws:s3:::bucket/a:b", "arn:aws", "arn",
		"arn:aws:kms:eu-west-1:111122223333:key/${aws:username}"}
	arns := []string{"arn:aws:kms:eu-west-1:111122223333:key/k", "arn:aws:kms:eu-west-1:111122223333:key/K",
		"arn:aws:kms:eu-west-1:111122223333:key/k:x", "arn:aws:s3:::bucket/a:b", "arn:aws:s3:::bucket/a",
		"arn:aws", "arn:aws:x", "arn", "", "arn:aws:kms:eu-west-1:111122223333:key/${aws:username}"}
	for _, vars := range []bool{false, true} {
		for _, p := range patterns {
			ap := compileARNPattern(p, vars)
			bySegment := ap
			bySegment.literal = false
			for _, arn := range arns {
				got, gotRes := ap.match(arn, Keys{})
				want, wantRes := bySegment.match(arn, Keys{})
				if got != want || gotRes != wantRes {
					t.Errorf("%q (vars %v) matching %q: %v %v, segment by segment %v %v", p, vars, arn, got, gotRes, want, wantRes)
				}
			}
		}
	}
}
