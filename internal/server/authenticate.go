package server

import (
	"context"
	"errors"
	"github.com/amityhq/amity/internal/awsdata"
	"net/http"
	"time"

	"github.com/amityhq/amity/internal/authz"
	"github.com/amityhq/amity/internal/awserr"
	"github.com/amityhq/amity/internal/identity"
	"github.com/amityhq/amity/internal/sigv4"
)

// authenticate runs the pipeline from the signature to the principal: it
// parses SigV4, picks the service the credential scope names, looks the
// access key up (or opens its session token), checks the session token,
// verifies the signature and checks that the account has the Region
// enabled. It returns the request's
// identity and the route, or the AWS error to answer (through guessed when
// the service is still unknown).
func (s *Server) authenticate(r *http.Request, body []byte, guessed *Route) (*authz.Request, *Route, *awserr.Error) {
	family := sigv4.JSON
	if guessed != nil {
		family = guessed.Family
	}
	a, err := s.verifier.Parse(r)
	if err != nil {
		return nil, guessed, sigv4Error(err, family)
	}
	rt := s.routes[a.Service]
	if rt == nil {
		return nil, guessed, awserr.Newf("UnrecognizedServiceException", http.StatusBadRequest,
			"amity does not serve the service %q named in the credential scope.", a.Service)
	}
	if rt.GlobalRegion != "" {
		// A global service (IAM) is signed for its one Region on AWS,
		// where clients sign for the global endpoint's Region. Pointed at
		// amity's endpoint, every client (the AWS CLI, the SDKs,
		// Terraform) signs for its configured Region instead: any Region
		// that exists stands for the global one. A scope no Region of
		// AWS's has is refused as AWS refuses it.
		scope := rt.GlobalRegion
		if _, ok := awsdata.Region(a.Region); ok {
			scope = a.Region
		}
		if err := a.CheckScope(scope, a.Service); err != nil {
			return nil, rt, sigv4Error(err, rt.Family)
		}
	}
	req, aerr := s.verified(r, body, &a, rt)
	return req, rt, aerr
}

// AmityService is the credential scope's service of requests to amity's
// own signed endpoints (amity doctor's /_amity/doctor).
const AmityService = "amity"

// amityRoute words authentication errors of amity's own endpoints, in
// JSON.
var amityRoute = &Route{Family: sigv4.JSON}

// Authenticate verifies a request to one of amity's own endpoints, signed
// with SigV4 for the service "amity" by any of the credentials AWS's
// services take, and returns who made it.
func (s *Server) Authenticate(r *http.Request, body []byte) (*authz.Request, *awserr.Error) {
	a, err := s.verifier.Parse(r)
	if err != nil {
		return nil, sigv4Error(err, sigv4.JSON)
	}
	if a.Service != AmityService {
		return nil, awserr.Newf("UnrecognizedServiceException", http.StatusBadRequest,
			"amity's own endpoints are signed for the service %q, not %q.", AmityService, a.Service)
	}
	return s.verified(r, body, &a, amityRoute)
}

// verified is the rest of authentication once the route is known: the
// credential, the signature, the account's Region.
func (s *Server) verified(r *http.Request, body []byte, a *sigv4.Auth, rt *Route) (*authz.Request, *awserr.Error) {
	now := s.now()
	cred, err := s.credential(r.Context(), a.AccessKeyID, a.SessionToken, now)
	var refused *refusal
	switch {
	case errors.As(err, &refused):
		return nil, refused.answer(rt.Family)
	case err != nil:
		return nil, s.awsError(err, "")
	}
	if err := s.verifier.Verify(r, body, a, cred.Secret); err != nil {
		aerr := sigv4Error(err, rt.Family)
		if s.ids.IsConvenienceKey(a.AccessKeyID) {
			aerr = aerr.WithDetail("the signature is not made with the secret of access key " + a.AccessKeyID + `, which is "test"`)
		}
		return nil, aerr
	}
	acct, err := s.ids.AccountOf(r.Context(), cred)
	if err != nil {
		return nil, s.awsError(err, "")
	}
	region := a.Region
	if rt.GlobalRegion != "" {
		region = rt.GlobalRegion
	}
	if !acct.RegionEnabled(region) {
		return nil, disabledRegion(rt.Family, acct, region)
	}
	if rt.RefusesUserSessions && cred.UserSession() {
		// IAM called with GetSessionToken credentials answers
		// "InvalidClientTokenId: The security token included in the
		// request is invalid", 403 [aws/aws-cli#8918 (2024),
		// cloudyr/aws.iam#15 (2020)]; federated user sessions are assumed
		// to be refused alike (UNVERIFIED).
		return nil, sigv4.Fail(sigv4.InvalidSessionToken).AWSError(rt.Family)
	}
	s.ids.NoteUse(cred, a.Service, region, now)
	return &authz.Request{
		Credential:      cred,
		Principal:       cred.Principal(),
		Region:          region,
		SourceIP:        sourceIP(r),
		Time:            now,
		SecureTransport: r.TLS != nil,
		UserAgent:       r.UserAgent(),
	}, nil
}

