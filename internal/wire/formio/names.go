package formio

import (
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/amityhq/amity/internal/awserr"
)

// Bounds on a parameter name. AWS's own bounds are not published: these
// are amity's (UNVERIFIED as AWS's), far above any name the models amity
// serves can produce — the longest, EC2's
// SpotFleetRequestConfig.LaunchSpecifications.N.NetworkInterfaceSet.N.EnaSrdSpecification.EnaSrdUdpSpecification.EnaSrdUdpEnabled,
// has 136 bytes in 8 segments with 5-digit indexes.
const (
	MaxNameBytes    = 1024
	MaxNameSegments = 32
)

// InvalidQueryParameterCode refuses a parameter name beyond those bounds:
// "The AWS query string is malformed or does not adhere to AWS standards",
// HTTP 400, in AWS's list of common errors (e.g. the CloudSearch and RDS
// API references). The list gives the code's meaning, not the message
// AWS sends, so the message is UNVERIFIED.
const InvalidQueryParameterCode = "InvalidQueryParameter"

func invalidName() *awserr.Error {
	return awserr.New(InvalidQueryParameterCode, http.StatusBadRequest,
		"The AWS query string is malformed or does not adhere to AWS standards.")
}

// names indexes parameter names by their dot-separated segments: a node
// per distinct prefix of whole segments. Building it hashes each segment
// of each name once, so it costs time linear in the names' length (hashing
// every dot-prefix of a name instead costs its length squared); "is there
// a name X or X.…" is a walk of X's segments.
type names struct {
	children map[string]*names
}

// checkName refuses a name beyond MaxNameBytes or MaxNameSegments, before
// anything is built from it.
func checkName(name string) *awserr.Error {
	if len(name) > MaxNameBytes || strings.Count(name, ".") >= MaxNameSegments {
		return invalidName()
	}
	return nil
}

// add records name and its prefixes.
func (n *names) add(name string) {
	for seg := range strings.SplitSeq(name, ".") {
		child := n.children[seg]
		if child == nil {
			if n.children == nil {
				n.children = map[string]*names{}
			}
			child = &names{}
			n.children[seg] = child
		}
		n = child
	}
}

// find returns the node of prefix, or nil when no name is prefix or
// starts with prefix + ".".
func (n *names) find(prefix string) *names {
	for seg := range strings.SplitSeq(prefix, ".") {
		if n = n.children[seg]; n == nil {
			return nil
		}
	}
	return n
}

// indexes returns the children of n that are list indexes — decimal
// numbers from 1, written without sign or leading zero — in numeric order.
func (n *names) indexes() []string {
	var out []string
	for seg := range n.children {
		if isIndex(seg) {
			out = append(out, seg)
		}
	}
	// Shorter decimal numbers are smaller; equal lengths compare as text.
	slices.SortFunc(out, func(a, b string) int {
		if len(a) != len(b) {
			return len(a) - len(b)
		}
		return strings.Compare(a, b)
	})
	return out
}

// isIndex reports whether s is a list index: 1, 2, ... up to the largest
// int32, as the SDKs write them.
func isIndex(s string) bool {
	if s == "" || s[0] == '0' {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false // ParseInt alone would take a sign
		}
	}
	_, err := strconv.ParseInt(s, 10, 32)
	return err == nil
}
