# polar-go developer commands. `make ci` is what .ci/run and CI run.
GO          ?= go
STATICCHECK ?= honnef.co/go/tools/cmd/staticcheck@v0.8.2
BENCHSTAT   ?= golang.org/x/perf/cmd/benchstat@v0.0.0-20260908200009-22c9c6c9d4da
OASDIFF     ?= github.com/oasdiff/oasdiff@v1.37.0
POLAR_SPEC  ?= ../shared/polar-openapi/2026-10.openapi.json
SPEC_OUT    ?= openapi.yaml
SPEC_TOOLS  := spec/node_modules/.bin
# Redocly CLI must not phone home (CI has no network but the registries).
export REDOCLY_TELEMETRY := off
export REDOCLY_SUPPRESS_UPDATE_NOTICE := true

include spec/upstream.mk
BENCHCOUNT  ?= 6
FUZZTIME    ?= 30s

.PHONY: all ci spec check-spec spec-tools generate check-generated lint lint-spec test bench fuzz breaking crosscheck

all: ci

## ci: everything CI runs (spec and gen/ drift checks, linters, spec lint, tests)
ci: check-spec check-generated lint lint-spec crosscheck test

## spec-tools: install the pinned spec tools (Redocly CLI, openapi-down-convert) from spec/package-lock.json
spec-tools: spec/node_modules/.installed
spec/node_modules/.installed: spec/package.json spec/package-lock.json
	npm ci --prefix spec --no-audit --no-fund --loglevel=error
	@touch $@

## spec: openapi.yaml from Polar's document (POLAR_SPEC): filter, 3.1 to 3.0, spec/finish with spec/overlay.yaml
spec: spec-tools
	@echo "$(POLAR_SPEC_SHA256)  $(POLAR_SPEC)" | sha256sum --check --status - || { \
		echo "$(POLAR_SPEC): sha256 is $$(sha256sum < '$(POLAR_SPEC)' | cut -d' ' -f1), spec/upstream.mk pins $(POLAR_SPEC_SHA256)"; \
		echo "(a new upstream document? update spec/upstream.mk, then make spec generate and read make breaking)"; exit 1; }
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	$(SPEC_TOOLS)/redocly bundle "$(POLAR_SPEC)" --config spec/redocly.yaml -o "$$tmp/bundled.json" >"$$tmp/log" 2>&1 || { cat "$$tmp/log"; exit 1; }; \
	$(SPEC_TOOLS)/openapi-down-convert --input "$$tmp/bundled.json" --output "$$tmp/down.yaml" && \
	$(GO) run ./spec/finish -overlay spec/overlay.yaml -o "$(SPEC_OUT)" \
		-source "Polar API $(POLAR_SPEC_VERSION), sha256 $(POLAR_SPEC_SHA256)" "$$tmp/down.yaml"

## check-spec: fail with a diff when openapi.yaml is not what make spec makes from POLAR_SPEC
check-spec:
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	$(MAKE) --no-print-directory spec SPEC_OUT="$$tmp/openapi.yaml" && \
	{ diff -u --label openapi.yaml --label "make spec POLAR_SPEC=$(POLAR_SPEC)" openapi.yaml "$$tmp/openapi.yaml" | head -n 60; \
	  cmp -s openapi.yaml "$$tmp/openapi.yaml" || { echo "openapi.yaml is not what make spec makes: run make spec and commit it"; exit 1; }; }

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

## lint-spec: lint openapi.yaml with Redocly CLI (pinned in spec/package.json; config in redocly.yaml)
lint-spec: spec-tools
	$(SPEC_TOOLS)/redocly lint openapi.yaml --config redocly.yaml

## bench: SDK vs hand-written calls (and webhook.Verify vs one HMAC), BENCHCOUNT runs each, compared by benchstat
bench:
	$(GO) test -run '^$$' -bench . -benchmem -count $(BENCHCOUNT) ./polar/ ./polar/webhook/ | tee bench.txt
	$(GO) run $(BENCHSTAT) -col /impl bench.txt

## fuzz: run each fuzz target (package:Target) for FUZZTIME (CI runs their seed corpora in make test)
FUZZ_TARGETS ?= polar:FuzzErrorBody polar:FuzzRetryAfter polar:FuzzCheckoutDecode polar:FuzzUnionValues polar/webhook:FuzzVerify
fuzz:
	@for t in $(FUZZ_TARGETS); do \
		pkg=$${t%%:*}; f=$${t#*:}; echo "== $$pkg $$f"; \
		$(GO) test -run '^$$' -fuzz "^$$f$$" -fuzztime $(FUZZTIME) ./$$pkg/ || exit 1; \
	done

## crosscheck: our code against Polar's TypeScript SDK and the Standard Webhooks library (npm)
crosscheck:
	npm ci --prefix crosscheck --no-audit --no-fund
	POLAR_CROSSCHECK=1 $(GO) test -count=1 -run CrossCheck ./...

## breaking: fail when openapi.yaml breaks clients compared with the spec at BASE
BASE ?= HEAD
breaking:
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	git show "$(BASE):openapi.yaml" > "$$tmp/base.yaml" && \
	$(GO) run $(OASDIFF) breaking --fail-on ERR "$$tmp/base.yaml" openapi.yaml
