// Package accountapi is the Account service's wire API, generated from AWS's
// service model: the request and response structures of the operations amity
// serves, their validation, the exception constructors, the API interface an
// Account implementation satisfies, and Service, the dispatch table a codec
// (internal/wire/restjson) serves it through.
package accountapi

//go:generate go run ../../wire/gen -service account -version 2021-02-01
