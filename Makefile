# polar-go developer commands. `make ci` is what .ci/run and CI run.
GO          ?= go
STATICCHECK ?= honnef.co/go/tools/cmd/staticcheck@v0.8.2
BENCHSTAT   ?= golang.org/x/perf/cmd/benchstat@v0.0.0-20260908200009-22c9c6c9d4da
OASDIFF     ?= github.com/oasdiff/oasdiff@v1.37.0
SPEC_TOOLS  := spec/node_modules/.bin
# The API versions served, each pinned to Polar's commit and sha256, and the
# directory openapi/<version>.yaml is written to (check-spec writes elsewhere).
VERSIONS    := $(shell awk '!/^\#/ && NF {print $$1}' spec/versions.txt)
SPEC_DIR    ?= openapi
# Where spec/upstream finds Polar's documents: POLAR_OPENAPI_DIR (laid out as
# <commit>/<version>.openapi.json) when set, else spec/.cache, filled from
# POLAR_RAW_BASE. check-upstream compares the pins with POLAR_API_BASE.
POLAR_RAW_BASE ?= https://raw.githubusercontent.com/polarsource/polar
POLAR_API_BASE ?= https://api.polar.sh
export POLAR_OPENAPI_DIR POLAR_RAW_BASE POLAR_API_BASE
# Redocly CLI must not phone home (CI has no network but the registries).
export REDOCLY_TELEMETRY := off
export REDOCLY_SUPPRESS_UPDATE_NOTICE := true

BENCHCOUNT  ?= 6
FUZZTIME    ?= 30s

.PHONY: all ci spec check-spec fetch-spec check-upstream spec-tools generate check-generated lint lint-spec test bench fuzz breaking crosscheck

all: ci

## ci: everything CI runs (spec and gen/ drift checks, linters, spec lint, tests)
ci: check-spec check-generated lint lint-spec crosscheck test

## spec-tools: install the pinned spec tools (Redocly CLI, openapi-down-convert) from spec/package-lock.json
spec-tools: spec/node_modules/.installed
spec/node_modules/.installed: spec/package.json spec/package-lock.json
	npm ci --prefix spec --no-audit --no-fund --loglevel=error
	@touch $@

## spec: openapi/<version>.yaml for each version of spec/versions.txt: Redocly (filter), 3.1 to 3.0,
## spec/finish with spec/overlays/common.yaml and spec/overlays/<version>.yaml (if any)
spec: spec-tools
	@mkdir -p "$(SPEC_DIR)" && tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	$(GO) build -o "$$tmp/upstream" ./spec/upstream && $(GO) build -o "$$tmp/finish" ./spec/finish && \
	for v in $(VERSIONS); do \
		doc=$$("$$tmp/upstream" path "$$v") || exit 1; \
		source=$$(awk -v v="$$v" '$$1 == v {printf "Polar API %s: docs/openapi/%s.openapi.json, polarsource/polar@%s, sha256 %s", v, v, $$2, $$3}' spec/versions.txt); \
		overlays="-overlay spec/overlays/common.yaml"; \
		if [ -f "spec/overlays/$$v.yaml" ]; then overlays="$$overlays -overlay spec/overlays/$$v.yaml"; fi; \
		$(SPEC_TOOLS)/redocly bundle "$$doc" --config spec/redocly.yaml -o "$$tmp/$$v.bundled.json" >"$$tmp/log" 2>&1 || { cat "$$tmp/log"; exit 1; }; \
		$(SPEC_TOOLS)/openapi-down-convert --input "$$tmp/$$v.bundled.json" --output "$$tmp/$$v.down.yaml" || exit 1; \
		"$$tmp/finish" $$overlays -source "$$source" -o "$(SPEC_DIR)/$$v.yaml" "$$tmp/$$v.down.yaml" || exit 1; \
		echo "$(SPEC_DIR)/$$v.yaml"; \
	done

