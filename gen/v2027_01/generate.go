// Package gen holds the code that oapi-codegen generates from
// openapi/2027-01.yaml, Polar's API version 2027-01: models, a client and a strict
// server interface. Nobody edits it by hand; run `go generate ./...` (or
// `make generate`) after `make spec`.
//
// Users import the version package instead (polar/v2027_01), never gen.
package gen

//go:generate go run github.com/oapi-codegen/oapi-codegen/v2/cmd/oapi-codegen -config ../../oapi-codegen.yaml ../../openapi/2027-01.yaml
