//go:build tools

// Package tools pins the code generator's version in go.mod. It is never
// built; the generate directive lives in gen/generate.go.
package tools

import (
	_ "github.com/oapi-codegen/oapi-codegen/v2/cmd/oapi-codegen"
)
