package main

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"io/fs"
	"net/http"
	"os"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/iam/types"
)

// TestEphemeral: amity serve --ephemeral writes no data directory, says so
// in its health and shutdown line, and its state is gone at exit.
func TestEphemeral(t *testing.T) {
	ctx := context.Background()
	var stderr lockedBuffer
	p := serveAmity(t, "127.0.0.1", "", &stderr, "--ephemeral")
	resp, err := http.Get("http://" + p.addr + "/_amity/health")
	if err != nil {
		t.Fatal(err)
	}
	var health struct{ Ephemeral bool }
	raw, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if json.Unmarshal(raw, &health) != nil || !health.Ephemeral {
		t.Errorf("health %s", raw)
	}
	client := iam.NewFromConfig(p.config("111122223333", "test"))
	if _, err := client.CreateUser(ctx, &iam.CreateUserInput{UserName: aws.String("gone")}); err != nil {
		t.Fatal(err)
	}
	p.stop(t)
	if !strings.Contains(stderr.String(), "ephemeral state discarded") {
		t.Errorf("the shutdown line:\n%s", stderr.String())
	}
	if _, err := os.Stat(defaultDataDir); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a data directory in the working directory: %v", err)
	}

	p = serveAmity(t, "127.0.0.1", "", io.Discard, "--ephemeral")
	client = iam.NewFromConfig(p.config("111122223333", "test"))
	if _, err := client.GetUser(ctx, &iam.GetUserInput{UserName: aws.String("gone")}); !errors.As(err, new(*types.NoSuchEntityException)) {
		t.Errorf("the user after a restart: %v", err)
	}
}
