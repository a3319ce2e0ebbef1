package doctor

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
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
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, strings.TrimRight(c.Endpoint, "/")+Path, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	creds, err := c.Credentials.Retrieve(ctx)
	if err != nil {
		return fmt.Errorf("credentials: %w", err)
	}
	sum := sha256.Sum256(body)
	if err := v4.NewSigner().SignHTTP(ctx, creds, req, hex.EncodeToString(sum[:]), ServiceName, c.Region, time.Now()); err != nil {
		return err
	}
	hc := c.HTTP
	if hc == nil {
		hc = http.DefaultClient
	}
	resp, err := hc.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, 16<<20))
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
