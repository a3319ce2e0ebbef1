package server

import (
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/amityhq/amity/internal/awserr"
	"github.com/amityhq/amity/internal/wire"
	"github.com/amityhq/amity/internal/wire/awsjson"
	"github.com/amityhq/amity/internal/wire/awsquery"
	"github.com/amityhq/amity/internal/wire/restjson"
	"github.com/amityhq/amity/internal/wire/s3xml"
)

// Served returns the signing names of the routes amity serves — those
// with an operation implemented — and of those it mounts only to answer
// NotImplemented, each sorted (and empty rather than nil).
func Served(routes []Route) (served, notImplemented []string) {
	served, notImplemented = []string{}, []string{}
	for _, rt := range routes {
		if slices.ContainsFunc(rt.Service.Operations(), (*wire.Operation).Served) {
			served = append(served, rt.Service.Name)
		} else {
			notImplemented = append(notImplemented, rt.Service.Name)
		}
	}
	slices.Sort(served)
	slices.Sort(notImplemented)
	return served, notImplemented
}

// errorEncoder writes an error in one protocol's envelope.
type errorEncoder interface {
	EncodeError(w http.ResponseWriter, requestID string, err *awserr.Error)
}

// notServed is the answer to a request signed for a service amity does
// not serve (S3, SQS, DynamoDB, …): NotImplemented naming the services it
// does, in the envelope the service's clients read — so that an S3 client
// shows the text rather than a bare status — and the operation, where the
// request names it without a model (X-Amz-Target, Action).
func (s *Server) notServed(name string, r *http.Request, body []byte) (errorEncoder, *awserr.Error, string) {
	err := awserr.Newf(wire.NotImplementedCode, http.StatusNotImplemented,
		"amity does not serve %s; it serves %s", name, strings.Join(s.served, ", "))
	meta := wire.Metadata{Name: name}
	if target := r.Header.Get("X-Amz-Target"); target != "" {
		meta.Protocol = wire.ProtocolJSON
		return awsjson.New(wire.NewService(meta, nil)), err, target[strings.LastIndexByte(target, '.')+1:]
	}
	if action := queryAction(r, body); action != "" {
		meta.Protocol = wire.ProtocolQuery
		return awsquery.New(wire.NewService(meta, nil)), err, action
	}
	switch name {
	case "s3":
		return s3xml.Errors{}, err, ""
	case "route53", "cloudfront":
		// restXml with the same <ErrorResponse> envelope as awsQuery.
		meta.Protocol = wire.ProtocolQuery
		return awsquery.New(wire.NewService(meta, nil)), err, ""
	}
	meta.Protocol = wire.ProtocolRestJSON // Lambda, API Gateway, EKS, …
	return restjson.New(wire.NewService(meta, nil)), err, ""
}

// queryAction is the Action of an awsQuery request (SNS, SQS before its
// JSON protocol, CloudFormation, …): in the URL, or in a form body.
func queryAction(r *http.Request, body []byte) string {
	if action := r.URL.Query().Get("Action"); action != "" {
		return action
	}
	if strings.HasPrefix(r.Header.Get("Content-Type"), "application/x-www-form-urlencoded") {
		if form, err := url.ParseQuery(string(body)); err == nil {
			return form.Get("Action")
		}
	}
	return ""
}

// scopeService is the service a request's credential scope names, in its
// Authorization header or, presigned, its X-Amz-Credential; "" for none.
func scopeService(r *http.Request) string {
	credential := r.URL.Query().Get("X-Amz-Credential")
	if _, rest, ok := strings.Cut(r.Header.Get("Authorization"), "Credential="); ok {
		credential = rest
	}
	if parts := strings.SplitN(credential, "/", 5); len(parts) == 5 {
		return parts[3]
	}
	return ""
}
