package wire

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/amityhq/amity/internal/awserr"
)

// Err returns the violations found as AWS's Coral services report them, or
// nil when there are none:
//
//	2 validation errors detected: Value null at 'keyId' failed to satisfy
//	constraint: Member must not be null; Value 'x' at ...
//
// code is the service's validation code (ValidationException for JSON
// services, ValidationError for awsQuery ones); the status is 400.
//
// Paths name list elements "tags.1.member.tagKey" and map values
// "tags.KEY.member.x" [recorded AWS answers: LocalStack KMS and IAM
// snapshots; the map form only from dynalite, UNVERIFIED].
func (v *Validator) Err(code string) *awserr.Error {
	if len(v.violations) == 0 {
		return nil
	}
	var b strings.Builder
	b.WriteString(strconv.Itoa(len(v.violations)))
	if len(v.violations) == 1 {
		b.WriteString(" validation error detected: ")
	} else {
		b.WriteString(" validation errors detected: ")
	}
	for i, vi := range v.violations {
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString("Value ")
		switch vi.kind {
		case valueNull:
			b.WriteString("null ")
		case valueShown:
			b.WriteString("'" + vi.value + "' ")
		}
		b.WriteString("at '" + coralPath(vi.path) + "' failed to satisfy constraint: " + vi.constraint)
	}
	return awserr.New(code, http.StatusBadRequest, b.String())
}

func coralPath(path []step) string {
	var b strings.Builder
	for i, s := range path {
		if i > 0 {
			b.WriteByte('.')
		}
		b.WriteString(s.name)
		switch {
		case s.index >= 0:
			b.WriteString("." + strconv.Itoa(s.index+1) + ".member")
		case s.isKey:
			b.WriteString("." + s.key + ".member")
		}
	}
	return b.String()
}

// EC2 error codes for requests the model refuses.
const (
	MissingParameterCode      = "MissingParameter"
	InvalidParameterValueCode = "InvalidParameterValue"
)

// EC2Err returns the first violation as EC2 reports it, or nil. EC2 does not
// use Coral's validation: a missing parameter is
//
//	MissingParameter: The request must contain the parameter ImageId
//
// [terraform and SDK logs; no trailing period], and any other breach is
// InvalidParameterValue "Value (x) for parameter Name is invalid." [EC2's
// common form, seen with service-specific reasons appended; the bare form
// for model constraints is UNVERIFIED].
func (v *Validator) EC2Err() *awserr.Error {
	if len(v.violations) == 0 {
		return nil
	}
	vi := v.violations[0]
	name := ec2Path(vi.path)
	if vi.missing {
		return awserr.New(MissingParameterCode, http.StatusBadRequest, "The request must contain the parameter "+name)
	}
	return awserr.New(InvalidParameterValueCode, http.StatusBadRequest,
		"Value ("+vi.value+") for parameter "+name+" is invalid.")
}

func ec2Path(path []step) string {
	var b strings.Builder
	for i, s := range path {
		if i > 0 {
			b.WriteByte('.')
		}
		b.WriteString(s.name)
		switch {
		case s.index >= 0:
			b.WriteString("." + strconv.Itoa(s.index+1))
		case s.isKey:
			b.WriteString("." + s.key)
		}
	}
	return b.String()
}