## check-spec: fail with a diff when an openapi/<version>.yaml is not what make spec makes (or is not a version)
check-spec:
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	{ $(MAKE) --no-print-directory spec SPEC_DIR="$$tmp" >/dev/null || exit 1; } && \
	status=0 && \
	for v in $(VERSIONS); do \
		cmp -s "openapi/$$v.yaml" "$$tmp/$$v.yaml" && continue; \
		diff -u -N --label "openapi/$$v.yaml" --label "make spec ($$v)" "openapi/$$v.yaml" "$$tmp/$$v.yaml" | head -n 60; \
		echo "openapi/$$v.yaml is not what make spec makes: run make spec and commit it"; status=1; \
	done; \
	for f in openapi/*.yaml; do \
		case " $(VERSIONS) " in *" $$(basename "$$f" .yaml) "*) ;; \
		*) echo "$$f: spec/versions.txt has no such version: delete it (and its gen/ package)"; status=1;; esac; \
	done; \
	exit $$status

## fetch-spec: VERSION=2027-04 COMMIT=<polarsource/polar commit>: download that document, pin it in spec/versions.txt
fetch-spec:
	@test -n "$(VERSION)" || { echo "usage: make fetch-spec VERSION=2027-04 COMMIT=<40-digit commit of polarsource/polar>"; exit 2; }
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	$(GO) build -o "$$tmp/upstream" ./spec/upstream && "$$tmp/upstream" fetch "$(VERSION)" $(COMMIT)

## check-upstream: compare each pinned document with what Polar serves ($(POLAR_API_BASE)/<version>/openapi.json)
check-upstream:
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	$(GO) build -o "$$tmp/upstream" ./spec/upstream && "$$tmp/upstream" check-upstream

## generate: regenerate gen/ (gen/v<version>/ from openapi/<version>.yaml) with the pinned oapi-codegen
generate:
	$(GO) generate ./...

## check-generated: fail with a diff when gen/, the version packages' copies of polar/internal/template (polar/v*/zz_*.go) or go.mod/go.sum drift
check-generated: generate
	@status=$$(git status --porcelain -- gen/ 'polar/v*/zz_*'); \
	if [ -n "$$status" ]; then \
		echo "gen/ or polar/v*/zz_*.go differ from what openapi/*.yaml and polar/internal/template make: run 'make generate' and commit them"; \
		echo "$$status"; \
		git --no-pager diff -- gen/ 'polar/v*/zz_*'; \
		exit 1; \
	fi
	@status=0; for v in $(VERSIONS); do \
		pkg=v$$(echo "$$v" | tr - _); \
		[ -f "gen/$$pkg/generate.go" ] || { echo "gen/$$pkg: no generated package for $$v (copy gen/v2026_10/generate.go)"; status=1; }; \
		[ -f "polar/$$pkg/version.go" ] || { echo "polar/$$pkg: no version package for $$v (copy polar/v2026_10/version.go)"; status=1; }; \
	done; exit $$status
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

## lint-spec: lint each openapi/<version>.yaml with Redocly CLI (pinned in spec/package.json; config in redocly.yaml)
lint-spec: spec-tools
	@for v in $(VERSIONS); do \
		echo "== openapi/$$v.yaml"; \
		$(SPEC_TOOLS)/redocly lint "openapi/$$v.yaml" --config redocly.yaml || exit 1; \
	done

## bench: SDK vs hand-written calls (and webhook.Verify vs one HMAC), BENCHCOUNT runs each, compared by benchstat
bench:
	$(GO) test -run '^$$' -bench . -benchmem -count $(BENCHCOUNT) $(addprefix ./polar/,$(subst -,_,$(addprefix v,$(VERSIONS)))) ./polar/webhook/ | tee bench.txt
	$(GO) run $(BENCHSTAT) -col /impl bench.txt

## fuzz: run each fuzz target (package:Target) for FUZZTIME (CI runs their seed corpora in make test)
FUZZ_TARGETS ?= polar:FuzzErrorBody polar:FuzzRetryAfter polar:FuzzCheckoutDecode polar:FuzzUnionValues polar/webhook:FuzzVerify polar/webhook:FuzzReadEnvelope
fuzz:
	@for t in $(FUZZ_TARGETS); do \
		pkg=$${t%%:*}; f=$${t#*:}; echo "== $$pkg $$f"; \
		$(GO) test -run '^$$' -fuzz "^$$f$$" -fuzztime $(FUZZTIME) ./$$pkg/ || exit 1; \
	done

## crosscheck: our code against Polar's TypeScript SDK and the Standard Webhooks library (npm)
crosscheck:
	npm ci --prefix crosscheck --no-audit --no-fund
	POLAR_CROSSCHECK=1 $(GO) test -count=1 -run CrossCheck ./...

## breaking: fail when an openapi/<version>.yaml breaks clients compared with the same file at BASE
BASE ?= HEAD
breaking:
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && status=0 && \
	for v in $(VERSIONS); do \
		f="openapi/$$v.yaml"; \
		if ! git cat-file -e "$(BASE):$$f" 2>/dev/null; then echo "== $$f: new since $(BASE), nothing to compare"; continue; fi; \
		echo "== $$f against $(BASE)"; \
		git show "$(BASE):$$f" > "$$tmp/base.yaml" && \
		$(GO) run $(OASDIFF) breaking --fail-on ERR "$$tmp/base.yaml" "$$f" || status=1; \
	done; \
	exit $$status
