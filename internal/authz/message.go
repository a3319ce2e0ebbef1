package authz

import (
	"encoding/base64"
	"encoding/json"
	"maps"
	"slices"

	"github.com/amityhq/amity/internal/identity"
	"github.com/amityhq/amity/internal/policy"
)

// DeniedMessage is AWS's AccessDenied text:
//
//	User: ARN is not authorized to perform: ACTION on resource: RESOURCE
//
// followed, when withReason is set, by the decision's reason ("because no
// identity-based policy allows the ACTION action"). Services choose: KMS,
// IAM and EC2 append the reason today; STS's AssumeRole does not.
func DeniedMessage(principalARN string, check *Check, d policy.Decision, withReason bool) string {
	msg := "User: " + principalARN + " is not authorized to perform: " + check.Action +
		" on resource: " + check.Resource
	if withReason {
		msg += d.Reason(check.Action)
	}
	return msg
}

// AuthorizationMessage is the decoded form of an encoded authorization
// failure — what EC2 appends to UnauthorizedOperation and STS's
// DecodeAuthorizationMessage reveals — in the shape that operation
// documents: whether the request was allowed, the statements that
// decided, and the request's context. (The field names beyond the
// documented list are UNVERIFIED: no real decoded sample was found.)
type AuthorizationMessage struct {
	Allowed           bool                 `json:"allowed"`
	ExplicitDeny      bool                 `json:"explicitDeny"`
	MatchedStatements items[MatchedPolicy] `json:"matchedStatements"`
	Failures          items[string]        `json:"failures"`
	Context           MessageContext       `json:"context"`
}

type items[T any] struct {
	Items []T `json:"items"`
}

// MatchedPolicy is a statement that decided.
type MatchedPolicy struct {
	StatementID string `json:"statementId,omitempty"`
	Effect      string `json:"effect"`
	Policy      string `json:"policy,omitempty"`
}

// MessageContext is the request the message is about.
type MessageContext struct {
	Principal  MessagePrincipal        `json:"principal"`
	Action     string                  `json:"action"`
	Resource   string                  `json:"resource"`
	Conditions items[MessageCondition] `json:"conditions"`
}

// MessagePrincipal names the caller.
type MessagePrincipal struct {
	ID  string `json:"id"`
	ARN string `json:"arn"`
}

// MessageCondition is a condition key and its values in the request.
type MessageCondition struct {
	Key    string              `json:"key"`
	Values items[MessageValue] `json:"values"`
}

// MessageValue is one value of a condition key.
type MessageValue struct {
	Value string `json:"value"`
}

// NewAuthorizationMessage describes the decision rec for the caller
// principalID: the statements of its trace that applied (or the deciding
// one), and the request's condition keys.
func NewAuthorizationMessage(principalID string, rec Record) *AuthorizationMessage {
	m := &AuthorizationMessage{
		Allowed:      rec.Allowed(),
		ExplicitDeny: rec.Effect == policy.ExplicitDeny,
		Context: MessageContext{
			Principal: MessagePrincipal{ID: principalID, ARN: rec.Principal},
			Action:    rec.Action,
			Resource:  rec.Resource,
		},
	}
	if rec.Trace != nil {
		for _, p := range rec.Trace.Policies {
			for _, st := range p.Statements {
				if st.Applies {
					m.MatchedStatements.Items = append(m.MatchedStatements.Items,
						MatchedPolicy{StatementID: st.Sid, Effect: effectName(st.Deny), Policy: p.Name})
				}
			}
		}
	} else if rec.Policy != "" {
		m.MatchedStatements.Items = append(m.MatchedStatements.Items,
			MatchedPolicy{StatementID: rec.Sid, Effect: effectName(rec.Effect == policy.ExplicitDeny), Policy: rec.Policy})
	}
	keys := slices.Sorted(maps.Keys(rec.Conditions))
	for _, k := range keys {
		c := MessageCondition{Key: k}
		for _, v := range rec.Conditions[k] {
			c.Values.Items = append(c.Values.Items, MessageValue{Value: v})
		}
		m.Context.Conditions.Items = append(m.Context.Conditions.Items, c)
	}
	return m
}

func effectName(deny bool) string {
	if deny {
		return "DENY"
	}
	return "ALLOW"
}

// messageAD binds sealed messages to their purpose.
var messageAD = []byte("sts:authorization-message")

// EncodeAuthorizationMessage seals m into the opaque text EC2 appends to
// UnauthorizedOperation ("Encoded authorization failure message: ...").
// Only OpenAuthorizationMessage, with the same sealer, can read it.
func EncodeAuthorizationMessage(sealer identity.Sealer, m *AuthorizationMessage) (string, error) {
	raw, err := json.Marshal(m)
	if err != nil {
		return "", err
	}
	return base64.RawURLEncoding.EncodeToString(sealer.Seal(raw, messageAD)), nil
}

// OpenAuthorizationMessage returns the JSON of an encoded message; ok is
// false for a text amity did not encode.
func OpenAuthorizationMessage(sealer identity.Sealer, encoded string) (raw []byte, ok bool) {
	sealed, err := base64.RawURLEncoding.DecodeString(encoded)
	if err != nil {
		return nil, false
	}
	raw, err = sealer.Open(sealed, messageAD)
	return raw, err == nil
}
