// Package model is the Go form of AWS's service models (botocore
// service-2.json, aws-sdk-go api-2.json): the shapes, operations and errors
// the wire generator turns into Go code. Only the generator and its tests use
// it; amity at run time never reads a model.
package model

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
)

// Model is one service model.
type Model struct {
	Metadata   Metadata              `json:"metadata"`
	Operations map[string]*Operation `json:"operations"`
	Shapes     map[string]*Shape     `json:"shapes"`
}

// Metadata is the service-wide part of a model.
type Metadata struct {
	APIVersion     string `json:"apiVersion"`
	EndpointPrefix string `json:"endpointPrefix"`
	SigningName    string `json:"signingName"`
	JSONVersion    string `json:"jsonVersion"`
	Protocol       string `json:"protocol"`
	ServiceID      string `json:"serviceId"`
	TargetPrefix   string `json:"targetPrefix"`
	XMLNamespace   string `json:"xmlNamespace"`
}

// Protocols as the models name them.
const (
	ProtocolJSON     = "json"
	ProtocolQuery    = "query"
	ProtocolEC2      = "ec2"
	ProtocolRestJSON = "rest-json"
)

// Operation is one API action.
type Operation struct {
	Name          string `json:"name"`
	HTTP          HTTP   `json:"http"`
	Input         *Ref   `json:"input"`
	Output        *Ref   `json:"output"`
	Errors        []Ref  `json:"errors"`
	Documentation string `json:"documentation"`
}

// HTTP is an operation's REST binding (restJson routes on it; the other
// protocols always POST to "/").
type HTTP struct {
	Method       string `json:"method"`
	RequestURI   string `json:"requestUri"`
	ResponseCode int    `json:"responseCode"`
}

// Ref points at a shape and carries the member-level serialisation traits.
type Ref struct {
	Shape           string `json:"shape"`
	Location        string `json:"location"` // uri, querystring, header, headers, statusCode
	LocationName    string `json:"locationName"`
	QueryName       string `json:"queryName"` // ec2 only
	Flattened       bool   `json:"flattened"`
	XMLAttribute    bool   `json:"xmlAttribute"`
	TimestampFormat string `json:"timestampFormat"`
	ResultWrapper   string `json:"resultWrapper"` // awsQuery output wrapper element
	Documentation   string `json:"documentation"`
	Sensitive       bool   `json:"sensitive"`
}

// Member is a structure member: a named Ref.
type Member struct {
	Name string
	Ref
}

// Members keeps structure members in model order, which a Go map would lose;
// AWS lists validation errors and serialises members in that order.
type Members []Member

// UnmarshalJSON reads a JSON object of member refs, keeping key order.
func (ms *Members) UnmarshalJSON(data []byte) error {
	refs := map[string]Ref{}
	if err := json.Unmarshal(data, &refs); err != nil {
		return err
	}
	keys, err := objectKeys(data)
	if err != nil {
		return err
	}
	out := make(Members, 0, len(keys))
	for _, name := range keys {
		out = append(out, Member{Name: name, Ref: refs[name]})
	}
	*ms = out
	return nil
}

// ErrorTrait is the "error" object of an exception shape.
type ErrorTrait struct {
	Code           string `json:"code"`
	HTTPStatusCode int    `json:"httpStatusCode"`
	SenderFault    bool   `json:"senderFault"`
}

// Shape is a named type in a model.
type Shape struct {
	Name            string      `json:"-"`
	Type            string      `json:"type"`
	Members         Members     `json:"members"`
	Required        []string    `json:"required"`
	Member          *Ref        `json:"member"` // list element
	Key             *Ref        `json:"key"`    // map key
	Value           *Ref        `json:"value"`  // map value
	Min             *Bound      `json:"min"`
	Max             *Bound      `json:"max"`
	Pattern         string      `json:"pattern"`
	Enum            []string    `json:"enum"`
	Sensitive       bool        `json:"sensitive"`
	Flattened       bool        `json:"flattened"`
	LocationName    string      `json:"locationName"`
	TimestampFormat string      `json:"timestampFormat"`
	Payload         string      `json:"payload"`
	Exception       bool        `json:"exception"`
	Fault           bool        `json:"fault"`
	Error           *ErrorTrait `json:"error"`
	Documentation   string      `json:"documentation"`
}

// Shape types.
const (
	TypeStructure = "structure"
	TypeList      = "list"
	TypeMap       = "map"
	TypeString    = "string"
	TypeBlob      = "blob"
	TypeBoolean   = "boolean"
	TypeInteger   = "integer"
	TypeLong      = "long"
	TypeFloat     = "float"
	TypeDouble    = "double"
	TypeTimestamp = "timestamp"
)

// IsRequired reports whether the structure lists member name as required.
func (s *Shape) IsRequired(name string) bool {
	for _, r := range s.Required {
		if r == name {
			return true
		}
	}
	return false
}

// Bound is a min or max trait. Models write integers that exceed float64's
// exact range (a long's max) and, for doubles, fractions; both survive here.
type Bound struct {
	Text string // as written in the model
}

// UnmarshalJSON keeps the number's text.
func (b *Bound) UnmarshalJSON(data []byte) error {
	var n json.Number
	if err := json.Unmarshal(data, &n); err != nil {
		return fmt.Errorf("bound %s: %w", data, err)
	}
	b.Text = n.String()
	return nil
}

// Float is the bound as a float64 (exact for every length and int32 bound).
func (b *Bound) Float() float64 {
	f, err := json.Number(b.Text).Float64()
	if err != nil {
		return math.NaN()
	}
	return f
}

// objectKeys returns the keys of a JSON object in document order.
func objectKeys(data []byte) ([]string, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	if _, err := dec.Token(); err != nil {
		return nil, err
	}
	var keys []string
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, err
		}
		key, ok := tok.(string)
		if !ok {
			return nil, fmt.Errorf("object key %v is not a string", tok)
		}
		keys = append(keys, key)
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			return nil, err
		}
	}
	return keys, nil
}
