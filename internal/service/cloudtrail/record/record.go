// Package record writes CloudTrail records as AWS writes them, from what
// amity's request pipeline saw of one call (Call): who called and through
// which service, the decoded request and answer without their secrets, the
// resources touched, the error. A call gives one record per account that
// receives it — the caller's and, across accounts, each resource owner's —
// sharing a sharedEventID.
//
// Field order and shapes follow real records: AWS_TEXTS.md §10 (a 2026
// CreateGrant EC2 made for a user), the CloudTrail User Guide's "CloudTrail
// record contents" and "userIdentity element", and the KMS Developer
// Guide's CloudTrail examples. requestParameters and responseElements are
// the generated input and output structures with their members named
// lowerCamel ("keyId", "aWSAccountId"), in model order (params.go), with
// per-service rules where AWS writes something else (rules.go).
package record

import (
	"time"

	"github.com/amityhq/amity/internal/authz"
	"github.com/amityhq/amity/internal/awserr"
	"github.com/amityhq/amity/internal/wire/jsonio"
)

// EventVersion is the record format CloudTrail writes today.
const EventVersion = "1.11"

// TimeLayout is how records write eventTime and session creation dates.
const TimeLayout = "2006-01-02T15:04:05Z"

// Call is one answered request as the pipeline saw it: a customer's, or a
// call one service made to another. The auditor copies it out of the
// server's event.
type Call struct {
	RequestID     string
	SharedEventID string
	Time          time.Time
	Service       string // signing name, "kms"
	Operation     string
	ReadOnly      bool
	Request       authz.Request
	// Input and Output are the generated structures without their
	// sensitive members; Output is nil on failure.
	Input, Output any
	Resources     []authz.Resource
	// Recipients are the accounts that receive a record: the caller's,
	// then each other owner of a resource touched.
	Recipients []string
	Err        *awserr.Error
}

// Record is one account's record of a call: its JSON, as LookupEvents'
// CloudTrailEvent and trail log files hold it, and the attributes
// LookupEvents filters on and answers with.
type Record struct {
	Account, Region string
	Time            time.Time
	EventID         string
	EventName       string
	EventSource     string
	ReadOnly        bool
	Username        string // "" when CloudTrail gives none
	AccessKeyID     string
	Resources       []Resource
	JSON            []byte
}

// Resource is a resource as LookupEvents names it.
type Resource struct {
	Type string // "AWS::KMS::Key"; "" when CloudTrail cannot tell
	Name string // the ARN; an IAM entity's name
}

// Builder writes records; one per goroutine, reusing its buffers.
type Builder struct {
	e, params, response jsonio.Encoder
	// chunk holds the JSON of the records built: they share its array,
	// a chunk at a time, rather than each having its own.
	chunk []byte
}

const chunkSize = 64 << 10

// keep returns a copy of j in the current chunk.
func (b *Builder) keep(j []byte) []byte {
	if cap(b.chunk)-len(b.chunk) < len(j) {
		b.chunk = make([]byte, 0, max(chunkSize, len(j)))
	}
	start := len(b.chunk)
	b.chunk = append(b.chunk, j...)
	return b.chunk[start:len(b.chunk):len(b.chunk)]
}

// Build returns the records of c, one per recipient, ids[i] the event
// id of Recipients[i]'s.
func (b *Builder) Build(c *Call, ids []string) []Record {
	r := rulesFor(c.Service)
	params := requestParameters(c, r, &b.params)
	response := responseElements(c, r, &b.response)
	resources := lookupResources(c.Resources)
	out := make([]Record, 0, len(c.Recipients))
	for i, acct := range c.Recipients {
		// The caller's own account sees who called; another account —
		// a resource's owner — sees only the calling account, as for a
		// cross-account AssumeRole [IAM User Guide, "Example
		// cross-account AWS STS API events"].
		full := acct == c.Request.Principal.Account || c.Request.Principal.Account == ""
		rec := Record{Account: acct, Region: c.Request.Region, Time: c.Time, EventID: ids[i],
			EventName: c.Operation, EventSource: eventSource(c.Service), ReadOnly: c.ReadOnly, Resources: resources}
		if full {
			rec.Username = username(&c.Request)
			if c.Request.Credential != nil {
				rec.AccessKeyID = c.Request.Credential.AccessKeyID
			}
		}
		b.e.Reset()
		b.write(c, r, &rec, full, params, response)
		rec.JSON = b.keep(b.e.Bytes())
		out = append(out, rec)
	}
	return out
}

func eventSource(service string) string { return service + ".amazonaws.com" }

// write writes one record in the order of AWS's own.
func (b *Builder) write(c *Call, r *rules, rec *Record, full bool, params, response []byte) {
	e := &b.e
	e.BeginObject()
	str(e, "eventVersion", EventVersion)
	e.Key("userIdentity")
	writeIdentity(e, &c.Request, full)
	str(e, "eventTime", c.Time.UTC().Format(TimeLayout))
	str(e, "eventSource", rec.EventSource)
	str(e, "eventName", c.Operation)
	str(e, "awsRegion", c.Request.Region)
	str(e, "sourceIPAddress", c.Request.SourceIP)
	if c.Request.UserAgent != "" {
		str(e, "userAgent", c.Request.UserAgent)
	}
	if c.Err != nil {
		str(e, "errorCode", r.errorCode(c.Err))
		if c.Err.Message != "" {
			str(e, "errorMessage", c.Err.Message)
		}
	}
	raw(e, "requestParameters", params)
	raw(e, "responseElements", response)
	str(e, "requestID", c.RequestID)
	str(e, "eventID", rec.EventID)
	e.Key("readOnly")
	e.Bool(c.ReadOnly)
	if r.listsResources(c.Resources) {
		writeResources(e, c.Resources)
	}
	str(e, "eventType", "AwsApiCall")
	e.Key("managementEvent")
	e.Bool(true)
	str(e, "recipientAccountId", rec.Account)
	if c.SharedEventID != "" {
		str(e, "sharedEventID", c.SharedEventID)
	}
	str(e, "eventCategory", "Management")
	e.EndObject()
}

func str(e *jsonio.Encoder, key, value string) {
	e.Key(key)
	e.String(value)
}

// raw writes a JSON value written before, or null for none.
func raw(e *jsonio.Encoder, key string, value []byte) {
	e.Key(key)
	if value == nil {
		e.Null()
		return
	}
	e.Raw(value)
}
