// Package stsapi is STS's wire API, generated from AWS's service model: the
// request and response structures of the operations amity serves, their
// validation, the exception constructors, the API interface an STS
// implementation satisfies, and Service, the dispatch table a codec
// (internal/wire/awsquery) serves it through.
package stsapi

//go:generate go run ../../wire/gen -service sts -version 2011-06-15
