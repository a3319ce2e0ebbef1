package sts

import (
	"context"
	"encoding/base64"
	"encoding/json"

	"github.com/amityhq/amity/internal/api/stsapi"
	"github.com/amityhq/amity/internal/authz"
	"github.com/amityhq/amity/internal/identity"
	"github.com/amityhq/amity/internal/policy"
)

// AuthorizationMessage is the decoded form of an encoded authorization
// failure, in the shape STS's DecodeAuthorizationMessage documents.
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

// authorizationMessageAD binds sealed messages to their purpose.
var authorizationMessageAD = []byte("sts:authorization-message")

// EncodeAuthorizationMessage seals m into the opaque text EC2 appends to
// UnauthorizedOperation ("Encoded authorization failure message: ...").
// Only DecodeAuthorizationMessage can read it.
func EncodeAuthorizationMessage(sealer identity.Sealer, m *AuthorizationMessage) (string, error) {
	raw, err := json.Marshal(m)
	if err != nil {
		return "", err
	}
	return base64.RawURLEncoding.EncodeToString(sealer.Seal(raw, authorizationMessageAD)), nil
}

// DecodeAuthorizationMessage reveals an encoded authorization failure to a
// caller allowed sts:DecodeAuthorizationMessage.
func (s *Service) DecodeAuthorizationMessage(ctx context.Context, in *stsapi.DecodeAuthorizationMessageInput) (*stsapi.DecodeAuthorizationMessageOutput, error) {
	req := authz.FromContext(ctx)
	check := &authz.Check{Action: "sts:DecodeAuthorizationMessage", Resource: "*", ResourceAccount: req.Principal.Account}
	if err := refuseFederated(req, check.Action, check.Resource); err != nil {
		return nil, err
	}
	d, err := s.authz.Authorize(ctx, req, check, nil)
	if err != nil {
		return nil, err
	}
	if !d.Allowed() {
		return nil, accessDenied(authz.DeniedMessage(req.Principal.ARN, check, d, true))
	}
	sealed, err := base64.RawURLEncoding.DecodeString(*in.EncodedMessage)
	if err != nil {
		return nil, invalidMessage()
	}
	raw, err := s.sealer.Open(sealed, authorizationMessageAD)
	if err != nil {
		return nil, invalidMessage()
	}
	return &stsapi.DecodeAuthorizationMessageOutput{DecodedMessage: ptr(string(raw))}, nil
}

// invalidMessage refuses a message amity did not encode. (UNVERIFIED text.)
func invalidMessage() error {
	return stsapi.InvalidAuthorizationMessageException("The encoded authorization message is invalid.")
}

// NewAuthorizationMessage describes decision d of check for req, with the
// statements trace names and the request's condition keys.
func NewAuthorizationMessage(req *authz.Request, check *authz.Check, d policy.Decision) *AuthorizationMessage {
	m := &AuthorizationMessage{
		Allowed:      d.Allowed(),
		ExplicitDeny: d.Effect == policy.ExplicitDeny,
		Context: MessageContext{
			Principal: MessagePrincipal{ID: req.Credential.PrincipalID(), ARN: req.Principal.ARN},
			Action:    check.Action,
			Resource:  check.Resource,
		},
	}
	if d.Policy != "" {
		effect := "DENY"
		if d.Allowed() {
			effect = "ALLOW"
		}
		m.MatchedStatements.Items = append(m.MatchedStatements.Items,
			MatchedPolicy{StatementID: d.Sid, Effect: effect, Policy: d.Policy})
	}
	for _, k := range sortedKeys(check.Context) {
		c := MessageCondition{Key: k}
		for _, v := range check.Context[k] {
			c.Values.Items = append(c.Values.Items, MessageValue{Value: v})
		}
		m.Context.Conditions.Items = append(m.Context.Conditions.Items, c)
	}
	return m
}
