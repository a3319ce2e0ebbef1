// Package cloudtrailapi is CloudTrail's wire API, generated from AWS's service
// model: the request and response structures of the operations amity serves,
// their validation, the exception constructors, the API interface a CloudTrail
// implementation satisfies, and Service, the dispatch table a codec
// (internal/wire/awsjson) serves it through.
package cloudtrailapi

//go:generate go run ../../wire/gen -service cloudtrail -version 2013-11-01
