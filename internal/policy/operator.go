package policy

import "strings"

// family groups condition operators that compare values the same way.
type family uint8

const (
	famString family = iota
	famStringIgnoreCase
	famStringLike
	famNumeric
	famDate
	famBool
	famBinary
	famIP
	famARN
	famNull
)

// comparison is the relation a Numeric or Date operator tests.
type comparison uint8

const (
	cmpEq comparison = iota
	cmpLt
	cmpLe
	cmpGt
	cmpGe
)

// operator is one of AWS's condition operators, without its set qualifier
// (ForAllValues:/ForAnyValue:) or IfExists suffix.
type operator struct {
	name    string
	family  family
	cmp     comparison
	negated bool // StringNotEquals, NotIpAddress, ArnNotLike, ...
}

// operators lists every operator of the IAM policy language, keyed by the
// lower-cased name: AWS accepts operator names in any case.
var operators = func() map[string]operator {
	ops := []operator{
		{"StringEquals", famString, cmpEq, false},
		{"StringNotEquals", famString, cmpEq, true},
		{"StringEqualsIgnoreCase", famStringIgnoreCase, cmpEq, false},
		{"StringNotEqualsIgnoreCase", famStringIgnoreCase, cmpEq, true},
		{"StringLike", famStringLike, cmpEq, false},
		{"StringNotLike", famStringLike, cmpEq, true},
		{"NumericEquals", famNumeric, cmpEq, false},
		{"NumericNotEquals", famNumeric, cmpEq, true},
		{"NumericLessThan", famNumeric, cmpLt, false},
		{"NumericLessThanEquals", famNumeric, cmpLe, false},
		{"NumericGreaterThan", famNumeric, cmpGt, false},
		{"NumericGreaterThanEquals", famNumeric, cmpGe, false},
		{"DateEquals", famDate, cmpEq, false},
		{"DateNotEquals", famDate, cmpEq, true},
		{"DateLessThan", famDate, cmpLt, false},
		{"DateLessThanEquals", famDate, cmpLe, false},
		{"DateGreaterThan", famDate, cmpGt, false},
		{"DateGreaterThanEquals", famDate, cmpGe, false},
		{"Bool", famBool, cmpEq, false},
		{"BinaryEquals", famBinary, cmpEq, false},
		{"IpAddress", famIP, cmpEq, false},
		{"NotIpAddress", famIP, cmpEq, true},
		{"ArnEquals", famARN, cmpEq, false},
		{"ArnLike", famARN, cmpEq, false},
		{"ArnNotEquals", famARN, cmpEq, true},
		{"ArnNotLike", famARN, cmpEq, true},
		{"Null", famNull, cmpEq, false},
	}
	m := make(map[string]operator, len(ops))
	for _, op := range ops {
		m[strings.ToLower(op.name)] = op
	}
	return m
}()

// qualifier is a set operator for multivalued context keys.
type qualifier uint8

const (
	single    qualifier = iota // no qualifier
	forAll                     // ForAllValues:
	forAnyOne                  // ForAnyValue:
)

// parseOperator splits a condition operator such as
// "ForAnyValue:StringNotLikeIfExists" into its parts.
func parseOperator(s string) (op operator, q qualifier, ifExists, ok bool) {
	name := s
	if prefix, rest, found := strings.Cut(name, ":"); found {
		switch strings.ToLower(prefix) {
		case "forallvalues":
			q = forAll
		case "foranyvalue":
			q = forAnyOne
		default:
			return operator{}, 0, false, false
		}
		name = rest
	}
	lower := strings.ToLower(name)
	if base, found := strings.CutSuffix(lower, "ifexists"); found {
		lower, ifExists = base, true
	}
	op, ok = operators[lower]
	if !ok || (ifExists && op.family == famNull) || (q != single && op.family == famNull) {
		return operator{}, 0, false, false
	}
	return op, q, ifExists, true
}
