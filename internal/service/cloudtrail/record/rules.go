package record

import (
	"time"

	"github.com/amityhq/amity/internal/authz"
	"github.com/amityhq/amity/internal/awserr"
	"github.com/amityhq/amity/internal/wire/jsonio"
)

// rules are where a service's records differ from the generic form.
type rules struct {
	// time writes a timestamp of the request or answer.
	time func(*jsonio.Encoder, time.Time)
	// dropBlobs leaves out every binary member: KMS's ciphertexts,
	// plaintexts and signatures never reach a record.
	dropBlobs bool
	// request returns the input as the record shows it (KMS fills
	// defaults); nil records the input as given.
	requestOf func(*Call) any
	// response writes responseElements in the service's own way, into
	// the encoder given if it likes; nil converts the output.
	response func(*Call, *rules, *jsonio.Encoder) []byte
	// recordsAnswer names read-only operations whose answer is recorded
	// all the same (STS's credentials).
	recordsAnswer map[string]bool
	// errorCode is errorCode as the service's records write it.
	errorCode func(*awserr.Error) string
	// resources says when the record lists the resources touched.
	resources resourceListing
}

type resourceListing uint8

const (
	// noResources: the records of IAM, EC2 and most services list none
	// [IAM User Guide's IAM examples; UNVERIFIED for EC2 and Image
	// Builder].
	noResources resourceListing = iota
	// touchedResources: the resources, when the call touched any (STS's
	// AssumeRole lists the role).
	touchedResources
	// alwaysResources: the resources, [] when none (KMS's ListAliases and
	// GenerateRandom examples write "resources": []).
	alwaysResources
)

func (r *rules) request(c *Call) any {
	if r.requestOf != nil {
		return r.requestOf(c)
	}
	return c.Input
}

func (r *rules) listsResources(touched []authz.Resource) bool {
	return r.resources == alwaysResources || (r.resources == touchedResources && len(touched) > 0)
}

// javaTime is how AWS's Java services write a timestamp in request
// parameters and response elements: "Oct 27, 2022, 6:29:06 AM" (real STS
// records of 2022; KMS's and IAM's older examples lack the comma after the
// year, UNVERIFIED today), in UTC.
func javaTime(e *jsonio.Encoder, t time.Time) {
	e.String(t.UTC().Format("Jan 2, 2006, 3:04:05 PM"))
}

func sameCode(err *awserr.Error) string { return err.Code }

// coral are the rules of AWS's Coral services (IAM, STS, KMS, CloudTrail,
// Image Builder) where nothing else is known.
var coral = rules{time: javaTime, errorCode: sameCode, resources: noResources}

var services = map[string]*rules{
	"kms": &kms,
	"sts": &sts,
	"ec2": &ec2,
}

func rulesFor(service string) *rules {
	if r, ok := services[service]; ok {
		return r
	}
	return &coral
}

// sts records the credentials AssumeRole and GetSessionToken return, but
// not their secret (the model marks it sensitive), and lists the role
// assumed [IAM User Guide, "Example AWS STS API events"; real records of
// 2022 with "readOnly":true and the credentials].
var sts = rules{
	time: javaTime, errorCode: sameCode, resources: touchedResources,
	recordsAnswer: map[string]bool{"AssumeRole": true, "GetSessionToken": true},
}
