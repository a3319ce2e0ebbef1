package record

import (
	"bytes"
	"encoding/xml"
	"reflect"
	"strings"
	"time"

	"github.com/amityhq/amity/internal/awserr"
	"github.com/amityhq/amity/internal/wire/jsonio"
	"github.com/amityhq/amity/internal/wire/xmlio"
)

// ec2: errors prefixed "Client." (or "Server."), timestamps in epoch
// milliseconds, and responseElements the XML answer EC2 sent, as JSON:
// requestId first, lists as {"items":[...]}, <return> as "_return" [a real
// CreateTags record of 2022: "responseElements":{"requestId":"…",
// "_return":true}; "requestParameters":{"resourcesSet":{"items":[…]}}].
//
// UNVERIFIED: requestParameters. EC2 records its own parameter names there
// ("zone" for AvailabilityZone, "tagSpecificationSet" for
// TagSpecification.N), which its model does not give; amity records the
// input's members as the generic rule names them.
var ec2 = rules{time: epochMillis, errorCode: ec2ErrorCode, response: ec2Response}

// ec2ErrorCode: "Client.UnauthorizedOperation" for the 403 answered as
// UnauthorizedOperation [AWS_TEXTS.md §5f, §2: Client.CustomerKeyHasBeenRevoked];
// "Server." for EC2's own failures (UNVERIFIED).
func ec2ErrorCode(err *awserr.Error) string {
	if err.Fault() == awserr.Receiver {
		return "Server." + err.Code
	}
	return "Client." + err.Code
}

// epochMillis: EC2 records times as epoch milliseconds ("createTime":
// 1581011116000; UNVERIFIED beyond public samples).
func epochMillis(e *jsonio.Encoder, t time.Time) { e.Int(t.UnixMilli()) }

func ec2Response(c *Call, _ *rules, e *jsonio.Encoder) []byte {
	m, ok := c.Output.(xmlio.Marshaler)
	if !ok {
		return nil
	}
	var x xmlio.Encoder
	x.Start("r")
	x.String("requestId", c.RequestID)
	if reflect.Indirect(reflect.ValueOf(c.Output)).NumField() > 0 {
		m.EncodeXML(&x)
	} else {
		x.Bool("return", true) // what EC2 answers for an operation without output
	}
	x.End("r")
	root, err := parseXML(x.Bytes())
	if err != nil {
		return nil // amity's own encoder wrote it: cannot happen
	}
	e.Reset()
	root.write(e)
	return e.Bytes()
}

// xmlNode is an element of EC2's answer.
type xmlNode struct {
	name string
	text []byte
	kids []*xmlNode
}

func parseXML(doc []byte) (*xmlNode, error) {
	d := xml.NewDecoder(bytes.NewReader(doc))
	var stack []*xmlNode
	var root *xmlNode
	for {
		tok, err := d.Token()
		if err != nil {
			return root, nil
		}
		switch t := tok.(type) {
		case xml.StartElement:
			n := &xmlNode{name: t.Name.Local}
			if len(stack) > 0 {
				top := stack[len(stack)-1]
				top.kids = append(top.kids, n)
			} else {
				root = n
			}
			stack = append(stack, n)
		case xml.CharData:
			if len(stack) > 0 {
				top := stack[len(stack)-1]
				top.text = append(top.text, t...)
			}
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		}
	}
}

func (n *xmlNode) write(e *jsonio.Encoder) {
	switch {
	case len(n.kids) == 0 && len(n.text) == 0 && strings.HasSuffix(n.name, "Set"):
		e.BeginObject() // an empty list ("groupSet": {})
		e.EndObject()
	case len(n.kids) == 0:
		scalar(e, string(n.text))
	case n.kids[0].name == "item":
		e.BeginObject()
		e.Key("items")
		e.BeginArray()
		for _, k := range n.kids {
			k.write(e)
		}
		e.EndArray()
		e.EndObject()
	default:
		e.BeginObject()
		for _, k := range n.kids {
			if k.name == "return" {
				e.Key("_return")
			} else {
				e.Key(k.name)
			}
			k.write(e)
		}
		e.EndObject()
	}
}

// scalar types an element's text as EC2's records do: booleans and small
// counts as JSON values, timestamps as epoch milliseconds, the rest —
// ids, account numbers — as strings (UNVERIFIED: inferred from the text,
// which loses the model's type).
func scalar(e *jsonio.Encoder, s string) {
	switch {
	case s == "true" || s == "false":
		e.Bool(s == "true")
	case isCount(s):
		e.Raw([]byte(s))
	default:
		if t, err := time.Parse(time.RFC3339Nano, s); err == nil && strings.Contains(s, "T") {
			epochMillis(e, t)
			return
		}
		e.String(s)
	}
}

// isCount reports a decimal of 1 to 9 digits without a leading zero:
// sizes and counts, not 12-digit account ids.
func isCount(s string) bool {
	if len(s) == 0 || len(s) > 9 || (s[0] == '0' && len(s) > 1) {
		return false
	}
	for _, c := range []byte(s) {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}
