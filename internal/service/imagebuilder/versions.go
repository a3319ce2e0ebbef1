package imagebuilder

import (
	"context"
	"strconv"
	"strings"

	"github.com/amityhq/amity/internal/api/imagebuilderapi"
	"github.com/amityhq/amity/internal/authz"
	"github.com/amityhq/amity/internal/store"
)

// Semantic versions as Image Builder uses them [user guide,
// ibhow-semantic-versioning.md]: <major>.<minor>.<patch>, each node
// 0..2^30-1, then /<build>, which Image Builder assigns. In a selection a
// node may be the wildcard x — the newest — and every node to the right
// of the first x must be x too: x.x.x, 1.x.x and 1.6.x are valid, x.2.x
// and 1.x.8 are not.

// maxNode is a version node's upper limit.
const maxNode = 1<<30 - 1

// wildcard marks an x node of a version pattern.
const wildcard = -1

// version is a semantic version, or a pattern when some nodes are
// wildcard.
type version [3]int

// parseVersion reads a version whose nodes may be x when wildcards is
// set; ok is false for anything else, including an x before a number.
func parseVersion(s string, wildcards bool) (v version, ok bool) {
	parts := strings.Split(s, ".")
	if len(parts) != 3 {
		return v, false
	}
	for i, p := range parts {
		if p == "x" && wildcards {
			v[i] = wildcard
			continue
		}
		if i > 0 && v[i-1] == wildcard {
			return v, false
		}
		n, err := strconv.Atoi(p)
		if err != nil || n < 0 || n > maxNode || p != strconv.Itoa(n) { // no sign, no leading zero
			return v, false
		}
		v[i] = n
	}
	return v, true
}

func (v version) String() string {
	parts := make([]string, 3)
	for i, n := range v {
		if n == wildcard {
			parts[i] = "x"
		} else {
			parts[i] = strconv.Itoa(n)
		}
	}
	return strings.Join(parts, ".")
}

// exact reports whether v has no wildcard.
func (v version) exact() bool { return v[2] != wildcard }

// matches reports whether the concrete version c is one the pattern v
// selects.
func (v version) matches(c version) bool {
	for i := range v {
		if v[i] != wildcard && v[i] != c[i] {
			return false
		}
	}
	return true
}

// compare orders concrete versions.
func (v version) compare(o version) int {
	for i := range v {
		if v[i] != o[i] {
			if v[i] < o[i] {
				return -1
			}
			return 1
		}
	}
	return 0
}

// next is the version a wildcard recipe version creates: the fixed nodes
// kept, the first x one past the newest existing version that shares
// them (0 when there is none), the nodes after it 0 [user guide,
// create-image-recipes: "When you create a recipe with a wildcard version
// such as 1.0.x, Image Builder automatically increments the version (for
// example, 1.0.1, 1.0.2, 1.0.3, and so on)"; the first version of a new
// series is UNVERIFIED].
func (v version) next(existing []version) version {
	first := 0
	for first < 3 && v[first] != wildcard {
		first++
	}
	out := v
	for i := first; i < 3; i++ {
		out[i] = 0
	}
	found := false
	for _, e := range existing {
		if !v.matches(e) {
			continue
		}
		if !found || e[first] >= out[first] {
			out[first] = e[first] + 1
		}
		found = true
	}
	return out
}

// versionedARN is an Image Builder ARN of a versioned resource —
// components, image recipes, images — as a selection:
// arn:aws:imagebuilder:REGION:ACCOUNT:KIND/NAME/VERSION[/BUILD], VERSION
// possibly with wildcards.
type versionedARN struct {
	region, account, kind, name string
	version                     version
	build                       int // 0 when the ARN names none
}

// parseVersionedARN reads an ARN of kind; ok is false for anything else.
func parseVersionedARN(arn, kind string) (a versionedARN, ok bool) {
	region, account, k, rest, ok := splitARN(arn)
	if !ok || k != kind {
		return a, false
	}
	parts := strings.Split(rest, "/")
	if len(parts) < 2 || len(parts) > 3 {
		return a, false
	}
	a = versionedARN{region: region, account: account, kind: kind, name: parts[0]}
	if a.version, ok = parseVersion(parts[1], len(parts) == 2); !ok {
		return a, false
	}
	if len(parts) == 3 {
		n, err := strconv.Atoi(parts[2])
		if err != nil || n < 1 {
			return a, false
		}
		a.build = n
	}
	return a, true
}