// credential returns the credential of an access key id and session token
// (empty when none), or a *refusal of a request signed with them: an
// unknown or inactive key (IAM refuses both alike), a session token that
// is not the key's, an expired session.
func (s *Server) credential(ctx context.Context, accessKeyID, sessionToken string, now time.Time) (*identity.Credential, error) {
	cred, err := s.ids.Resolve(ctx, accessKeyID, sessionToken)
	switch {
	case errors.Is(err, identity.ErrUnknownKey):
		return nil, refuse(sigv4.UnknownAccessKey, s.unknownKeyHint(accessKeyID, sessionToken))
	case err != nil:
		return nil, err
	case cred.Status != identity.StatusActive:
		return nil, refuse(sigv4.UnknownAccessKey, "access key "+accessKeyID+" is inactive")
	case cred.Session == nil && sessionToken != "":
		return nil, refuse(sigv4.InvalidSessionToken, "access key "+accessKeyID+" is a long-term key: the request must carry no session token")
	case cred.Session != nil && sessionToken != cred.Session.SessionToken:
		return nil, refuse(sigv4.InvalidSessionToken, "the session token is not the one issued with access key "+accessKeyID)
	case cred.Expired(now):
		return nil, refuse(sigv4.ExpiredToken, "the session of access key "+accessKeyID+" expired at "+
			cred.Session.Expiration.UTC().Format(time.RFC3339))
	}
	return cred, nil
}

// unknownKeyHint tells a LocalStack user, who may sign with any key, which
// keys amity takes.
func (s *Server) unknownKeyHint(accessKeyID, sessionToken string) string {
	switch {
	case sessionToken != "":
		return "unknown access key " + accessKeyID + " with a session token this amity did not issue " +
			"(sessions end when amity's master key changes, or with an --ephemeral amity)"
	case s.ids.Convenience():
		return "unknown access key " + accessKeyID + `: use test/test, a 12-digit id with secret "test", or amity accounts create`
	}
	return "unknown access key " + accessKeyID + ": amity serve --strict takes only the keys it issued (amity accounts create, iam create-access-key)"
}

// refusal is a credential refused, with amity's reason for the log.
type refusal struct {
	failure *sigv4.Failure
	why     string
}

func refuse(k sigv4.Kind, why string) *refusal { return &refusal{sigv4.Fail(k), why} }

func (r *refusal) Error() string { return r.failure.Error() + ": " + r.why }

// answer is the refusal in the protocol's words, with the reason as the
// error's detail.
func (r *refusal) answer(family sigv4.Protocol) *awserr.Error {
	return r.failure.AWSError(family).WithDetail(r.why)
}

// sigv4Error renders a sigv4 refusal for the protocol family.
func sigv4Error(err error, family sigv4.Protocol) *awserr.Error {
	var f *sigv4.Failure
	if errors.As(err, &f) {
		return f.AWSError(family)
	}
	return awserr.Internal()
}

// disabledRegion is the answer of a Region the account has not enabled (or
// that does not exist): EC2 answers AuthFailure (401), STS
// InvalidClientTokenId without a period, JSON services
// UnrecognizedClientException (AWS_TEXTS.md, "Disabled opt-in region").
// None says why; the detail does, for the log.
func disabledRegion(family sigv4.Protocol, acct *identity.Account, region string) *awserr.Error {
	kind := sigv4.UnknownAccessKey
	if family == sigv4.Query {
		kind = sigv4.InvalidSessionToken
	}
	why := "Region " + region + " is not enabled for account " + acct.ID +
		" (amity accounts create --regions, or aws account enable-region)"
	if _, known := acct.RegionStatus(region); !known {
		why = "Region " + region + " does not exist"
	}
	return sigv4.Fail(kind).AWSError(family).WithDetail(why)
}
