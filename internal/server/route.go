package server

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"

	"github.com/amityhq/amity/internal/awserr"
	"github.com/amityhq/amity/internal/wire"
)

// guessRoute picks the service a request is for without trusting its
// signature, to answer errors that come before the signature is checked in
// that service's protocol: by X-Amz-Target (awsJson), by the Version of an
// Action request (awsQuery, ec2Query), or by the credential scope.
func (s *Server) guessRoute(r *http.Request, body []byte) *Route {
	if target := r.Header.Get("X-Amz-Target"); target != "" {
		prefix, _, _ := strings.Cut(target, ".")
		for _, rt := range s.routes {
			if rt.Service.Protocol == wire.ProtocolJSON && rt.Service.TargetPrefix == prefix {
				return rt
			}
		}
	}
	version := r.URL.Query().Get("Version")
	if version == "" && strings.HasPrefix(r.Header.Get("Content-Type"), "application/x-www-form-urlencoded") {
		if form, err := url.ParseQuery(string(body)); err == nil {
			version = form.Get("Version")
		}
	}
	if v := version; v != "" {
		for _, rt := range s.routes {
			if rt.Service.Version == v {
				return rt
			}
		}
	}
	return s.routes[scopeService(r)]
}

// writeBareError answers in the awsJson envelope when the service is
// unknown.
func writeBareError(w http.ResponseWriter, requestID string, err *awserr.Error) {
	w.Header().Set("Content-Type", "application/x-amz-json-1.1")
	w.Header().Set(wire.RequestIDHeader, requestID)
	w.Header().Set("X-Amzn-Errortype", err.Code)
	w.WriteHeader(err.Status)
	_ = json.NewEncoder(w).Encode(map[string]string{"__type": err.Code, "message": err.Message})
}
