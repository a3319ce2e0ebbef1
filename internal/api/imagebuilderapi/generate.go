// Package imagebuilderapi is EC2 Image Builder's wire API, generated from
// AWS's service model: the request and response structures of the operations
// amity serves, their validation, the exception constructors, the API
// interface an Image Builder implementation satisfies, and Service, the
// dispatch table a codec (internal/wire/restjson) serves it through.
package imagebuilderapi

//go:generate go run ../../wire/gen -service imagebuilder -version 2019-12-02
