// Package identity keeps who can call amity: the accounts, with the Regions
// each has enabled, and every credential — account root keys, IAM users'
// access keys and STS session credentials — each resolving to a principal.
//
// It is the first thing a request meets after its signature is parsed: the
// server resolves the access key id (and session token) here to learn the
// secret to verify the signature with and the principal the request is
// made as. IAM (access keys) and the Account API (Regions) write through
// it; STS sessions are sealed into their tokens, not stored
// (sessions.go). Secrets are sealed at rest.
package identity
