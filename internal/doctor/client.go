package doctor

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/amityhq/amity/internal/awsclient"
)

// Client asks a running amity doctor's questions, signed with the caller's
// AWS credentials: the answers see what that account may see.
type Client struct {
	Endpoint    string // "http://127.0.0.1:4566"
	Region      string
	Credentials aws.CredentialsProvider
	HTTP        *http.Client // nil: http.DefaultClient
}

// ServiceName is the SigV4 service amity's own endpoints are signed for.
const ServiceName = "amity"

// Error is amity's refusal of a question, with AWS's code.
type Error struct {
	Status  int
	Code    string `json:"__type"`
	Message string `json:"message"`
}

func (e *Error) Error() string { return e.Code + ": " + e.Message }

// Explain asks about one resource or request.
func (c *Client) Explain(ctx context.Context, kind, id string) (*Report, error) {
	var r Report
	return &r, c.ask(ctx, Question{Kind: kind, ID: id}, &r)
}

// Recent asks about the account's failures in the Region since since ago.
func (c *Client) Recent(ctx context.Context, since time.Duration) ([]*Report, error) {
	var r RecentReports
	return r.Reports, c.ask(ctx, Question{Since: since.String()}, &r)
}

func (c *Client) ask(ctx context.Context, q Question, answer any) error {
	body, _ := json.Marshal(q)
	var hc aws.HTTPClient // nil, not an interface holding a nil *http.Client
	if c.HTTP != nil {
		hc = c.HTTP
	}
	resp, raw, err := awsclient.Post(ctx, hc, c.Credentials, strings.TrimRight(c.Endpoint, "/")+Path,
		http.Header{"Content-Type": {"application/json"}}, body, ServiceName, c.Region)
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		e := &Error{Status: resp.StatusCode}
		if json.Unmarshal(raw, e) != nil || e.Code == "" {
			e.Code, e.Message = http.StatusText(resp.StatusCode), strings.TrimSpace(string(raw))
		}
		return e
	}
	return json.Unmarshal(raw, answer)
}
