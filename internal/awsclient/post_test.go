package awsclient_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/credentials"

	"github.com/amityhq/amity/internal/awsclient"
)

// TestPostSignsAndReadsTheAnswer: the request carries the body, the
// caller's header fields and a SigV4 signature for the service and Region
// with the access key; the answer comes back read, up to MaxAnswer.
func TestPostSignsAndReadsTheAnswer(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		auth := r.Header.Get("Authorization")
		if r.Method != http.MethodPost || string(body) != `{"a":1}` || r.Header.Get("X-Amz-Target") != "T.Op" ||
			!strings.HasPrefix(auth, "AWS4-HMAC-SHA256 Credential=AKID/") || !strings.Contains(auth, "/eu-west-1/kms/aws4_request") ||
			r.Header.Get("X-Amz-Date") == "" {
			http.Error(w, "bad request: "+auth, http.StatusBadRequest)
			return
		}
		w.Write([]byte(strings.Repeat("x", awsclient.MaxAnswer+1)))
	}))
	defer srv.Close()
	resp, raw, err := awsclient.Post(context.Background(), nil, credentials.NewStaticCredentialsProvider("AKID", "secret", ""),
		srv.URL+"/", http.Header{"X-Amz-Target": {"T.Op"}}, []byte(`{"a":1}`), "kms", "eu-west-1")
	if err != nil || resp.StatusCode != http.StatusOK || len(raw) != awsclient.MaxAnswer {
		t.Fatalf("answer %v, %d bytes: %.100s, %v", resp.Status, len(raw), raw, err)
	}
}
