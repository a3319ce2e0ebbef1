// Package kmsapi is KMS's wire API, generated from AWS's service model: the
// request and response structures of the operations amity serves, their
// validation, the exception constructors, the API interface a KMS
// implementation satisfies, and Service, the dispatch table a codec
// (internal/wire/awsjson) serves it through.
package kmsapi

//go:generate go run ../../wire/gen -service kms -version 2014-11-01
