package eventstore

import (
	"bytes"
	"compress/flate"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"sync"

	"github.com/amityhq/amity/internal/service/cloudtrail/record"
)

// A stored record is its lookup attributes, then its JSON compressed with
// a dictionary of the text every record repeats (field names, sources,
// ARN prefixes): a kilobyte record keeps about a third of its size.
//
//	byte    format (1)
//	strings eventID, eventName, eventSource, username, accessKeyID
//	byte    readOnly
//	uvarint resources, then each type and name
//	rest    the JSON, DEFLATE with dictionary
//
// A string is a uvarint length and its bytes.
const format1 = 1

// dictionary primes the compressor: changing it changes format1's bytes,
// so a new dictionary needs a new format byte.
var dictionary = []byte(`"sessionContext":{"sessionIssuer":{"type":"Role","principalId":"AROA","arn":"arn:aws:iam::` +
	`","accountId":"","userName":""},"webIdFederationData":{},"attributes":{"creationDate":"2026-01-01T00:00:00Z",` +
	`"mfaAuthenticated":"false"}},"invokedBy":"ec2-frontend-api.amazonaws.com"},"eventTime":"2026-` +
	`{"eventVersion":"1.11","userIdentity":{"type":"IAMUser","principalId":"AIDA","arn":"arn:aws:iam::` +
	`:user/","accountId":"","accessKeyId":"AKIA","userName":""},"eventTime":"2026-01-01T00:00:00Z",` +
	`"eventSource":"iam.amazonaws.com","eventName":"Create","awsRegion":"us-east-1","sourceIPAddress":"127.0.0.1",` +
	`"userAgent":"aws-sdk-go-v2/1.48.0 ua/2.1 os/linux lang/go#1.26 md/GOOS#linux md/GOARCH#amd64 api/kms#1.62.5 m/E",` +
	`"errorCode":"AccessDenied","errorMessage":"User: arn:aws:iam:: is not authorized to perform: kms: on resource: ` +
	`arn:aws:kms:us-east-1::key/ because no identity-based policy allows the kms: action",` +
	`"requestParameters":{"keyId":"arn:aws:kms:us-east-1::key/","encryptionContext":{"aws:ebs:id":"vol-"},` +
	`"encryptionAlgorithm":"SYMMETRIC_DEFAULT"},"responseElements":null,"requestID":"","eventID":"",` +
	`"readOnly":true,"resources":[{"accountId":"","type":"AWS::KMS::Key","ARN":"arn:aws:kms:us-east-1::key/"}],` +
	`"eventType":"AwsApiCall","managementEvent":true,"recipientAccountId":"","sharedEventID":"",` +
	`"eventCategory":"Management"}`)

// Event is a stored record as LookupEvents answers it.
type Event struct {
	record.Record
	key string // the events key: the position after it
}

var writers = sync.Pool{New: func() any {
	w, _ := flate.NewWriterDict(nil, flate.BestSpeed, dictionary) // BestSpeed is a valid level
	return w
}}

var readers = sync.Pool{New: func() any { return flate.NewReaderDict(nil, dictionary) }}

func appendString(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

// encode returns rec's stored form.
func encode(rec *record.Record) []byte {
	b := make([]byte, 0, 256+len(rec.JSON)/2)
	b = append(b, format1)
	for _, s := range [...]string{rec.EventID, rec.EventName, rec.EventSource, rec.Username, rec.AccessKeyID} {
		b = appendString(b, s)
	}
	ro := byte(0)
	if rec.ReadOnly {
		ro = 1
	}
	b = append(b, ro)
	b = binary.AppendUvarint(b, uint64(len(rec.Resources)))
	for _, r := range rec.Resources {
		b = appendString(appendString(b, r.Type), r.Name)
	}
	buf := bytes.NewBuffer(b)
	w := writers.Get().(*flate.Writer)
	w.Reset(buf)
	_, _ = w.Write(rec.JSON) // a bytes.Buffer does not fail
	_ = w.Close()
	writers.Put(w)
	return buf.Bytes()
}

var errCorrupt = errors.New("eventstore: corrupt record")

// decoder reads a stored record's fields in order.
type decoder struct {
	b   []byte
	err error
}

func (d *decoder) string() string {
	n, k := binary.Uvarint(d.b)
	if k <= 0 || uint64(len(d.b)-k) < n {
		d.err = errCorrupt
		return ""
	}
	s := string(d.b[k : k+int(n)])
	d.b = d.b[k+int(n):]
	return s
}

// decodeAttributes reads the attributes of a stored record into rec and
// returns the compressed JSON that follows them.
func decodeAttributes(v []byte, rec *record.Record) ([]byte, error) {
	if len(v) == 0 || v[0] != format1 {
		return nil, errCorrupt
	}
	d := decoder{b: v[1:]}
	rec.EventID, rec.EventName, rec.EventSource = d.string(), d.string(), d.string()
	rec.Username, rec.AccessKeyID = d.string(), d.string()
	if d.err != nil || len(d.b) == 0 {
		return nil, errCorrupt
	}
	rec.ReadOnly = d.b[0] == 1
	d.b = d.b[1:]
	n, k := binary.Uvarint(d.b)
	if k <= 0 || n > uint64(len(d.b)) {
		return nil, errCorrupt
	}
	d.b = d.b[k:]
	rec.Resources = make([]record.Resource, 0, n)
	for range n {
		rec.Resources = append(rec.Resources, record.Resource{Type: d.string(), Name: d.string()})
	}
	return d.b, d.err
}

// decode reads a stored record, JSON included.
func decode(v []byte, rec *record.Record) error {
	compressed, err := decodeAttributes(v, rec)
	if err != nil {
		return err
	}
	r := readers.Get().(io.ReadCloser)
	defer readers.Put(r)
	if err := r.(flate.Resetter).Reset(bytes.NewReader(compressed), dictionary); err != nil {
		return err
	}
	if rec.JSON, err = io.ReadAll(r); err != nil {
		return fmt.Errorf("%w: %v", errCorrupt, err)
	}
	return nil
}
