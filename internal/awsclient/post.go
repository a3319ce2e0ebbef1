// Package awsclient sends a request as an AWS client does, signed with
// SigV4: the calls amity's own commands make without an SDK client
// (amity doctor's questions, scenarios' KMS calls).
package awsclient

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
)

// MaxAnswer bounds the answer Post reads; amity's are far smaller.
const MaxAnswer = 16 << 20

// Post sends body to url with header's fields, signed with creds for
// service in region (aws-sdk-go-v2's signer), through client
// (http.DefaultClient when nil), and returns the answer with its body
// read whole.
func Post(ctx context.Context, client aws.HTTPClient, creds aws.CredentialsProvider, url string, header http.Header,
	body []byte, service, region string) (*http.Response, []byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return nil, nil, err
	}
	for name, values := range header {
		req.Header[name] = values
	}
	c, err := creds.Retrieve(ctx)
	if err != nil {
		return nil, nil, fmt.Errorf("credentials: %w", err)
	}
	sum := sha256.Sum256(body)
	if err := v4.NewSigner().SignHTTP(ctx, c, req, hex.EncodeToString(sum[:]), service, region, time.Now()); err != nil {
		return nil, nil, err
	}
	if client == nil {
		client = http.DefaultClient
	}
	resp, err := client.Do(req)
	if err != nil {
		return nil, nil, err
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, MaxAnswer))
	return resp, raw, err
}
