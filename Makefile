# polar-go developer commands. `make ci` is what .ci/run and CI run.
GO          ?= go
STATICCHECK ?= honnef.co/go/tools/cmd/staticcheck@v0.8.2
BENCHSTAT   ?= golang.org/x/perf/cmd/benchstat@v0.0.0-20260908200009-22c9c6c9d4da
OASDIFF     ?= github.com/oasdiff/oasdiff@v1.37.0
REDOCLY     ?= @redocly/cli@2.77.0
BENCHCOUNT  ?= 6
FUZZTIME    ?= 30s

.PHONY: all ci generate check-generated lint lint-spec test bench fuzz breaking

all: ci

## ci: everything CI runs (drift check, linters, tests)
ci: check-generated lint test

## generate: regenerate gen/ from openapi.yaml with the pinned oapi-codegen
generate:
	$(GO) generate ./...

## check-generated: fail with a diff when gen/ or go.mod/go.sum drift
check-generated: generate
	@status=$$(git status --porcelain -- gen/); \
	if [ -n "$$status" ]; then \
		echo "gen/ differs from openapi.yaml: run 'make generate' and commit gen/"; \
		echo "$$status"; \
		git --no-pager diff -- gen/; \
		exit 1; \
	fi
	@$(GO) mod tidy -diff || { echo "go.mod/go.sum are not tidy: run 'go mod tidy'"; exit 1; }

## lint: gofmt, go vet, staticcheck
lint:
	@out=$$(gofmt -l $$(git ls-files '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...
	$(GO) run $(STATICCHECK) ./...

## test: all tests with the race detector (fuzz seed corpora run as tests)
test:
	$(GO) test -race -count=1 ./...
