// Package policy is the IAM policy language.
package policy
