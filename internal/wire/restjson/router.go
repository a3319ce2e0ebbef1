package restjson

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/amityhq/amity/internal/wire"
)

// route is an operation's HTTP binding, parsed from its requestUri:
// "/things/{Id}/files/{Key+}?versions" has literal segments, labels, a
// greedy last label and a required query parameter.
type route struct {
	op       *wire.Operation
	method   string
	segments []segment
	query    map[string]string // literal query parameters ("" value: any)
	literals int               // how specific the route is
}

type segment struct {
	literal string
	label   string // when not a literal
	greedy  bool   // {Key+}: the rest of the path
}

func parseRoute(op *wire.Operation) route {
	path, rawQuery, _ := strings.Cut(op.Path, "?")
	r := route{op: op, method: op.Method, query: map[string]string{}}
	for _, part := range splitPath(path) {
		if strings.HasPrefix(part, "{") && strings.HasSuffix(part, "}") {
			name := part[1 : len(part)-1]
			greedy := strings.HasSuffix(name, "+")
			r.segments = append(r.segments, segment{label: strings.TrimSuffix(name, "+"), greedy: greedy})
			continue
		}
		r.segments = append(r.segments, segment{literal: part})
		r.literals++
	}
	for _, kv := range strings.Split(rawQuery, "&") {
		if kv == "" {
			continue
		}
		k, v, _ := strings.Cut(kv, "=")
		r.query[k] = v
		r.literals++
	}
	return r
}

// splitPath splits an escaped path into its segments, without the empty
// one before the leading slash.
func splitPath(path string) []string {
	path = strings.TrimPrefix(path, "/")
	if path == "" {
		return nil
	}
	return strings.Split(path, "/")
}

// match returns the route's labels, unescaped, if the request is for it.
func (r *route) match(method string, segments []string, query url.Values) (map[string]string, bool) {
	if method != r.method {
		return nil, false
	}
	for k, v := range r.query {
		if !query.Has(k) || (v != "" && query.Get(k) != v) {
			return nil, false
		}
	}
	labels := map[string]string{}
	for i, seg := range r.segments {
		if seg.greedy {
			if i >= len(segments) {
				return nil, false
			}
			rest, err := url.PathUnescape(strings.Join(segments[i:], "/"))
			if err != nil || rest == "" {
				return nil, false
			}
			labels[seg.label] = rest
			return labels, true
		}
		if i >= len(segments) {
			return nil, false
		}
		value, err := url.PathUnescape(segments[i])
		if err != nil {
			return nil, false
		}
		if seg.literal != "" {
			if value != seg.literal {
				return nil, false
			}
			continue
		}
		if value == "" {
			return nil, false
		}
		labels[seg.label] = value
	}
	return labels, len(segments) == len(r.segments)
}

// router finds the operation of a request among a service's routes.
type router []route

func newRouter(svc *wire.Service) router {
	var rt router
	for _, op := range svc.Operations() {
		rt = append(rt, parseRoute(op))
	}
	return rt
}

// find returns the most specific route the request matches.
func (rt router) find(r *http.Request) (*route, map[string]string) {
	segments := splitPath(r.URL.EscapedPath())
	query := r.URL.Query()
	var (
		best   *route
		labels map[string]string
	)
	for i := range rt {
		if l, ok := rt[i].match(r.Method, segments, query); ok && (best == nil || rt[i].literals > best.literals) {
			best, labels = &rt[i], l
		}
	}
	return best, labels
}
