package policy

import "strings"

// arnSegments is the number of colon-separated parts of an ARN:
// arn:partition:service:region:account:resource. The resource part may
// itself contain colons.
const arnSegments = 6

// An arnPattern matches ARNs segment by segment, as AWS documents for the
// Resource element and the Arn* condition operators: a wildcard matches
// within one segment and never across the colon that ends it. The last
// segment of the pattern absorbs the rest of the ARN, so "arn:aws:kms:*"
// matches every KMS ARN.
type arnPattern struct {
	raw string
	any bool // the pattern is "*"
	// literal: no segment has a wildcard or a variable, so an ARN matches
	// segment by segment exactly when it is raw (a policy naming a key by
	// its ARN, on every request's path).
	literal  bool
	segments []pattern // at most arnSegments
}

func compileARNPattern(s string, vars bool) arnPattern {
	ap := arnPattern{raw: s, any: s == "*"}
	if ap.any {
		return ap
	}
	// Split on the first five colons outside ${...} so that a variable such
	// as ${aws:username} stays whole.
	start, depth := 0, 0
	for i := 0; i < len(s) && len(ap.segments) < arnSegments-1; i++ {
		switch {
		case vars && s[i] == '$' && i+1 < len(s) && s[i+1] == '{':
			depth++
		case depth > 0 && s[i] == '}':
			depth--
		case depth == 0 && s[i] == ':':
			ap.segments = append(ap.segments, compilePattern(s[start:i], true, vars))
			start = i + 1
		}
	}
	ap.segments = append(ap.segments, compilePattern(s[start:], true, vars))
	ap.literal = true
	for i := range ap.segments {
		ap.literal = ap.literal && ap.segments[i].tokens == nil
	}
	return ap
}

// match reports whether arn matches; resolved is false when a policy
// variable in the pattern could not be resolved.
func (ap *arnPattern) match(arn string, ctx Context) (matched, resolved bool) {
	if ap.any {
		return true, true
	}
	if ap.literal {
		return arn == ap.raw, true
	}
	rest := arn
	for i := range ap.segments {
		seg := rest
		if i < len(ap.segments)-1 {
			j := strings.IndexByte(rest, ':')
			if j < 0 {
				return false, true
			}
			seg, rest = rest[:j], rest[j+1:]
		}
		if ok, res := ap.segments[i].match(seg, ctx, false); !ok || !res {
			return false, res
		}
	}
	return true, true
}

func (ap *arnPattern) hasVariables() bool {
	for i := range ap.segments {
		if ap.segments[i].hasVariables() {
			return true
		}
	}
	return false
}

// IsARN reports whether s has an ARN's shape, as AWS parses one before
// looking at what it names: the "arn" prefix, a partition, a service and a
// resource, in six colon-separated fields (the Region and the account may
// be empty).
func IsARN(s string) bool {
	parts := strings.SplitN(s, ":", arnSegments)
	return len(parts) == arnSegments && parts[0] == "arn" && parts[1] != "" && parts[2] != "" && parts[5] != ""
}
