package app

import (
	"crypto/subtle"
	"mime"
	"net"
	"net/http"
	"strings"
)

// AdminTokenHeader carries the data directory's admin token
// (datadir.AdminToken) to amity's own endpoints that hand out credentials.
const AdminTokenHeader = "X-Amity-Admin-Token"

// checkAdminCaller admits a request to create an account only from a
// program on this machine that can read the data directory, never from a
// web page: the caller must connect over loopback and name a loopback host
// (a DNS-rebinding page names its own), send no Origin (browsers send one
// with every cross-site, and every scripted, POST), send JSON (which a
// page cannot without a preflight amity never answers), and show the admin
// token, which a page cannot know. It returns the HTTP status and reason
// of a refusal, or 0.
func (a *App) checkAdminCaller(r *http.Request) (int, string) {
	switch {
	case !loopbackHost(r.RemoteAddr) || !loopbackHost(r.Host):
		return http.StatusForbidden, "accounts can be created from this machine only"
	case r.Header.Get("Origin") != "":
		return http.StatusForbidden, "accounts cannot be created from a web page"
	case !isJSON(r.Header.Get("Content-Type")):
		return http.StatusUnsupportedMediaType, "the request must be application/json"
	case subtle.ConstantTimeCompare([]byte(r.Header.Get(AdminTokenHeader)), []byte(a.Dir.AdminToken)) != 1:
		return http.StatusForbidden, "the request must carry the data directory's admin token in " + AdminTokenHeader +
			" (amity accounts create --data-dir DIR sends it)"
	}
	return 0, ""
}

// loopbackHost reports whether a host, with or without its port, is
// localhost or a loopback address.
func loopbackHost(hostport string) bool {
	host, _, err := net.SplitHostPort(hostport)
	if err != nil {
		host = strings.Trim(hostport, "[]")
	}
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

func isJSON(contentType string) bool {
	t, _, err := mime.ParseMediaType(contentType)
	return err == nil && t == "application/json"
}
