// Package iamapi is IAM's wire API, generated from AWS's service model: the
// request and response structures of the operations amity serves, their
// validation, the exception constructors, the API interface an IAM
// implementation satisfies, and Service, the dispatch table a codec
// (internal/wire/awsquery) serves it through.
package iamapi

//go:generate go run ../../wire/gen -service iam -version 2010-05-08
