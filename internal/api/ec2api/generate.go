// Package ec2api is EC2's wire API, generated from AWS's service model: the
// request and response structures of the operations amity serves, their
// validation, the exception constructors, the API interface an EC2
// implementation satisfies, and Service, the dispatch table a codec
// (internal/wire/ec2query) serves it through.
package ec2api

//go:generate go run ../../wire/gen -service ec2 -version 2016-11-15