// base is the ARN without its version: arn:…:KIND/NAME.
func (a versionedARN) base() string { return arnPrefix(a.region, a.account, a.kind) + a.name }

// versionARN is the ARN naming one version, without a build.
func versionARN(base string, v version) string { return base + "/" + v.String() }

// buildARN is the ARN naming one build of a version.
func buildARN(base string, v version, build int) string {
	return versionARN(base, v) + "/" + strconv.Itoa(build)
}

// stored is a record found by a versioned ARN, with the version and build
// its own ARN names.
type stored[R any] struct {
	arn     string
	version version
	build   int
	record  *R
}

// versionsOf returns every record of a's name in table: each version of a
// recipe, each build of each version of a component or an image.
func versionsOf[R any](tx store.Tx, table string, a versionedARN) ([]stored[R], error) {
	var out []stored[R]
	err := scan(tx, table, a.base()+"/", func(arn string, r *R) (bool, error) {
		if got, ok := parseVersionedARN(arn, a.kind); ok && got.name == a.name {
			out = append(out, stored[R]{arn: arn, version: got.version, build: got.build, record: r})
		}
		return true, nil
	})
	return out, err
}

// newest returns the record a selects: the build it names, or else the
// newest build of the newest version its pattern matches; ok is false
// when none does.
func newest[R any](tx store.Tx, table string, a versionedARN) (s stored[R], ok bool, err error) {
	all, err := versionsOf[R](tx, table, a)
	if err != nil {
		return s, false, err
	}
	for _, c := range all {
		if !a.version.matches(c.version) || a.build != 0 && c.build != a.build {
			continue
		}
		if !ok || c.version.compare(s.version) > 0 || c.version.compare(s.version) == 0 && c.build > s.build {
			s, ok = c, true
		}
	}
	return s, ok, nil
}

// latestReferences are the wildcard ARNs that select the newest version of
// a resource overall and within its major, minor and patch [user guide,
// ibhow-semantic-versioning, "Use version references": a component
// created as 1.2.3 answers latestVersionArn …/x.x.x,
// latestMajorVersionArn …/1.x.x, latestMinorVersionArn …/1.2.x and
// latestPatchVersionArn …/1.2.3].
func latestReferences(base string, v version) *imagebuilderapi.LatestVersionReferences {
	x := wildcard
	return &imagebuilderapi.LatestVersionReferences{
		LatestVersionArn:      new(versionARN(base, version{x, x, x})),
		LatestMajorVersionArn: new(versionARN(base, version{v[0], x, x})),
		LatestMinorVersionArn: new(versionARN(base, version{v[0], v[1], x})),
		LatestPatchVersionArn: new(versionARN(base, v)),
	}
}

// selection reads the versioned ARN a request gives in parameter. The
// model's patterns admit an x before a number (x.2.x), which Image
// Builder refuses [user guide, ibhow-semantic-versioning.md: "x.2.x is
// not valid, and produces an error"; the reason is UNVERIFIED].
func selection(arn, kind, parameter string) (versionedARN, error) {
	a, ok := parseVersionedARN(arn, kind)
	if !ok {
		return a, invalidParameter(parameter, badPattern)
	}
	return a, nil
}

// badPattern is the reason a version pattern is refused. UNVERIFIED.
const badPattern = "When you use a wildcard (x) in a version node, all nodes to its right must be wildcards too."

// selected finds the caller's record that sel selects in table (newest),
// having authorized action on arn — the ARN as the request gave it — with
// the record's tags (authorizeRead); another account's or Region's is not
// found.
func selected[R any, P interface {
	*R
	taggable
}](ctx context.Context, s *Service, req *authz.Request, table, kind string, sel versionedARN, action, arn string) (stored[R], error) {
	var r stored[R]
	found := false
	if sel.region == req.Region && sel.account == req.Principal.Account {
		err := s.store.View(ctx, func(tx store.Tx) error {
			var err error
			r, found, err = newest[R](tx, table, sel)
			return err
		})
		if err != nil {
			return r, err
		}
	}
	var tags map[string]string
	if found {
		tags = *P(r.record).tagMap()
	}
	if err := s.authorizeRead(ctx, req, action, arn, resourceTags(nil, tags)); err != nil {
		return r, err
	}
	if !found {
		return r, notFound(kind, arn)
	}
	return r, nil
}
