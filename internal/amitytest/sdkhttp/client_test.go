package sdkhttp_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/amityhq/amity/internal/amitytest/sdkhttp"
)

// sdkBody is a request body shaped like the SDK's: a ReadCloser that also
// offers WriteTo, and counts the calls to it.
type sdkBody struct {
	*strings.Reader
	writeTos *atomic.Int32
}

func (b sdkBody) WriteTo(w io.Writer) (int64, error) {
	b.writeTos.Add(1)
	return b.Reader.WriteTo(w)
}

func (sdkBody) Close() error { return nil }

// net/http drains a request body through WriteTo when the body offers it;
// Client must keep it from doing so (see Client for the failure this
// avoids).
func TestClientHidesWriteTo(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		_, _ = w.Write([]byte("ok"))
	}))
	defer srv.Close()
	const form = "Action=GetCallerIdentity&Version=2011-06-15"
	var writeTos atomic.Int32
	req, err := http.NewRequest(http.MethodPost, srv.URL+"/", nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Body = sdkBody{strings.NewReader(form), &writeTos}
	req.ContentLength = int64(len(form))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")

	resp, err := sdkhttp.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if n := writeTos.Load(); n != 0 {
		t.Errorf("net/http called the request body's WriteTo %d times, want 0", n)
	}
}
