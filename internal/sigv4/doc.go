// Package sigv4 verifies AWS Signature Version 4 the way AWS services do,
// and words each refusal the way the service's protocol family does.
//
// Verification runs in three steps because the server learns which service a
// request is for (and so which protocol's errors to answer with) only from
// the credential scope:
//
//	a, err := v.Parse(r)             // syntax, date, clock skew; no secret needed
//	err = a.CheckScope(region, svc)  // the endpoint the request reached
//	secret := lookup(a.AccessKeyID)  // the caller's: UnknownAccessKey etc.
//	err = v.Verify(r, body, &a, secret)
//
// The order of the checks follows AWS's (recorded in the comments of
// mhart/dynalite, which were taken from DynamoDB's answers): date format,
// clock skew, Host signed, algorithm, credential shape, scope, access key,
// signature.
//
// Every refusal is a *Failure carrying a Kind; Failure.AWSError renders it as
// the *awserr.Error a client of the given Protocol expects.
package sigv4
