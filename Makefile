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

## ci: everything CI runs (drift check, linters, spec lint, tests)
ci: check-generated lint lint-spec test

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

## lint-spec: lint openapi.yaml with Redocly CLI (pinned; config in redocly.yaml)
lint-spec:
	npx --yes $(REDOCLY) lint openapi.yaml --config redocly.yaml

## bench: SDK vs hand-written calls, BENCHCOUNT runs each, compared by benchstat
bench:
	$(GO) test -run '^$$' -bench . -benchmem -count $(BENCHCOUNT) ./polar/ | tee bench.txt
	$(GO) run $(BENCHSTAT) -col /impl bench.txt

## fuzz: run each fuzz target for FUZZTIME (CI runs their seed corpora in make test)
FUZZ_TARGETS ?= FuzzErrorBody FuzzRetryAfter FuzzCheckoutDecode
fuzz:
	@for f in $(FUZZ_TARGETS); do \
		echo "== $$f"; \
		$(GO) test -run '^$$' -fuzz "^$$f$$" -fuzztime $(FUZZTIME) ./polar/ || exit 1; \
	done

## breaking: fail when openapi.yaml breaks clients compared with the spec at BASE
BASE ?= HEAD
breaking:
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	git show "$(BASE):openapi.yaml" > "$$tmp/base.yaml" && \
	$(GO) run $(OASDIFF) breaking --fail-on ERR "$$tmp/base.yaml" openapi.yaml
